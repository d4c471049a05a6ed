// deploy/monitoring: the alert rules parse and behave (promtool), and every metric the rules and
// the Grafana dashboard use is one the running server serves at /metrics.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { IN_CI } from '../support/services.js';
import {
  DASHBOARD_FILE,
  RULES_FILE,
  dashboardExpressions,
  hasPromtool,
  metricNames,
  ruleProblems,
  runPromtool,
  unknownMetrics,
} from './monitoring-config.js';

describe('alert rules and dashboard', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp();
  });
  afterAll(() => server?.close());

  it('finds the metric names a PromQL expression selects', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (job, le) (rate(http_seconds_bucket{route!~"/a|/b",x="y"}[5m]))) > 2 and on(job) up == 1',
      ).sort(),
    ).toEqual(['http_seconds_bucket', 'up']);
    expect(metricNames('sum without (instance) (a_total offset 5m) / ignoring(x) b_total')).toEqual([
      'a_total',
      'b_total',
    ]);
  });

  it('has well-formed rules covering error rate, p99 latency, provider failures and queue backlog', () => {
    const { problems, rules } = ruleProblems(readFileSync(RULES_FILE, 'utf8'));
    expect(problems).toEqual([]);
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'XionimusHighErrorRate',
        'XionimusHighLatencyP99',
        'XionimusProviderFailures',
        'XionimusQueueBacklog',
      ]),
    );
  });

  it('passes promtool: rules check, rule unit tests and the Prometheus config', (context) => {
    if (!hasPromtool()) {
      if (IN_CI) throw new Error('promtool is not installed, and CI=true requires it (apt-get install prometheus)');
      console.warn('[skip] promtool is not installed (apt-get install prometheus): the promtool checks are skipped');
      return context.skip();
    }
    const { ok, output } = runPromtool();
    expect(ok, output).toBe(true);
    expect(output).toContain('SUCCESS: 6 rules found');
  });

  it('uses only metrics the server serves at /metrics', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(unknownMetrics(text)).toEqual([]);
    // A sanity check on the check: a metric that does not exist is reported.
    expect(unknownMetrics(text.replace(/^# TYPE xionimus_queue_depth gauge$/m, ''))).toContainEqual({
      name: 'xionimus_queue_depth',
      usedIn: 'alerts.yml XionimusQueueBacklog',
    });
  });

  it('leaves out of latency only streaming routes that exist', () => {
    const text = readFileSync(RULES_FILE, 'utf8') + readFileSync(DASHBOARD_FILE, 'utf8');
    const excluded = new Set([...text.matchAll(/route!~\\?"([^"\\]+)\\?"/g)].flatMap((match) => match[1]!.split('|')));
    expect(excluded.size).toBeGreaterThan(0);
    for (const route of excluded) {
      const exists = ['GET', 'POST'].some((method) => server.app.hasRoute({ method, url: route }));
      expect(exists, `${route} is not a route of the app`).toBe(true);
    }
    expect(dashboardExpressions(JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8'))).length).toBeGreaterThan(20);
  });
});
