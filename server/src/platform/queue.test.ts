import { describe, expect, it } from 'vitest';
import { memoryQueue } from './queue.js';

describe('the in-process job queue', () => {
  it('runs jobs in order, a few at a time, and adds a job id once', async () => {
    const queue = memoryQueue<number>();
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const done = new Promise<void>((resolve) => {
      queue.process(
        async (n) => {
          started.push(n);
          most = Math.max(most, ++running);
          await new Promise((wait) => setTimeout(wait, 5));
          running--;
          if (n === 5) resolve();
        },
        { concurrency: 2 },
      );
    });
    for (const n of [1, 2, 3, 3, 4, 5]) await queue.add(n, { jobId: String(n) });
    await done;
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    await queue.close();
  });

  it('aborts running jobs on close and waits for them', async () => {
    const errors: unknown[] = [];
    const queue = memoryQueue<string>({ onError: (error) => errors.push(error) });
    let aborted = false;
    const running = new Promise<void>((started) => {
      queue.process(
        (_data, signal) =>
          new Promise((_resolve, reject) => {
            started();
            signal.addEventListener('abort', () => {
              aborted = true;
              reject(signal.reason);
            });
          }),
      );
    });
    await queue.add('long');
    await running;
    await queue.close();
    expect(aborted).toBe(true);
    expect(errors).toHaveLength(1);
    await expect(queue.add('late')).rejects.toThrow('closed');
  });
});
