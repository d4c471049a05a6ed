// Follows a job's Server-Sent Events (a review's progress, a sandbox run's output) to its last
// event, reconnecting with Last-Event-ID after a dropped connection. Events of a finished job's
// stored outcome come without an id; an id-less `error` with code stream_failed is the server's
// side of the stream breaking, so it is retried rather than reported.
import { ApiError } from './api-client';
import { readSse } from './sse';

export interface JobEvent {
  type: string;
  data: unknown;
}

export interface FollowEventsOptions<E extends JobEvent> {
  open: (lastEventId: number) => Promise<Response>;
  onEvent: (event: E) => void;
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

/**
 * Resolves with the final event (one of `final`), or null when aborted; throws when the stream
 * cannot be had. Only event types in `known` are passed on.
 */
export async function followEvents<E extends JobEvent>(
  job: { known: ReadonlySet<string>; final: ReadonlySet<string>; name: string },
  options: FollowEventsOptions<E>,
): Promise<E | null> {
  const { open, onEvent, signal, maxAttempts = 6 } = options;
  const delayMs = options.delayMs ?? ((attempt: number) => Math.min(500 * 2 ** (attempt - 1), 5000));
  let lastEventId = 0;
  let attempt = 0;
  for (;;) {
    let failure: unknown = new Error(`the event stream ended before the ${job.name} did`);
    try {
      const response = await open(lastEventId);
      if (!response.body) throw new Error('the event stream has no body');
      for await (const message of readSse(response.body, signal)) {
        if (!job.known.has(message.event)) continue;
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
        if (message.event === 'error' && id === undefined && (data as { code?: unknown }).code === 'stream_failed') {
          break;
        }
        const event = { type: message.event, data } as E;
        onEvent(event);
        if (job.final.has(event.type)) return event;
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
