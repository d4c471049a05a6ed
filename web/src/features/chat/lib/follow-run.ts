// Follows an answer's event stream to its end, across network drops: when the connection breaks,
// it reattaches with Last-Event-ID and skips any event it already has, so no text is duplicated
// or lost. Each event carries an id; `done` and `error` (with an id) are final.
import { ApiError } from '@/lib/api-client';
import { readSse, type SseMessage } from '@/lib/sse';

export interface RunMeta {
  runId: string;
  messageId: string;
  agent: string;
  taskKind: string;
  model: string;
  provider: string;
  contextDropped: number;
  reason?: string;
  attempts?: number;
  keySource?: 'user' | 'server';
  /** Whether the answering model thinks longer for this answer (absent from older events). */
  thinking?: boolean;
}

export interface RunUsage {
  inputTokens: number;
  outputTokens: number;
  estimated: boolean;
  costUsd: number;
  ttftMs: number | null;
  durationMs: number;
}

export type RunEvent =
  | { type: 'meta'; id: number; data: RunMeta }
  | { type: 'reasoning'; id: number; data: { text: string } }
  | { type: 'token'; id: number; data: { text: string } }
  | { type: 'citation'; id: number; data: { index: number; url: string; title: string | null } }
  | { type: 'usage'; id: number; data: RunUsage }
  | {
      type: 'done';
      id: number;
      data: { messageId: string; status: 'complete' | 'aborted'; reason: string | null; finishReason: string | null };
    }
  | { type: 'error'; id: number; data: { code: string; detail: string } };

const KNOWN = new Set(['meta', 'reasoning', 'token', 'citation', 'usage', 'done', 'error']);

export interface FollowRunOptions {
  /** The response of the send request, when the stream starts there. */
  initial?: Response;
  /** Opens the run's events after the given event id (sent as Last-Event-ID). */
  open: (lastEventId: number) => Promise<Response>;
  onEvent: (event: RunEvent) => void;
  /** The connection broke; a reconnect follows after a pause. */
  onReconnecting?: (attempt: number, error: unknown) => void;
  /** Events up to this id were seen already (0: from the start). */
  lastEventId?: number;
  signal?: AbortSignal;
  /** Consecutive failed reconnects before giving up. */
  maxAttempts?: number;
  delayMs?: (attempt: number) => number;
}

export type FollowOutcome = 'done' | 'error' | 'expired' | 'aborted';

const defaultDelay = (attempt: number) => Math.min(500 * 2 ** (attempt - 1), 8000) * (0.8 + Math.random() * 0.4);

function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function parse(message: SseMessage, id: number): RunEvent | undefined {
  if (!KNOWN.has(message.event)) return undefined;
  try {
    return { type: message.event, id, data: JSON.parse(message.data) } as RunEvent;
  } catch {
    return undefined;
  }
}

/** A failure worth reconnecting for: the network, the server's 5xx, rate limits. */
const transient = (error: unknown) =>
  !(error instanceof ApiError) || error.status === 0 || error.status === 429 || error.status >= 500;

export async function followRun(options: FollowRunOptions): Promise<{ outcome: FollowOutcome; lastEventId: number }> {
  const { open, onEvent, signal, maxAttempts = 8, delayMs = defaultDelay } = options;
  let lastEventId = options.lastEventId ?? 0;
  let response = options.initial;
  let attempt = 0;

  for (;;) {
    if (signal?.aborted) return { outcome: 'aborted', lastEventId };
    let failure: unknown = new Error('the event stream ended before the answer did');
    try {
      response ??= await open(lastEventId);
      if (!response.body) throw new Error('the event stream has no body');
      for await (const message of readSse(response.body, signal)) {
        const id = message.id === undefined ? Number.NaN : Number(message.id);
        // An event without an id is the server saying its side of the stream broke: reconnect.
        if (!Number.isInteger(id)) {
          if (message.event === 'error') break;
          continue;
        }
        if (id <= lastEventId) continue;
        lastEventId = id;
        attempt = 0;
        const event = parse(message, id);
        if (!event) continue;
        onEvent(event);
        if (event.type === 'done' || event.type === 'error') return { outcome: event.type, lastEventId };
      }
    } catch (error) {
      if (signal?.aborted) return { outcome: 'aborted', lastEventId };
      if (error instanceof ApiError && error.status === 410) return { outcome: 'expired', lastEventId };
      if (!transient(error)) throw error;
      failure = error;
    }
    response = undefined;
    if (signal?.aborted) return { outcome: 'aborted', lastEventId };
    attempt += 1;
    if (attempt > maxAttempts) throw failure;
    options.onReconnecting?.(attempt, failure);
    await sleep(delayMs(attempt), signal);
  }
}
