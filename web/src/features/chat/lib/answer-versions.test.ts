import { describe, expect, it } from 'vitest';
import { chatMessage } from '@/test/chat';
import type { ChatMessage } from '../api/types';
import { chooseVersion, conversationRows, findRow, shownVersion } from './answer-versions';
import { isEarlierAnswer, storedView } from './message-view';

const views = (...messages: Array<Partial<ChatMessage> & Pick<ChatMessage, 'role'>>) =>
  messages.map((message, index) => storedView(chatMessage({ id: `m${index}`, content: 'text', ...message })));

describe('conversationRows', () => {
  it('makes the answers after one question one row, keyed by the first of them, and every question a row', () => {
    const list = views(
      { role: 'user' },
      { role: 'assistant' },
      { role: 'user' },
      { role: 'assistant' },
      { role: 'assistant' },
      { role: 'assistant' },
    );
    expect(conversationRows(list)).toEqual([
      { key: 'm0', indexes: [0] },
      { key: 'm1', indexes: [1] },
      { key: 'm2', indexes: [2] },
      { key: 'm3', indexes: [3, 4, 5] },
    ]);
  });

  it('keeps two questions in a row apart, and groups answers that open the list', () => {
    const list = views({ role: 'assistant' }, { role: 'assistant' }, { role: 'user' }, { role: 'user' });
    expect(conversationRows(list).map((row) => row.indexes)).toEqual([[0, 1], [2], [3]]);
    expect(conversationRows([])).toEqual([]);
  });
});

describe('the version a row shows', () => {
  const row = { key: 'a1', indexes: [1, 2, 3] };

  it('is the newest unless one was picked', () => {
    expect(shownVersion(row, undefined)).toBe(2);
    expect(shownVersion({ key: 'q', indexes: [0] }, undefined)).toBe(0);
    expect(shownVersion(row, chooseVersion(row, 0))).toBe(0);
    expect(shownVersion(row, chooseVersion(row, 1))).toBe(1);
  });

  it('is the newest again once another answer joins the row, whatever was picked before', () => {
    const picked = chooseVersion(row, 0);
    const regenerated = { ...row, indexes: [...row.indexes, 4] };
    expect(shownVersion(regenerated, picked)).toBe(3);
    expect(shownVersion(regenerated, chooseVersion(regenerated, 1))).toBe(1);
  });

  it('stays within the versions there are', () => {
    expect(chooseVersion(row, -1)).toEqual({ version: 0, of: 3 });
    expect(chooseVersion(row, 7)).toEqual({ version: 2, of: 3 });
    expect(shownVersion(row, { version: 9, of: 3 })).toBe(2);
  });
});

describe('an earlier answer picked', () => {
  it('is still told by the whole list, not by the versions shown', () => {
    const list = views(
      { role: 'user' },
      { role: 'assistant' },
      { role: 'assistant', status: 'error', content: '' },
      { role: 'assistant', status: 'streaming', content: '' },
    );
    const [, answers] = conversationRows(list);
    const index = (version: number) => answers!.indexes[shownVersion(answers!, chooseVersion(answers!, version))]!;
    // The one running replaces both before it, the failed one too; it is the last answer itself.
    expect([0, 1, 2].map((version) => isEarlierAnswer(list, index(version)))).toEqual([true, true, false]);
    // Without it, the failed answer does not count: the model still reads the first one.
    const settled = list.slice(0, 3);
    const [, before] = conversationRows(settled);
    expect(before!.indexes.map((at) => isEarlierAnswer(settled, at))).toEqual([false, false]);
  });
});

describe('findRow', () => {
  it('finds the row that shows a view, and which version of it the view is', () => {
    const rows = conversationRows(
      views({ role: 'user' }, { role: 'assistant' }, { role: 'assistant' }, { role: 'user' }),
    );
    expect(findRow(rows, 0)).toEqual({ row: 0, version: 0 });
    expect(findRow(rows, 1)).toEqual({ row: 1, version: 0 });
    expect(findRow(rows, 2)).toEqual({ row: 1, version: 1 });
    expect(findRow(rows, 3)).toEqual({ row: 2, version: 0 });
    expect(findRow(rows, 4)).toBeNull();
  });
});
