import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgressSaver } from './progress.js';

describe('progress saver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves every running answer that grew in one write per interval, and nothing once they end', async () => {
    const writes: Array<Array<{ messageId: string; content: string }>> = [];
    const progress = createProgressSaver({
      intervalMs: 2000,
      save: async (texts) => void writes.push(texts),
      onError: (error) => {
        throw error;
      },
    });
    const first = progress.start('m1');
    const second = progress.start('m2');
    first.content = 'Hello';
    second.content = 'Hi';
    await vi.advanceTimersByTimeAsync(2000);
    expect(writes).toEqual([
      [
        { messageId: 'm1', content: 'Hello' },
        { messageId: 'm2', content: 'Hi' },
      ],
    ]);
    first.content = 'Hello there';
    await vi.advanceTimersByTimeAsync(2000);
    expect(writes[1]).toEqual([{ messageId: 'm1', content: 'Hello there' }]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(writes).toHaveLength(2);
    progress.end('m1');
    progress.end('m2');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reports a failed write and tries again with the next growth', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const saved: string[] = [];
    const progress = createProgressSaver({
      intervalMs: 1000,
      save: async (texts) => {
        if (fail) throw new Error('database is locked');
        saved.push(...texts.map((text) => text.content));
      },
      onError: (error) => errors.push(error),
    });
    const answer = progress.start('m1');
    answer.content = 'a';
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors).toHaveLength(1);
    fail = false;
    answer.content = 'ab';
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual(['ab']);
    progress.end('m1');
  });
});
