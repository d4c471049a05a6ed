import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client';
import { followEvents, type JobEvent } from './follow-events';

const JOB = { known: new Set(['progress', 'done', 'error']), final: new Set(['done', 'error']), name: 'job' };

/** An event-stream response that ends after `frames` (a dropped connection, unless a final event came). */
const stream = (...frames: string[]) =>
  new Response(
    new ReadableStream({
      start(controller) {
        for (const frame of frames) controller.enqueue(new TextEncoder().encode(frame));
        controller.close();
      },
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  );

const frame = (id: number | undefined, event: string, data: unknown) =>
  `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

describe('following a job’s events', () => {
  it('reconnects after a drop with Last-Event-ID and passes every event once', async () => {
    const asked: number[] = [];
    const replies = [
      stream(frame(1, 'progress', { done: 1 }), frame(2, 'progress', { done: 2 })),
      // The server repeats event 2 on the reconnect; it must not be seen twice.
      stream(frame(2, 'progress', { done: 2 }), frame(3, 'done', { status: 'complete' })),
    ];
    const seen: JobEvent[] = [];
    const final = await followEvents(JOB, {
      open: async (lastEventId) => {
        asked.push(lastEventId);
        return replies.shift()!;
      },
      onEvent: (event) => seen.push(event),
      delayMs: () => 0,
    });
    expect(asked).toEqual([0, 2]);
    expect(seen.map((event) => event.data)).toEqual([{ done: 1 }, { done: 2 }, { status: 'complete' }]);
    expect(final).toEqual({ type: 'done', data: { status: 'complete' } });
  });

  it('retries when the server reports its side of the stream broke, and ignores unknown events', async () => {
    const replies = [
      stream(frame(undefined, 'error', { code: 'stream_failed', detail: 'redis went away' })),
      stream(frame(undefined, 'heartbeat', {}), frame(4, 'error', { code: 'review_failed', detail: 'no' })),
    ];
    const seen: string[] = [];
    const final = await followEvents(JOB, {
      open: async () => replies.shift()!,
      onEvent: (event) => seen.push(event.type),
      delayMs: () => 0,
    });
    expect(seen).toEqual(['error']);
    expect(final?.data).toEqual({ code: 'review_failed', detail: 'no' });
  });

  it('gives up on a refusal that retrying cannot fix, and after too many drops', async () => {
    await expect(
      followEvents(JOB, {
        open: async () => {
          throw new ApiError(404, { code: 'review_not_found', detail: 'gone' });
        },
        onEvent: () => undefined,
        delayMs: () => 0,
      }),
    ).rejects.toMatchObject({ status: 404 });
    let opened = 0;
    await expect(
      followEvents(JOB, {
        open: async () => {
          opened++;
          return stream();
        },
        onEvent: () => undefined,
        maxAttempts: 2,
        delayMs: () => 0,
      }),
    ).rejects.toThrow(/ended before the job did/);
    expect(opened).toBe(3);
  });
});
