import Ajv04 from 'ajv-draft-04';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReview } from '../engine.js';
import type { ReviewFile, ReviewReport } from '../model.js';
import { createStaticAnalyzer } from '../static/pool.js';
import { formatReport } from './index.js';
// The official SARIF 2.1.0 schema (OASIS, draft-04), as published by SchemaStore and shipped in the
// npm package @microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json), vendored as data. One of its
// patterns is valid only without the regular expressions' u flag, hence unicodeRegExp: false.
import schema from './sarif-2.1.0-rtm.5.schema.json' with { type: 'json' };

const FILES: ReviewFile[] = [
  {
    path: 'src/server.js',
    content: [
      "const https = require('https');",
      'const agent = new https.Agent({ rejectUnauthorized: false });',
      'app.get("/u", (req, res) => db.query("SELECT * FROM users WHERE id = " + req.query.id));',
      'var count = 1;',
    ].join('\n'),
  },
  { path: 'scripts/deploy dir/run.sh', content: '#!/bin/sh\nchmod 777 /srv\n' },
  { path: 'clean.py', content: 'def add(a, b):\n    return a + b\n' },
];

const analyzer = createStaticAnalyzer({ threads: 0 });
let report: ReviewReport;
beforeAll(async () => {
  report = await runReview(FILES, { tools: false }, { analyzer, version: '1.2.3' });
});
afterAll(() => analyzer.close());

const contentOf = (path: string) => FILES.find((file) => file.path === path)?.content;

function validator() {
  const ajv = new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  formats.default(ajv);
  return ajv.compile(schema);
}

describe('SARIF output', () => {
  it('is valid against the SARIF 2.1.0 schema, fixes included', () => {
    const sarif = JSON.parse(formatReport(report, 'sarif', contentOf));
    const validate = validator();
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const [run] = sarif.runs;
    expect(run.tool.driver).toMatchObject({ name: 'xionimus-review', version: '1.2.3' });
    expect(run.results).toHaveLength(report.findings.length);
    const sql = run.results.find((result: any) => result.ruleId === 'xionimus/sql-injection');
    expect(sql).toMatchObject({ level: 'error', locations: [{ physicalLocation: { region: { startLine: 3 } } }] });
    expect(run.tool.driver.rules[sql.ruleIndex].id).toBe('xionimus/sql-injection');
    expect(run.tool.driver.rules[sql.ruleIndex].properties['security-severity']).toBe('9.5');
    const tls = run.results.find((result: any) => result.ruleId === 'xionimus/tls-verification-disabled');
    const [replacement] = tls.fixes[0].artifactChanges[0].replacements;
    const { charOffset, charLength } = replacement.deletedRegion;
    expect(FILES[0]!.content.slice(charOffset, charOffset + charLength)).toBe('false');
    expect(replacement.insertedContent.text).toBe('true');
    // A path with a space is still a valid URI reference.
    expect(
      run.results.some(
        (result: any) => result.locations[0].physicalLocation.artifactLocation.uri === 'scripts/deploy%20dir/run.sh',
      ),
    ).toBe(true);
  });

  it('is checked for real: the schema rejects a result without a message and a zero line', () => {
    const sarif = JSON.parse(formatReport(report, 'sarif'));
    const validate = validator();
    delete sarif.runs[0].results[0].message;
    expect(validate(sarif)).toBe(false);
    const again = JSON.parse(formatReport(report, 'sarif'));
    again.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(again)).toBe(false);
    again.runs[0].results[0].locations[0].physicalLocation.region.startLine = 1;
    again.runs[0].results[0].severity = 'high';
    expect(validate(again)).toBe(false);
  });
});

describe('JSON and Markdown output', () => {
  it('JSON carries findings, scores per category and the summary', () => {
    const json = JSON.parse(formatReport(report, 'json'));
    expect(json.summary.scores).toEqual({
      overall: expect.any(Number),
      security: expect.any(Number),
      bug: expect.any(Number),
      performance: 100,
      maintainability: 100,
      style: expect.any(Number),
    });
    expect(json.summary.scores.overall).toBeLessThanOrEqual(40);
    expect(json.summary.text).toMatch(/^Reviewed 3 files \(\d+ lines\): \d+ findings \(1 critical/);
    expect(json.findings[0]).toMatchObject({
      ruleId: 'xionimus/sql-injection',
      severity: 'critical',
      source: 'static',
    });
    expect(json.files.map((file: any) => file.language)).toEqual(['javascript', 'shell', 'python']);
  });

  it('Markdown groups findings by severity and lists the analysers', () => {
    const markdown = formatReport(report, 'markdown');
    expect(markdown).toMatch(/^# Code review\n\n\*\*Grade [A-F] \(\d+\/100\)\.\*\*/);
    expect(markdown).toContain('### Critical (1)');
    expect(markdown).toContain('- **`src/server.js:3`**');
    expect(markdown).toMatch(/\| Security \| \d+ \| 3 \|/);
    expect(markdown).toContain('- AI review: off');
  });
});
