import { describe, expect, it } from 'vitest';
import { changedLines, parseUnifiedDiff, reconstruct, unifiedDiff } from './diff.js';
import { runReview } from './engine.js';
import { diffFiles } from './input.js';
import { createStaticAnalyzer } from './static/pool.js';

const GIT_DIFF = `diff --git a/src/api.js b/src/api.js
index 3b18e51..a1f0c2d 100644
--- a/src/api.js
+++ b/src/api.js
@@ -1,6 +1,7 @@
 const express = require('express');
 const app = express();
-app.get('/calc', (req, res) => res.json({ value: Number(req.query.x) }));
+app.get('/calc', (req, res) => res.json({ value: eval(req.query.x) }));
+app.get('/ping', (req, res) => res.send('pong'));
 
 module.exports = app;
 // end
@@ -20,3 +21,3 @@ function helper() {
   return 1;
-  // old
+  // new
 }
diff --git a/old.txt b/old.txt
deleted file mode 100644
--- a/old.txt
+++ /dev/null
@@ -1,1 +0,0 @@
-gone
diff --git a/scripts/new.sh b/scripts/new.sh
new file mode 100644
--- /dev/null
+++ b/scripts/new.sh
@@ -0,0 +1,2 @@
+#!/bin/sh
+chmod 777 /srv
`;

describe('reading a unified diff', () => {
  it('finds the changed files, the added lines and the deleted files', () => {
    const files = parseUnifiedDiff(GIT_DIFF);
    expect(files.map((file) => [file.path, file.deleted])).toEqual([
      ['src/api.js', false],
      ['old.txt', true],
      ['scripts/new.sh', false],
    ]);
    expect(changedLines(files[0]!)).toEqual([3, 4, 22]);
    expect(changedLines(files[2]!)).toEqual([1, 2]);
  });

  it('rebuilds what the diff shows of the new file, unknown lines left blank', () => {
    const [api] = parseUnifiedDiff(GIT_DIFF);
    const lines = reconstruct(api!).split('\n');
    expect(lines[2]).toContain('eval(req.query.x)');
    expect(lines[9]).toBe('');
    expect(lines[21]).toBe('  // new');
  });

  it('reviews only the changed lines and their context', async () => {
    const analyzer = createStaticAnalyzer({ threads: 0 });
    const current = [
      "const express = require('express');",
      'const app = express();',
      "app.get('/calc', (req, res) => res.json({ value: eval(req.query.x) }));",
      "app.get('/ping', (req, res) => res.send('pong'));",
      '',
      'module.exports = app;',
      ...Array.from({ length: 10 }, (_, index) => `// line ${index + 7}`),
      'document.body.innerHTML = window.name;',
    ].join('\n');
    const files = await diffFiles(GIT_DIFF, async (path) => (path === 'src/api.js' ? current : undefined));
    expect(files.map((file) => [file.path, Boolean(file.reconstructed)])).toEqual([
      ['src/api.js', false],
      ['scripts/new.sh', true],
    ]);
    const report = await runReview(files, { tools: false }, { analyzer, version: 'test' });
    expect(report.diffOnly).toBe(true);
    expect(report.findings.map((finding) => [finding.file, finding.ruleId])).toEqual([
      ['src/api.js', 'xionimus/code-injection'],
      ['scripts/new.sh', 'shell/world-writable'],
    ]);
    expect(report.partiallyParsed).toContainEqual(
      expect.objectContaining({ path: 'scripts/new.sh', note: expect.stringMatching(/only the lines in the diff/) }),
    );
    await analyzer.close();
  });

  it('refuses text that is not a diff', async () => {
    await expect(diffFiles('just some text')).rejects.toMatchObject({ code: 'invalid_diff', statusCode: 400 });
  });
});

describe('writing a unified diff', () => {
  it('shows one hunk with three lines of context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h'].join('\n');
    expect(unifiedDiff('x.txt', before, after)).toBe(
      ['--- a/x.txt', '+++ b/x.txt', '@@ -2,7 +2,7 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h', ''].join('\n'),
    );
  });

  it('gives changes far apart a hunk each, with correct line numbers', () => {
    const before = Array.from({ length: 20 }, (_, index) => `line ${index + 1}`).join('\n');
    const after = before.replace('line 2', 'line two').replace('line 18', 'line 18\nline 18b');
    expect(
      unifiedDiff('f', before, after)
        .split('\n')
        .filter((line) => line.startsWith('@@')),
    ).toEqual(['@@ -1,5 +1,5 @@', '@@ -16,5 +16,6 @@']);
  });

  it('is empty when nothing changed', () => {
    expect(unifiedDiff('x', 'same', 'same')).toBe('');
  });
});
