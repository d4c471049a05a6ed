import { describe, expect, it } from 'vitest';
import { mergeFindings, numberFindings } from './merge.js';
import type { RawFinding } from './model.js';
import { summarise } from './score.js';

const raw = (overrides: Partial<RawFinding>): RawFinding => ({
  file: 'a.js',
  line: 10,
  column: 1,
  ruleId: 'xionimus/sql-injection',
  severity: 'critical',
  category: 'security',
  message: 'sql',
  ...overrides,
});

describe('merging AI findings into static ones', () => {
  it('joins findings on the same file and category within two lines, keeping the more severe', () => {
    const staticFindings = numberFindings(
      [raw({}), raw({ line: 40, ruleId: 'no-var', category: 'style', severity: 'low' })],
      'static',
    );
    const aiFindings = numberFindings(
      [
        raw({ line: 12, ruleId: 'ai/security', message: 'user input reaches the query' }),
        raw({ line: 13, ruleId: 'ai/security', message: 'three lines away: a separate finding' }),
        raw({
          line: 40,
          ruleId: 'ai/performance',
          category: 'performance',
          severity: 'medium',
          message: 'other category',
        }),
        raw({ line: 41, ruleId: 'ai/style', category: 'style', severity: 'medium', message: 'var again' }),
      ],
      'ai',
    );
    const { findings, merged } = mergeFindings(staticFindings, aiFindings);
    expect(merged).toBe(2);
    expect(findings).toHaveLength(4);
    expect(findings.find((finding) => finding.line === 10)).toMatchObject({
      source: 'both',
      aiMessage: 'user input reaches the query',
    });
    expect(findings.find((finding) => finding.line === 13)).toMatchObject({ source: 'ai' });
    expect(findings.find((finding) => finding.line === 40 && finding.category === 'style')).toMatchObject({
      source: 'both',
      severity: 'medium',
    });
  });

  it('gives the same finding the same id in every review', () => {
    expect(numberFindings([raw({})], 'static')[0]!.id).toBe(numberFindings([raw({})], 'static')[0]!.id);
    const [first, second] = numberFindings([raw({}), raw({})], 'static');
    expect(second!.id).toBe(`${first!.id}-2`);
  });
});

describe('scores', () => {
  it('is 100 and grade A with no findings', () => {
    expect(summarise([], { files: 1, lines: 10 })).toMatchObject({
      grade: 'A',
      scores: { overall: 100, security: 100 },
    });
  });

  it('caps the overall score at 40 with a critical finding and at 70 with a high one', () => {
    const [critical] = numberFindings([raw({})], 'static');
    expect(summarise([critical!], { files: 1, lines: 5000 }).scores.overall).toBe(40);
    const [high] = numberFindings([raw({ severity: 'high' })], 'static');
    const summary = summarise([high!], { files: 1, lines: 100_000 });
    expect(summary.scores.overall).toBe(70);
    expect(summary.text).toBe(
      'Reviewed 1 file (100000 lines): 1 finding (1 high). Most urgent: SQL built by string concatenation or template literals at a.js:10. Grade C (70/100).',
    );
  });

  it('judges findings per thousand lines: the same finding weighs less in a larger codebase', () => {
    const findings = numberFindings([raw({ severity: 'medium', category: 'bug' })], 'static');
    expect(summarise(findings, { files: 1, lines: 200 }).scores.bug).toBeLessThan(
      summarise(findings, { files: 9, lines: 20_000 }).scores.bug,
    );
  });
});
