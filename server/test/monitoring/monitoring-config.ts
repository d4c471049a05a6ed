// Checks of deploy/monitoring: the alert rules' structure (what `promtool check rules` checks,
// for machines without promtool), promtool itself when it is installed, and that every metric
// the rules and the Grafana dashboard query is one the server exposes.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const MONITORING_DIR = join(REPO_ROOT, 'deploy/monitoring');
export const RULES_FILE = join(MONITORING_DIR, 'alerts.yml');
export const RULE_TESTS_FILE = join(MONITORING_DIR, 'alerts.test.yml');
export const PROMETHEUS_CONFIG = join(MONITORING_DIR, 'prometheus.yml');
export const DASHBOARD_FILE = join(MONITORING_DIR, 'grafana-dashboard.json');

/** Series Prometheus makes up itself when it scrapes; they never appear in /metrics. */
const SCRAPE_SERIES = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

/** Metric names a PromQL expression selects (functions, keywords, labels and strings left out). */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"[^"]*"|'[^']*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/[a-zA-Z_:][\w:]*/g)) {
    const [name] = match;
    const before = bare[match.index - 1] ?? ' ';
    const after = bare.slice(match.index + name.length).trimStart()[0];
    // Not part of a number or a $variable, not a function call, not a keyword.
    if (/[\w.$]/.test(before) || after === '(' || PROMQL_WORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names];
}

const DURATION_PART = /\d+(?:ms|[smhdwy])/g;
/** A Prometheus duration: one or more parts such as 1h30m. */
const isDuration = (text: string) => text !== '' && (text.match(DURATION_PART) ?? []).join('') === text;

interface Rule {
  alert?: string;
  record?: string;
  expr?: unknown;
  for?: unknown;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/** The rules file's shape; problems as sentences (empty when it is fine). */
export function ruleProblems(text: string): { problems: string[]; rules: Rule[] } {
  const problems: string[] = [];
  const document = parse(text) as { groups?: Array<{ name?: unknown; rules?: Rule[] }> };
  const rules: Rule[] = [];
  if (!Array.isArray(document?.groups) || document.groups.length === 0) {
    return { problems: ['the rules file has no groups'], rules };
  }
  const groupNames = new Set<unknown>();
  for (const group of document.groups) {
    if (typeof group.name !== 'string' || !group.name) problems.push('a group has no name');
    if (groupNames.has(group.name)) problems.push(`group ${String(group.name)} is defined twice`);
    groupNames.add(group.name);
    if (!Array.isArray(group.rules) || group.rules.length === 0)
      problems.push(`group ${String(group.name)} has no rules`);
    for (const rule of group.rules ?? []) {
      rules.push(rule);
      const name = rule.alert ?? rule.record ?? '(unnamed)';
      if (Boolean(rule.alert) === Boolean(rule.record)) problems.push(`${name}: needs exactly one of alert and record`);
      if (typeof rule.expr !== 'string' || !rule.expr.trim()) problems.push(`${name}: has no expr`);
      if (rule.for !== undefined && !isDuration(String(rule.for))) problems.push(`${name}: for is not a duration`);
      if (rule.alert) {
        if (!/^[a-zA-Z_]\w*$/.test(rule.alert)) problems.push(`${name}: is not a valid alert name`);
        if (!['critical', 'warning', 'info'].includes(String(rule.labels?.severity)))
          problems.push(`${name}: needs a severity label (critical, warning or info)`);
        if (typeof rule.annotations?.summary !== 'string') problems.push(`${name}: needs a summary annotation`);
      }
      if (typeof rule.expr === 'string') {
        const opened = [...rule.expr].filter((char) => char === '(').length;
        const closed = [...rule.expr].filter((char) => char === ')').length;
        if (opened !== closed) problems.push(`${name}: unbalanced parentheses in expr`);
      }
    }
  }
  return { problems, rules };
}

/** Every PromQL expression of the Grafana dashboard: panel targets and query variables. */
export function dashboardExpressions(dashboard: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'expr' && typeof value === 'string') found.push(value);
        else if (key === 'definition' && typeof value === 'string') found.push(value);
        else walk(value);
      }
    }
  };
  walk(dashboard);
  // label_values(metric, label): the metric is what matters.
  return found.map((expr) => expr.replace(/label_values\(([^,)]+)[^)]*\)/g, (_, metric: string) => metric.trim()));
}

/** Metric names used by the rules and the dashboard that `/metrics` output does not define. */
export function unknownMetrics(metricsText: string): Array<{ name: string; usedIn: string }> {
  const exposed = new Set<string>(SCRAPE_SERIES);
  for (const [, name, kind] of metricsText.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    exposed.add(name!);
    if (kind === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) exposed.add(name! + suffix);
    if (kind === 'summary') for (const suffix of ['_sum', '_count']) exposed.add(name! + suffix);
  }
  const used: Array<{ name: string; usedIn: string }> = [];
  for (const rule of ruleProblems(readFileSync(RULES_FILE, 'utf8')).rules) {
    for (const name of metricNames(String(rule.expr ?? ''))) used.push({ name, usedIn: `alerts.yml ${rule.alert}` });
  }
  const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as unknown;
  for (const expr of dashboardExpressions(dashboard)) {
    for (const name of metricNames(expr)) used.push({ name, usedIn: 'grafana-dashboard.json' });
  }
  return used.filter(({ name }) => !exposed.has(name));
}

export function hasPromtool(): boolean {
  return spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** `promtool check rules`, `test rules` and `check config`; output and whether all passed. */
export function runPromtool(): { ok: boolean; output: string } {
  const runs = [
    ['check', 'rules', RULES_FILE],
    ['test', 'rules', RULE_TESTS_FILE],
    ['check', 'config', '--syntax-only', PROMETHEUS_CONFIG],
  ].map((args) => {
    const result = spawnSync('promtool', args, { encoding: 'utf8', timeout: 60_000 });
    return { ok: result.status === 0, output: `$ promtool ${args.join(' ')}\n${result.stdout}${result.stderr}` };
  });
  return { ok: runs.every((run) => run.ok), output: runs.map((run) => run.output).join('\n') };
}
