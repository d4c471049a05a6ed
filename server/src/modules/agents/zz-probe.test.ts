import { it } from 'vitest';
import { classifyTask } from './classifier.js';
const inputs: Record<string,string> = {
  spaces: ' '.repeat(20000),
  backticks: '`'.repeat(20000),
  fences: '```a\n'.repeat(4000),
  at: 'at '.repeat(7000),
  atColon: ('at x' + ':1'.repeat(150) + '\n').repeat(60),
  select: 'select '.repeat(3000),
  selectFrom: 'select a, '.repeat(2000) + ' from',
  SELECT: 'SELECT '.repeat(3000),
  words: 'write a '.repeat(3000),
  fixes: 'is this code '.repeat(2000),
  huge: 'a'.repeat(1_000_000),
  errorWords: 'Error'.repeat(4000),
  AAA: 'A'.repeat(20000),
  mixed: ('TypeError: x\n    at f (a.js:1:2)\n```js\nconst a = 1;\n```\nplease review and fix this bug and document it ').repeat(150),
};
it('probe', () => { for (const [k, m] of Object.entries(inputs)) { const t = performance.now(); const r = classifyTask(m); console.log('>>', k, (performance.now()-t).toFixed(1), 'ms', r.kind); } });
