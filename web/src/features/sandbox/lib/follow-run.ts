// Follows a run's events to its exit, reconnecting with Last-Event-ID after a dropped
// connection (the same contract as the review events: events of a finished run's stored
// outcome come without an id; an id-less `error` with code stream_failed is the server's side
// of the stream breaking).
import { ApiError } from '@/lib/api-client';
import { readSse } from '@/lib/sse';
import type { RunEvent } from './run-output';

const KNOWN = new Set(['status', 'stdout', 'stderr', 'exit', 'error']);

export interface FollowRunOptions {
  open: (lastEventId: number) => Promise<Response>;
  onEvent: (event: RunEvent) => void;
  onReconnecting?: (attempt: number) => void;
  signal?: AbortSignal;
  maxAttempts?: number;
  delayMs?: (attempt: number) => number;
}

const transient = (error: unknown) =>
  !(error instanceof ApiError) || error.status === 0 || error.status === 429 || error.status >= 500;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** Resolves with the final event (exit or error), or null when aborted; throws when the stream cannot be had. */
export async function followRun(options: FollowRunOptions): Promise<RunEvent | null> {
  const { open, onEvent, signal, maxAttempts = 6 } = options;
  const delayMs = options.delayMs ?? ((attempt: number) => Math.min(500 * 2 ** (attempt - 1), 5000));
  let lastEventId = 0;
  let attempt = 0;
  for (;;) {
    let failure: unknown = new Error('the event stream ended before the run did');
    try {
      const response = await open(lastEventId);
      if (!response.body) throw new Error('the event stream has no body');
      for await (const message of readSse(response.body, signal)) {
        if (!KNOWN.has(message.event)) continue;
        const id = message.id === undefined ? undefined : Number(message.id);
        if (id !== undefined && Number.isInteger(id)) {
          if (id <= lastEventId) continue;
          lastEventId = id;
          attempt = 0;
        }
        let data: unknown;
        try {
          data = JSON.parse(message.data);
        } catch {
          continue;
        }
        const event = { type: message.event, data } as RunEvent;
        if (event.type === 'error' && id === undefined && event.data.code === 'stream_failed') break;
        onEvent(event);
        if (event.type === 'exit' || event.type === 'error') return event;
      }
    } catch (error) {
      if (signal?.aborted) return null;
      if (!transient(error)) throw error;
      failure = error;
    }
    if (signal?.aborted) return null;
    attempt += 1;
    if (attempt > maxAttempts) throw failure;
    options.onReconnecting?.(attempt);
    await sleep(delayMs(attempt), signal);
  }
}
