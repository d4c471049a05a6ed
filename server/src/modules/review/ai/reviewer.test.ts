import { describe, expect, it } from 'vitest';
import { REVIEW_AGENTS } from './agents.js';
import { checkFindings, parseAnswer } from './reviewer.js';

const security = REVIEW_AGENTS[0]!;
const files = [
  { path: 'a.js', content: 'one\ntwo\nthree\n', language: 'javascript' as const },
  { path: 'b.py', content: 'x = 1\n', language: 'python' as const },
];
const item = (overrides: Record<string, unknown>) => ({
  file: 'a.js',
  line: 2,
  severity: 'high',
  title: 'Title.',
  message: 'message',
  ...overrides,
});

describe('reading an AI answer', () => {
  it('finds the JSON object in prose or a code fence', () => {
    expect(parseAnswer('Here you go:\n```json\n{"findings":[{"a":1}]}\n```')).toEqual([{ a: 1 }]);
    expect(() => parseAnswer('no json here')).toThrow('no JSON');
    expect(() => parseAnswer('{"issues": []}')).toThrow('not {"findings"');
  });

  it('keeps findings on lines that exist and drops the others', () => {
    const { findings, dropped } = checkFindings(
      [
        item({}),
        item({ line: 5 }), // a.js has 4 lines (the last one empty)
        item({ file: 'c.js' }),
        item({ severity: 'catastrophic' }),
        item({ file: './b.py', line: 1, endLine: 40, category: 'bug' }),
      ],
      security,
      files,
    );
    expect(dropped).toBe(3);
    expect(findings).toEqual([
      {
        file: 'a.js',
        line: 2,
        column: 1,
        ruleId: 'ai/security',
        severity: 'high',
        category: 'security',
        message: 'Title: message',
        source: 'ai',
      },
      expect.objectContaining({ file: 'b.py', line: 1, endLine: 2, category: 'bug' }),
    ]);
  });

  it('turns a patch into an edit of whole lines, and drops a patch outside the file', () => {
    const { findings } = checkFindings(
      [
        item({ patch: { startLine: 2, endLine: 3, replacement: 'TWO\nTHREE\n' } }),
        item({ patch: { startLine: 3, endLine: 9, replacement: 'x' } }),
      ],
      security,
      files,
    );
    expect(findings[0]!.fix).toEqual({
      description: 'AI (security): Title.',
      origin: 'ai',
      edits: [{ start: 4, end: 13, text: 'TWO\nTHREE' }],
    });
    expect(findings[1]!.fix).toBeUndefined();
  });

  it('attributes a finding without a known file to the only file reviewed', () => {
    const { findings } = checkFindings([item({ file: 'src/a.js' })], security, [files[0]!]);
    expect(findings[0]!.file).toBe('a.js');
  });
});
