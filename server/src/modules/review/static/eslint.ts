// JavaScript/TypeScript through ESLint's programmatic API: typescript-eslint's parser for
// TypeScript, eslint-plugin-security, our own plugin and a few core rules for bugs and style.
// Plain JavaScript is parsed by ESLint's own parser (espree, a third faster), and by
// typescript-eslint's when espree refuses it. Fragments (a method without its class, an unclosed
// block) are completed before parsing; where the parser still gives up, the caller covers the
// rest with pattern rules.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import security from 'eslint-plugin-security';
import tseslint from 'typescript-eslint';
import type { ParseStatus, RawFinding } from '../model.js';
import { ruleInfo, RULES } from '../rule-catalog.js';
import { functionMetricsSink, xionimusPlugin } from './js-rules.js';
import type { FunctionMetric } from './metrics.js';

const RULE_LEVELS: Linter.RulesRecord = {
  ...Object.fromEntries(Object.keys(xionimusPlugin.rules).map((name) => [`xionimus/${name}`, 'error'])),
  'security/detect-unsafe-regex': 'error',
  'security/detect-buffer-noassert': 'error',
  'security/detect-no-csrf-before-method-override': 'error',
  'security/detect-pseudoRandomBytes': 'error',
  'security/detect-possible-timing-attacks': 'error',
  'security/detect-bidi-characters': 'error',
  'security/detect-new-buffer': 'error',
  'security/detect-disable-mustache-escape': 'error',
  'security/detect-non-literal-require': 'error',
  'security/detect-non-literal-regexp': 'error',
  ...Object.fromEntries(
    Object.keys(RULES)
      .filter((id) => !id.includes('/'))
      .map((id) => [id, 'error']),
  ),
  eqeqeq: ['error', 'always', { null: 'ignore' }],
};

// ESLint needs a file name to pick the configuration; the reviewed file never touches the disk.
const VIRTUAL_ROOT = join(tmpdir(), 'xionimus-review');

let eslint: ESLint | undefined;
function instance(): ESLint {
  eslint ??= new ESLint({
    cwd: VIRTUAL_ROOT,
    ignore: false,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'],
        languageOptions: {
          ecmaVersion: 'latest',
          sourceType: 'module',
          parserOptions: { ecmaFeatures: { jsx: true } },
        },
        linterOptions: { reportUnusedDisableDirectives: 'off' },
        plugins: { xionimus: xionimusPlugin, security },
        rules: RULE_LEVELS,
      },
      { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser as Linter.Parser } },
      // `<T>(x) => …` and `<T>value` are TypeScript syntax, not JSX, in .ts files.
      { files: ['**/*.{ts,mts,cts}'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: false } } } },
      { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    ],
  });
  return eslint;
}

export interface JsAnalysis {
  findings: RawFinding[];
  functions: FunctionMetric[];
  parse: ParseStatus;
  parseNote?: string;
  /** When the parser gave up: lines from here on are left to pattern rules. */
  patternsFromLine?: number;
}

interface Attempt {
  text: string;
  /** Characters of wrapper put before the code on its first line. */
  prefix: number;
  note?: string;
}

let running: Promise<unknown> = Promise.resolve();

/**
 * One lint at a time per thread (the work is synchronous anyway), so every file of an extension
 * can use the same virtual name: ESLint caches the configuration per name, a 40 % saving.
 */
function lint(text: string, extension: string) {
  const filePath = join(VIRTUAL_ROOT, `input${extension}`);
  const run = running.then(async () => {
    try {
      const [result] = await instance().lintText(text, { filePath });
      const fatal = result?.messages.find((message) => message.fatal);
      return { messages: result?.messages ?? [], fatal, functions: functionMetricsSink.get(filePath) ?? [] };
    } finally {
      functionMetricsSink.delete(filePath);
    }
  });
  running = run.catch(() => undefined);
  return run;
}

const PLAIN_JAVASCRIPT = new Set(['.js', '.jsx', '.mjs', '.cjs']);

/**
 * The brackets a fragment leaves open, closed in reverse order (`}})` for an arrow function's
 * body inside a call), skipping strings and comments roughly: good enough to complete a fragment.
 */
export function closingBrackets(text: string): string {
  const stripped = text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/(["'`])(?:\\[\s\S]|(?!\1)[^\\])*\1/g, '""');
  const pairs: Record<string, string> = { '{': '}', '(': ')', '[': ']' };
  const open: string[] = [];
  for (const char of stripped) {
    if (char in pairs) open.push(pairs[char]!);
    else if (char === open.at(-1)) open.pop();
  }
  return open.slice(-20).reverse().join('');
}

function attempts(content: string): Attempt[] {
  const missing = closingBrackets(content);
  const closers = [...missing].map((bracket) => `\n${bracket}`).join('');
  const added = missing ? `completed with ${missing}` : '';
  const wrap = (head: string, what: string): Attempt => ({
    text: `${head}${content}${closers}\n}`,
    prefix: head.length,
    note: [what, added].filter(Boolean).join('; '),
  });
  return [
    ...(missing ? [{ text: content + closers, prefix: 0, note: added }] : []),
    wrap('class __XionimusFragment__ { ', 'parsed as members of a class'),
    wrap('async function __xionimusFragment__() { ', 'parsed as the body of a function'),
  ];
}

function toFindings(messages: Linter.LintMessage[], attempt: Attempt, content: string, lastLine: number): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const message of messages) {
    if (message.fatal || !message.ruleId) continue;
    let ruleId = message.ruleId;
    if (ruleId === 'xionimus/function-metrics')
      ruleId = message.messageId === 'complex' ? 'metrics/complexity' : 'metrics/long-function';
    // Unknown rules named in the code's own eslint comments, and anything we did not enable.
    if (!(ruleId in RULES)) continue;
    if (message.line > lastLine) continue;
    if (message.line === 1 && message.column <= attempt.prefix) continue;
    const shift = (line: number, column: number) => (line === 1 ? Math.max(1, column - attempt.prefix) : column);
    const { severity, category } = ruleInfo(ruleId);
    const complexity = ruleId === 'metrics/complexity' ? Number(/complexity of (\d+)/.exec(message.message)?.[1]) : 0;
    const finding: RawFinding = {
      file: '',
      line: message.line,
      column: shift(message.line, Math.max(1, message.column)),
      ...(message.endLine && message.endLine <= lastLine ? { endLine: message.endLine } : {}),
      ...(message.endLine && message.endLine <= lastLine && message.endColumn
        ? { endColumn: shift(message.endLine, message.endColumn) }
        : {}),
      ruleId,
      severity: ruleId === 'metrics/complexity' && complexity <= 20 ? 'low' : severity,
      category,
      message: message.message,
    };
    const fix = message.fix;
    if (fix) {
      const start = fix.range[0] - attempt.prefix;
      const end = fix.range[1] - attempt.prefix;
      if (start >= 0 && end <= content.length)
        finding.fix = {
          description: `${ruleId} fix`,
          origin: 'static',
          edits: [{ start, end, text: fix.text }],
        };
    }
    findings.push(finding);
  }
  return findings;
}

export async function lintJavaScript(content: string, extension: string): Promise<JsAnalysis> {
  const lastLine = content.split('\n').length;
  const plain: Attempt = { text: content, prefix: 0 };
  const first = await lint(content, extension);
  // JavaScript that espree refuses may still suit typescript-eslint (type annotations, new syntax).
  const second = first.fatal && PLAIN_JAVASCRIPT.has(extension) ? await lint(content, '.tsx') : undefined;
  const parsed = !first.fatal ? first : second && !second.fatal ? second : undefined;
  if (parsed)
    return {
      findings: toFindings(parsed.messages, plain, content, lastLine),
      functions: parsed.functions,
      parse: 'full',
    };

  for (const attempt of attempts(content)) {
    const result = await lint(attempt.text, extension);
    if (result.fatal) continue;
    return {
      findings: toFindings(result.messages, attempt, content, lastLine),
      functions: result.functions.filter((fn) => !fn.name.startsWith('__xionimus') && fn.line <= lastLine),
      parse: 'fragment',
      parseNote: attempt.note,
    };
  }

  // The parser gives up at `failedAt`: lint what comes before it, patterns cover the rest.
  const fatal = first.fatal ?? { line: 1, message: 'unknown syntax' };
  const failedAt = Math.max(1, fatal.line);
  const reason = fatal.message.replace(/^Parsing error: /, '');
  const note = `the parser gave up at line ${failedAt} (${reason}); pattern rules checked ${failedAt > 1 ? 'the rest' : 'the file'}`;
  if (failedAt > 1) {
    const before = content
      .split('\n')
      .slice(0, failedAt - 1)
      .join('\n');
    for (const attempt of [{ text: before, prefix: 0 }, ...attempts(before)]) {
      const result = await lint(attempt.text, extension);
      if (result.fatal) continue;
      return {
        findings: toFindings(result.messages, attempt, before, failedAt - 1),
        functions: result.functions.filter((fn) => !fn.name.startsWith('__xionimus') && fn.line < failedAt),
        parse: 'partial',
        parseNote: note,
        patternsFromLine: failedAt,
      };
    }
  }
  return {
    findings: [],
    functions: [],
    parse: 'partial',
    parseNote: `the parser gave up at line ${failedAt} (${reason}); pattern rules checked the file`,
    patternsFromLine: 1,
  };
}
