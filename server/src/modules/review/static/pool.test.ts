import { afterAll, describe, expect, it } from 'vitest';
import type { FileTask } from './file-analysis.js';
import { createStaticAnalyzer } from './pool.js';

const tasks: FileTask[] = Array.from({ length: 6 }, (_, index) => ({
  kind: 'file',
  path: `src/file${index}.js`,
  content: `export function f${index}(req) {\n  return eval(req.body.code${index});\n}\n`,
  language: 'javascript',
  tools: false,
}));

describe('the worker pool', () => {
  const pooled = createStaticAnalyzer({ threads: 2 });
  const inline = createStaticAnalyzer({ threads: 0 });
  afterAll(async () => {
    await pooled.close();
    await inline.close();
  });

  it('analyses files on worker threads with the same results as inline, reporting each file', async () => {
    const seen: string[] = [];
    const results = await pooled.analyze(tasks, { onFile: (analysis) => seen.push(analysis.path) });
    expect(seen.sort()).toEqual(tasks.map((task) => task.path).sort());
    const expected = await inline.analyze(tasks);
    expect(results).toEqual(expected);
    expect(results[0]!.findings.map((finding) => finding.ruleId)).toEqual(['xionimus/code-injection']);
  });

  it('reports a file whose analysis failed instead of failing the review', async () => {
    const broken = { ...tasks[0]!, path: 'broken.js', content: null as unknown as string };
    const [result] = await pooled.analyze([broken]);
    expect(result).toMatchObject({
      path: 'broken.js',
      parse: 'none',
      skipped: expect.stringMatching(/^the analysis failed: /),
    });
  });

  it('stops when the review is cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled by the test'));
    await expect(pooled.analyze(tasks, { signal: controller.signal })).rejects.toThrow();
    await expect(inline.analyze(tasks, { signal: controller.signal })).rejects.toThrow('cancelled by the test');
  });
});
