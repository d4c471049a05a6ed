import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runReview } from './engine.js';
import type { ReviewFile, ReviewReport } from './model.js';
import { RULES } from './rule-catalog.js';
import { analyzeFile } from './static/analyze.js';
import { createStaticAnalyzer } from './static/pool.js';

const CORPUS = fileURLToPath(new URL('../../../test/fixtures/review/', import.meta.url));
const analyzer = createStaticAnalyzer({ threads: 0 });
afterAll(() => analyzer.close());

interface Case {
  ruleId: string;
  kind: 'bad' | 'good';
  file: ReviewFile;
}

function corpus(): Case[] {
  const cases: Case[] = [];
  for (const namespace of readdirSync(CORPUS, { withFileTypes: true })) {
    if (!namespace.isDirectory() || namespace.name === 'fragments') continue;
    for (const name of readdirSync(join(CORPUS, namespace.name))) {
      const match = /^([\w-]+)\.(bad|good)(-\d)?\.(\w+)\.fixture$/.exec(name);
      if (!match) continue;
      const path = `${namespace.name}/${name.replace(/\.fixture$/, '')}`;
      cases.push({
        ruleId: `${namespace.name}/${match[1]}`,
        kind: match[2] as Case['kind'],
        file: { path, content: readFileSync(join(CORPUS, namespace.name, name), 'utf8') },
      });
    }
  }
  return cases;
}

// ESLint's core rules and eslint-plugin-security's, as we configure them: [bad, fixed twin].
const ESLINT_RULE_CASES: Record<string, [bad: string, good: string]> = {
  'security/detect-unsafe-regex': ['const re = /(a+)+$/;', 'const re = /a+$/;'],
  'security/detect-buffer-noassert': ['buf.readUInt8(0, true);', 'buf.readUInt8(0);'],
  'security/detect-no-csrf-before-method-override': [
    'app.use(express.csrf());\napp.use(express.methodOverride());',
    'app.use(express.methodOverride());\napp.use(express.csrf());',
  ],
  'security/detect-pseudoRandomBytes': ['crypto.pseudoRandomBytes(16);', 'crypto.randomBytes(16);'],
  'security/detect-possible-timing-attacks': [
    'if (password === given) ok();',
    'if (crypto.timingSafeEqual(a, b)) ok();',
  ],
  'security/detect-bidi-characters': [
    'const access = "user\u202E \u2066// admin\u2069 \u2066";',
    'const access = "user";',
  ],
  'security/detect-new-buffer': ['const b = new Buffer(size);', 'const b = Buffer.alloc(size);'],
  'security/detect-disable-mustache-escape': ['template.escapeMarkup = false;', 'template.escapeMarkup = true;'],
  'security/detect-non-literal-require': ['const m = require(name);', "const m = require('fs');"],
  'security/detect-non-literal-regexp': ['const re = new RegExp(input);', "const re = new RegExp('^a+$');"],
  'no-debugger': ['function f() { debugger; }', 'function f() { return 1; }'],
  'no-dupe-keys': ['const o = { a: 1, a: 2 };', 'const o = { a: 1, b: 2 };'],
  'no-dupe-else-if': ['if (a) f(); else if (a) g();', 'if (a) f(); else if (b) g();'],
  'no-unreachable': ['function f() { return 1; g(); }', 'function f() { g(); return 1; }'],
  'no-self-compare': ['if (x === x) f();', 'if (x === y) f();'],
  'no-self-assign': ['x = x;', 'x = y;'],
  'no-cond-assign': ['if (x = next()) f();', 'if ((x = next()) !== null) f();'],
  'no-unsafe-finally': [
    'function f() { try { return 1; } finally { return 2; } }',
    'function f() { try { return 1; } finally { g(); } }',
  ],
  'no-unsafe-negation': ['if (!key in map) f();', 'if (!(key in map)) f();'],
  'no-constant-binary-expression': ['if (list === []) f();', 'if (list.length === 0) f();'],
  'use-isnan': ['if (x === NaN) f();', 'if (Number.isNaN(x)) f();'],
  'valid-typeof': ["if (typeof x === 'strnig') f();", "if (typeof x === 'string') f();"],
  'no-fallthrough': ['switch (x) { case 1: f();\n case 2: g(); }', 'switch (x) { case 1: f(); break;\n case 2: g(); }'],
  'no-compare-neg-zero': ['if (x === -0) f();', 'if (Object.is(x, -0)) f();'],
  eqeqeq: ['if (x == 1) f();', 'if (x === 1 || y == null) f();'],
  'no-script-url': ["location.href = 'javascript:void(0)';", "location.href = '/home';"],
  'no-await-in-loop': [
    'async function f(ids) { for (const id of ids) await load(id); }',
    'async function f(ids) { await Promise.all(ids.map(load)); }',
  ],
  'no-var': ['var x = 1;\nexport { x };', 'const x = 1;\nexport { x };'],
  'prefer-const': ['let x = 1;\nexport { x };', 'let x = 1;\nx++;\nexport { x };'],
};

const review = (files: ReviewFile[]): Promise<ReviewReport> =>
  runReview(files, { tools: false }, { analyzer, version: 'test' });

const CASES = corpus();

describe('the rule corpus', () => {
  it.each(CASES.filter((c) => c.kind === 'bad').map((c) => [c.file.path, c]))(
    '%s makes its rule fire',
    async (_path, { ruleId, file }) => {
      const report = await review([file]);
      expect(report.findings.map((finding) => finding.ruleId)).toContain(ruleId);
    },
  );

  it.each(CASES.filter((c) => c.kind === 'good').map((c) => [c.file.path, c]))(
    '%s, the fixed twin, keeps its rule silent',
    async (_path, { ruleId, file }) => {
      const report = await review([file]);
      expect(report.findings.filter((finding) => finding.ruleId === ruleId)).toEqual([]);
    },
  );

  it('has a bad case and a fixed twin for every rule of our own, and of the ESLint rules we enable', () => {
    const covered = new Set(Object.keys(ESLINT_RULE_CASES));
    for (const ruleId of Object.keys(RULES).filter((id) => !id.includes('/') || id.startsWith('security/')))
      expect([ruleId, covered.has(ruleId)]).toEqual([ruleId, true]);
  });

  it('has a bad case and a fixed twin for every rule of our own', () => {
    const own = Object.keys(RULES).filter((id) => /^(xionimus|python|go|java|c|shell|metrics)\//.test(id));
    for (const ruleId of own) {
      const kinds = new Set(CASES.filter((c) => c.ruleId === ruleId).map((c) => c.kind));
      expect([ruleId, [...kinds].sort()]).toEqual([ruleId, ['bad', 'good']]);
    }
  });
});

describe('the ESLint rules we enable', () => {
  it.each(Object.entries(ESLINT_RULE_CASES))('%s fires on its bad case only', async (ruleId, [bad, good]) => {
    const found = async (content: string) =>
      (
        await analyzeFile({ kind: 'file', path: 'case.js', content, language: 'javascript', tools: false })
      ).findings.map((finding) => finding.ruleId);
    expect(await found(bad)).toContain(ruleId);
    expect(await found(good)).not.toContain(ruleId);
  });
});

// Fake credentials are assembled here so that no file in the repository looks like a leaked key.
const fake = (...parts: string[]) => parts.join('');
const ALPHANUMERIC = 'aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY';
const SECRETS: Array<[ruleId: string, line: string, secret: string]> = [
  ['secrets/aws-access-key-id', 'aws_access_key_id = "%"', fake('AKIA', 'Q3EXAMPLEKEY7ZZ9')],
  [
    'secrets/aws-secret-access-key',
    'aws_secret_access_key = "%"',
    fake('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY'),
  ],
  ['secrets/github-token', "const token = '%';", fake('gh', 'p_', ALPHANUMERIC, '0123')],
  ['secrets/openai-api-key', 'OPENAI_API_KEY=%', fake('sk-', 'proj-', ALPHANUMERIC, ALPHANUMERIC)],
  ['secrets/anthropic-api-key', 'key: "%"', fake('sk-', 'ant-', 'api03-', ALPHANUMERIC, ALPHANUMERIC)],
  ['secrets/stripe-live-key', 'stripe.key = "%"', fake('sk', '_live_', ALPHANUMERIC)],
  ['secrets/stripe-test-key', 'stripe.key = "%"', fake('rk', '_test_', ALPHANUMERIC)],
  ['secrets/slack-token', 'SLACK=%', fake('xo', 'xb-', '1234567890-', ALPHANUMERIC)],
  ['secrets/google-api-key', 'maps_key = "%"', fake('AI', 'za', ALPHANUMERIC, 'Z-9')],
  ['secrets/private-key', '%', fake('-----BEGIN ', 'RSA PRIVATE', ' KEY-----')],
  ['secrets/generic-secret', 'DB_PASSWORD = "%"', fake('Tr0ub4dor', '&3-horse!')],
  ['secrets/generic-secret', '{ "client_secret": "%" }', fake('9f8e7d6c', '5b4a3f2e1d0c')],
  ['secrets/generic-secret', 'API_TOKEN=%', fake('c2VjcmV0', 'LXZhbHVlLTEyMw')],
];

describe('secret detection', () => {
  it.each(SECRETS)('finds a %s and shows it masked', async (ruleId, line, secret) => {
    const content = `${line.replace('%', secret)}\n`;
    const analysis = await analyzeFile({
      kind: 'file',
      path: 'settings.cfg',
      content,
      language: 'config',
      tools: false,
    });
    const found = analysis.findings.filter((finding) => finding.ruleId === ruleId);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(1);
    if (ruleId !== 'secrets/private-key') {
      expect(found[0]!.message).not.toContain(secret);
      expect(found[0]!.message).toContain(`${secret.slice(-2)} (${secret.length} chars)`);
    }
  });

  it('stays silent on environment lookups, placeholders and ordinary words', async () => {
    const content = [
      'password = os.environ["DB_PASSWORD"]',
      'const token = process.env.GITHUB_TOKEN;',
      'api_key: "${API_KEY}"',
      'secret = "changeme"',
      'PASSWORD=<your-password-here>',
      'const tokenizer = "word-splitter";',
      "const passwordLabel = 'Enter your password';",
      'const AUTH = "Bearer ";',
    ].join('\n');
    for (const language of ['python', 'config'] as const) {
      const analysis = await analyzeFile({ kind: 'file', path: 'x', content, language, tools: false });
      expect(analysis.findings.filter((finding) => finding.ruleId.startsWith('secrets/'))).toEqual([]);
    }
  });
});

describe('fragments', () => {
  const fragment = (name: string) => ({
    path: name,
    content: readFileSync(join(CORPUS, 'fragments', `${name}.fixture`), 'utf8'),
  });

  it('parses a method without its class by completing it, and says so', async () => {
    const report = await review([fragment('method-without-class.ts')]);
    expect(report.files[0]).toMatchObject({
      parse: 'fragment',
      parseNote: expect.stringMatching(/members of a class/),
    });
    expect(report.partiallyParsed).toEqual([
      expect.objectContaining({ path: 'method-without-class.ts', parse: 'fragment' }),
    ]);
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'xionimus/sql-injection', line: 2 }));
  });

  it('closes an unclosed block before parsing', async () => {
    const report = await review([fragment('unclosed-block.js')]);
    expect(report.files[0]).toMatchObject({ parse: 'fragment', parseNote: 'completed with }})' });
    expect(report.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'xionimus/code-injection', line: 3, column: 5 }),
    );
  });

  it('parses JavaScript with type annotations by trying typescript-eslint after espree', async () => {
    const report = await review([
      { path: 'typed.js', content: 'export function run(code: string): unknown {\n  return eval(code);\n}\n' },
    ]);
    expect(report.files[0]).toMatchObject({ parse: 'full' });
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(['xionimus/code-injection']);
  });

  it('uses the parser up to where it gives up and pattern rules from there', async () => {
    const report = await review([fragment('broken-in-the-middle.js')]);
    expect(report.files[0]).toMatchObject({ parse: 'partial', parseNote: expect.stringMatching(/gave up at line 7/) });
    const rules = report.findings.map((finding) => [finding.ruleId, finding.line]);
    // Before line 7: ESLint's rules (with their fixes); from line 7 on: the pattern rules.
    expect(rules).toEqual(
      expect.arrayContaining([
        ['xionimus/tls-verification-disabled', 2],
        ['xionimus/html-injection', 5],
        ['xionimus/sql-injection', 12],
      ]),
    );
    const sql = report.findings.find((finding) => finding.line === 12)!;
    expect(sql.message).toMatch(/pattern rule/);
    expect(report.partiallyParsed[0]).toMatchObject({ parse: 'partial' });
  });
});
