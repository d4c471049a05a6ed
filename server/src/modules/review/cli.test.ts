import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Ajv04 from 'ajv-draft-04';
import formats from 'ajv-formats';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/commands.js';
import { startFakeProviders } from '../../../test/support/fake-providers.js';
// The official SARIF 2.1.0 schema (OASIS, draft-04), as published by SchemaStore and shipped in the
// npm package @microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json), vendored as data. One of its
// patterns is valid only without the regular expressions' u flag, hence unicodeRegExp: false.
import schema from './report/sarif-2.1.0-rtm.5.schema.json' with { type: 'json' };

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'xionimus-review-cli-'));
  mkdirSync(join(folder, 'src'));
  mkdirSync(join(folder, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(
    join(folder, 'src', 'server.js'),
    [
      "const https = require('https');",
      'const agent = new https.Agent({ rejectUnauthorized: false });',
      'app.get("/u", (req, res) => db.query("SELECT * FROM users WHERE id = " + req.query.id));',
      '',
    ].join('\n'),
  );
  writeFileSync(join(folder, 'src', 'util.py'), 'import yaml\n\ndef load(handle):\n    return yaml.load(handle)\n');
  writeFileSync(join(folder, 'node_modules', 'dep', 'index.js'), 'eval(x);\n');
  writeFileSync(join(folder, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function cli(args: string[], options: { stdin?: string; isTTY?: boolean; env?: Record<string, string> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let error: any;
  try {
    await run(new Command('xionimus'), ['node', 'xionimus', 'review', ...args, '--jobs', '0'], options.env ?? {}, {
      out: (line: string) => out.push(line),
      stdin: Readable.from([options.stdin ?? '']),
      err: (text: string) => err.push(text),
      isTTY: options.isTTY ?? false,
      cwd: folder,
    } as never);
  } catch (caught) {
    error = caught;
  }
  return { out: out.join('\n'), err: err.join(''), error };
}

describe('xionimus review', () => {
  it('reviews a folder without any AI key and prints Markdown, skipping dependencies and binaries', async () => {
    const { out, err, error } = await cli(['.']);
    expect(error).toBeUndefined();
    expect(out).toContain('# Code review');
    expect(out).toContain('`src/server.js:3`');
    expect(out).toContain('`src/util.py:4`');
    expect(out).not.toContain('node_modules');
    expect(out).toContain('- AI review: off');
    expect(err).toMatch(/review: 2\/2 files, \d+ findings/);
    expect(err).toMatch(/review: done, 2\/2 files/);
  });

  it('exits with 1 when a finding reaches --fail-on, and 0 below it', async () => {
    const failing = await cli(['src', '--fail-on', 'high']);
    expect(failing.error).toMatchObject({ exitCode: 1 });
    expect(failing.err).toMatch(/3 findings at high or worse/);
    const passing = await cli(['src/util.py', '--fail-on', 'critical']);
    expect(passing.error).toBeUndefined();
  });

  it('writes valid SARIF to --output, limited to --only categories', async () => {
    const { error, err } = await cli(['src', '--format', 'sarif', '--output', 'report.sarif', '--only', 'security']);
    expect(error).toBeUndefined();
    expect(err).toContain('report written to report.sarif');
    const sarif = JSON.parse(readFileSync(join(folder, 'report.sarif'), 'utf8'));
    const ajv = new Ajv04.default({ strict: false, unicodeRegExp: false });
    formats.default(ajv);
    expect(ajv.validate(schema, sarif)).toBe(true);
    expect(sarif.runs[0].results.map((result: any) => result.properties.category)).toEqual([
      'security',
      'security',
      'security',
    ]);
  });

  it('reviews only the changed lines of a diff read from standard input', async () => {
    const diff = [
      '--- a/src/server.js',
      '+++ b/src/server.js',
      '@@ -1,2 +1,3 @@',
      " const https = require('https');",
      ' const agent = new https.Agent({ rejectUnauthorized: false });',
      '+app.get("/u", (req, res) => db.query("SELECT * FROM users WHERE id = " + req.query.id));',
      '',
    ].join('\n');
    const { out, error } = await cli(['--diff', '-', '--format', 'json', '--diff-context', '0'], { stdin: diff });
    expect(error).toBeUndefined();
    const report = JSON.parse(out);
    expect(report.diffOnly).toBe(true);
    expect(report.findings.map((finding: any) => [finding.line, finding.ruleId])).toEqual([
      [3, 'xionimus/sql-injection'],
    ]);
  });

  it('reads a snippet from standard input, named by --stdin-filename', async () => {
    const { out } = await cli(['-', '--stdin-filename', 'handler.ts', '--format', 'json'], {
      stdin: '  async find(id: string) {\n    return this.db.query(`SELECT * FROM t WHERE id = ${id}`);\n  }\n',
    });
    const report = JSON.parse(out);
    expect(report.files).toEqual([
      expect.objectContaining({ path: 'handler.ts', language: 'typescript', parse: 'fragment' }),
    ]);
    expect(report.findings[0]).toMatchObject({ ruleId: 'xionimus/sql-injection', line: 2 });
  });

  it('draws a progress bar on a terminal', async () => {
    const { err } = await cli(['src'], { isTTY: true });
    expect(err).toContain('\r\u001b[2K[');
    expect(err).toMatch(/\[█+\] 2\/2 files · \d+\.\ds · \d+ findings/);
    expect(err.endsWith('\n')).toBe(true);
  });

  it('lists the analysers and whether they are installed with --doctor', async () => {
    const { out, error } = await cli(['--doctor']);
    expect(error).toBeUndefined();
    expect(out).toMatch(/eslint \d+\.\d+\.\d+ with typescript-eslint/);
    expect(out).toMatch(/shellcheck\s+(available|missing)/);
    expect(out).toMatch(/cppcheck\s+(available|missing)/);
    expect(out).toMatch(/pyright\s+(available|missing)/);
  });

  it('adds TypeScript diagnostics for a folder with a tsconfig.json', async () => {
    const project = join(folder, 'typed');
    mkdirSync(project);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] } }),
    );
    writeFileSync(join(project, 'count.ts'), 'export const count: number = "three";\n');
    const { out } = await cli(['typed', '--format', 'json']);
    const report = JSON.parse(out);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ file: 'typed/count.ts', line: 1, ruleId: 'typescript/TS2322', category: 'bug' }),
    );
    expect(report.tools).toContainEqual({
      name: 'typescript',
      status: 'used',
      detail: expect.stringContaining('tsconfig.json'),
    });
  });

  it('adds the AI agents with --ai, using the provider key of the environment', async () => {
    const fake = await startFakeProviders();
    try {
      const finding = {
        file: 'src/util.py',
        line: 4,
        severity: 'high',
        category: 'security',
        title: 'Unsafe YAML',
        message: 'use safe_load',
      };
      for (let agent = 0; agent < 6; agent++) fake.enqueue('openai', { text: JSON.stringify({ findings: [finding] }) });
      const env = { OPENAI_API_KEY: 'fake-key-for-tests', OPENAI_BASE_URL: fake.baseUrl('openai') };
      const { out, error } = await cli(['src/util.py', '--ai', '--format', 'json'], { env });
      expect(error).toBeUndefined();
      const report = JSON.parse(out);
      expect(report.ai).toMatchObject({ status: 'used', merged: 6 });
      expect(report.findings).toEqual([
        expect.objectContaining({
          ruleId: 'python/yaml-load',
          source: 'both',
          aiMessage: expect.stringContaining('Unsafe YAML'),
        }),
      ]);
      const doctor = await cli(['--doctor'], { env });
      expect(doctor.out).toContain('AI review: openai (use --ai)');
    } finally {
      await fake.close();
    }
  });

  it("applies the mechanical fixes with --fix, showing each file's diff first; --dry-run changes nothing", async () => {
    const file = join(folder, 'fixable.js');
    const source =
      'var retries = 3;\nconst agent = new https.Agent({ rejectUnauthorized: false });\nel.innerHTML = html;\neval(code);\n';
    writeFileSync(file, source);
    const dry = await cli(['fixable.js', '--fix', '--dry-run']);
    expect(dry.err).toContain(
      '-var retries = 3;\n-const agent = new https.Agent({ rejectUnauthorized: false });\n-el.innerHTML = html;\n+let retries = 3;',
    );
    expect(dry.err).toContain('fixable.js: 3 fixes not applied (--dry-run)');
    expect(readFileSync(file, 'utf8')).toBe(source);
    const { err, error } = await cli(['fixable.js', '--fix']);
    expect(error).toBeUndefined();
    expect(err).toContain('fixable.js: applied 3 fixes');
    expect(readFileSync(file, 'utf8')).toBe(
      'let retries = 3;\nconst agent = new https.Agent({ rejectUnauthorized: true });\nel.textContent = html;\neval(code);\n',
    );
  });

  it('says so when there is nothing to review', async () => {
    const { error, err } = await cli(['image.png']);
    expect(error).toMatchObject({ exitCode: 2 });
    expect(err).toContain('skipped image.png: binary');
  });
});
