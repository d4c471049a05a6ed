import { describe, expect, it } from 'vitest';
import { applyEdits, combineFixes, createKeyedLock, rebaseFindings } from './fixes.js';
import type { Fix } from './model.js';
import type { ReviewFindingRow } from './store.js';

const fix = (start: number, end: number, text: string): Fix => ({
  description: 'd',
  origin: 'static',
  edits: [{ start, end, text }],
});

const row = (id: string, line: number, edit?: Fix): ReviewFindingRow => ({
  review_id: 'r',
  id,
  seq: 0,
  file: 'a.js',
  line,
  col: 1,
  end_line: line,
  end_col: null,
  rule_id: 'x',
  severity: 'low',
  category: 'style',
  message: 'm',
  source: 'static',
  ai_message: null,
  fix: edit ? JSON.stringify(edit) : null,
  fix_state: edit ? 'available' : null,
});

describe('text edits', () => {
  it('applies edits in order and refuses overlapping or out-of-range ones', () => {
    expect(
      applyEdits('hello world', [
        { start: 6, end: 11, text: 'there' },
        { start: 0, end: 5, text: 'hi' },
      ]),
    ).toBe('hi there');
    expect(
      applyEdits('abc', [
        { start: 0, end: 2, text: 'x' },
        { start: 1, end: 3, text: 'y' },
      ]),
    ).toBeUndefined();
    expect(applyEdits('abc', [{ start: 2, end: 9, text: 'x' }])).toBeUndefined();
  });

  it('combines the fixes of one file that fit together and leaves the overlapping ones', () => {
    const items = [{ fix: fix(0, 3, 'let') }, { fix: fix(1, 2, 'X') }, { fix: fix(8, 13, 'true') }, {}];
    const { content, applied, skipped } = combineFixes('var a = false;', items);
    expect(content).toBe('let a = true;');
    expect(applied).toEqual([items[0], items[2]]);
    expect(skipped).toEqual([items[1]]);
  });
});

describe('rebasing the other findings of a file after a fix', () => {
  const before = 'one\ntwo\nthree\nfour\n';
  // The fix replaces "two" (offsets 4..7) with three lines.
  const applied = [{ start: 4, end: 7, text: 'two\ntwo-b\ntwo-c' }];

  it('moves later findings down and their fixes along; an overlapping fix goes stale', () => {
    const updates = rebaseFindings(
      [row('first', 1, fix(0, 3, 'ONE')), row('overlap', 2, fix(5, 6, 'W')), row('later', 4, fix(14, 18, 'FOUR'))],
      applied,
      before,
    );
    expect(updates).toEqual([
      { id: 'first', line: 1, end_line: 1, fix: JSON.stringify(fix(0, 3, 'ONE')), fix_state: 'available' },
      { id: 'overlap', line: 2, end_line: 2, fix: JSON.stringify(fix(5, 6, 'W')), fix_state: 'stale' },
      { id: 'later', line: 6, end_line: 6, fix: JSON.stringify(fix(26, 30, 'FOUR')), fix_state: 'available' },
    ]);
    const after = applyEdits(before, applied)!;
    expect(after.slice(26, 30)).toBe('four');
  });
});

describe('the per-file lock', () => {
  it('runs work on one key one at a time, and other keys alongside', async () => {
    const withLock = createKeyedLock();
    const log: string[] = [];
    const task = (key: string, name: string, ms: number) =>
      withLock(key, async () => {
        log.push(`${name} start`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`${name} end`);
        return name;
      });
    const results = await Promise.all([task('a.js', 'first', 20), task('a.js', 'second', 1), task('b.js', 'other', 1)]);
    expect(results).toEqual(['first', 'second', 'other']);
    expect(log.indexOf('second start')).toBeGreaterThan(log.indexOf('first end'));
    expect(log.indexOf('other end')).toBeLessThan(log.indexOf('first end'));
  });

  it('releases the lock when the work fails', async () => {
    const withLock = createKeyedLock();
    await expect(withLock('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withLock('k', async () => 'next')).toBe('next');
  });
});
