// The event log of a running answer, so a client that reconnects with Last-Event-ID resumes
// from the next event without loss or duplication, also after the answer finished (for a
// retention period). In memory for one instance; with Redis, a Redis stream per run lets a
// client reattach through any instance.
import type { Redis } from 'ioredis';

export interface RunEvent {
  id: number;
  event: string;
  data: unknown;
}

export interface RunEventLog {
  /** Appends an event; `final` marks the run finished (readers stop after it). */
  append(runId: string, event: string, data: unknown, final?: boolean): Promise<number>;
  /** Events after `afterId`, then new ones as they come, until the final event or `signal` aborts. */
  read(runId: string, afterId: number, signal: AbortSignal): AsyncIterable<RunEvent>;
  /**
   * What `read` gives, pushed to `listener` in batches (the events there are when it asks): a
   * relay then holds no generator, promise or signal between events and writes a batch at once.
   */
  follow(runId: string, afterId: number, listener: RunEventListener): RunFollow;
  exists(runId: string): Promise<boolean>;
}

export interface RunEventListener {
  /** The next events, in order; returning false pauses delivery until `resume()`. */
  events(batch: RunEvent[]): boolean;
  /** After the final event (or at once for an unknown run), or when the log failed; never after `stop()`. */
  end(error?: unknown): void;
}

export interface RunFollow {
  resume(): void;
  stop(): void;
}

/**
 * Consecutive text events kept as their texts alone, not as an object per token: while the run
 * goes on, one string per event; once it finished, one string and where each event ended.
 */
interface TextSpan {
  firstId: number;
  /** The id of the span's last event. */
  id: number;
  texts: string[] | { text: string; ends: Uint32Array };
}

interface Waiter {
  wake(): void;
}

interface MemoryRun {
  events: Array<RunEvent | TextSpan>;
  lastId: number;
  finished: boolean;
  waiters: Set<Waiter>;
  /** Waiters are woken once per turn of the microtask queue: appends made together arrive together. */
  waking: boolean;
}

const isSpan = (entry: RunEvent | TextSpan): entry is TextSpan => 'texts' in entry;

/** The text of the span's event `index` (0 for its first). */
function textAt(span: TextSpan, index: number): string {
  const { texts } = span;
  if (Array.isArray(texts)) return texts[index]!;
  return texts.text.slice(index === 0 ? 0 : texts.ends[index - 1], texts.ends[index]);
}

/** A finished span: its texts as one string and their boundaries, for the retention period. */
function fold(span: TextSpan): TextSpan {
  if (!Array.isArray(span.texts)) return span;
  const ends = new Uint32Array(span.texts.length);
  let length = 0;
  span.texts.forEach((text, index) => (ends[index] = length += text.length));
  return { ...span, texts: { text: span.texts.join(''), ends } };
}

/**
 * `textEvent` names the events whose data is `{ text }` alone, deltas of one text: a run keeps
 * consecutive ones as a span of strings (folded into one string once it finished) for as long as
 * it is kept, and gives each back with its id and text when a client resumes or replays.
 */
export function memoryRunEventLog(retentionMs: number, { textEvent = 'token' } = {}): RunEventLog {
  const runs = new Map<string, MemoryRun>();
  const runOf = (runId: string) => {
    let run = runs.get(runId);
    if (!run) {
      run = { events: [], lastId: 0, finished: false, waiters: new Set(), waking: false };
      runs.set(runId, run);
    }
    return run;
  };
  const isText = (event: string, data: unknown): data is { text: string } =>
    event === textEvent &&
    typeof (data as { text?: unknown } | null)?.text === 'string' &&
    Object.keys(data as object).length === 1;

  /** The events after `afterId`, the same whether they were kept in spans or not. */
  function eventsAfter(run: MemoryRun, afterId: number): RunEvent[] {
    const after: RunEvent[] = [];
    for (const entry of run.events) {
      if (entry.id <= afterId) continue;
      if (!isSpan(entry)) {
        after.push(entry);
        continue;
      }
      for (let id = Math.max(entry.firstId, afterId + 1); id <= entry.id; id++) {
        after.push({ id, event: textEvent, data: { text: textAt(entry, id - entry.firstId) } });
      }
    }
    return after;
  }

  return {
    async append(runId, event, data, final = false) {
      const run = runOf(runId);
      const id = ++run.lastId;
      const last = run.events.at(-1);
      if (!isText(event, data)) run.events.push({ id, event, data });
      else if (last && isSpan(last) && Array.isArray(last.texts)) {
        last.texts.push(data.text);
        last.id = id;
      } else run.events.push({ firstId: id, id, texts: [data.text] });
      if (final && !run.finished) {
        run.events = run.events.map((entry) => (isSpan(entry) ? fold(entry) : entry));
        run.finished = true;
        setTimeout(() => runs.delete(runId), retentionMs).unref();
      }
      if (!run.waking && run.waiters.size > 0) {
        run.waking = true;
        queueMicrotask(() => {
          run.waking = false;
          for (const waiter of run.waiters) waiter.wake();
        });
      }
      return id;
    },
    async *read(runId, afterId, signal) {
      const run = runs.get(runId);
      if (!run) return;
      let next = afterId;
      while (!signal.aborted) {
        for (const event of next < run.lastId ? eventsAfter(run, next) : []) {
          next = event.id;
          yield event;
          if (signal.aborted) return;
        }
        if (next < run.lastId) continue;
        if (run.finished) return;
        await new Promise<void>((resolve) => {
          const waiter = {
            wake() {
              run.waiters.delete(waiter);
              signal.removeEventListener('abort', waiter.wake);
              resolve();
            },
          };
          run.waiters.add(waiter);
          signal.addEventListener('abort', waiter.wake, { once: true });
        });
      }
    },
    follow(runId, afterId, listener) {
      const run = runs.get(runId);
      let next = afterId;
      let paused = false;
      let stopped = !run;
      const follow = {
        wake() {
          while (!paused && !stopped && next < run!.lastId) {
            const batch = eventsAfter(run!, next);
            next = run!.lastId;
            paused = !listener.events(batch);
          }
          if (stopped || next < run!.lastId || !run!.finished) return;
          follow.stop();
          listener.end();
        },
        resume() {
          if (!paused) return;
          paused = false;
          follow.wake();
        },
        stop() {
          stopped = true;
          run?.waiters.delete(follow);
        },
      };
      if (run) {
        run.waiters.add(follow);
        follow.wake();
      } else {
        listener.end();
      }
      return follow;
    },
    async exists(runId) {
      return runs.has(runId);
    },
  };
}

/** `follow` for a log read in batches: each batch is pushed as it comes, the next read waits while paused. */
function followBatches(
  open: (signal: AbortSignal) => AsyncIterable<RunEvent[]>,
  listener: RunEventListener,
): RunFollow {
  const controller = new AbortController();
  let resume: (() => void) | undefined;
  void (async () => {
    try {
      for await (const batch of open(controller.signal)) {
        if (controller.signal.aborted) return;
        if (!listener.events(batch)) await new Promise<void>((resolve) => (resume = resolve));
        if (controller.signal.aborted) return;
      }
      if (!controller.signal.aborted) listener.end();
    } catch (error) {
      if (!controller.signal.aborted) listener.end(error);
    }
  })();
  return {
    resume() {
      resume?.();
      resume = undefined;
    },
    stop() {
      controller.abort();
      this.resume();
    },
  };
}

/**
 * Redis streams: entry ids are `<event id>-0`, so Last-Event-ID maps straight onto XRANGE/XREAD.
 * Readers block on a connection of their own (XREAD BLOCK), duplicated per reader.
 */
export function redisRunEventLog(redis: Redis, retentionMs: number, prefix = 'xionimus:run:'): RunEventLog {
  const counters = new Map<string, number>();
  const key = (runId: string) => prefix + runId;
  const parse = (entries: Array<[string, string[]]>): Array<RunEvent & { final: boolean }> =>
    entries.map(([entryId, fields]) => {
      const values = Object.fromEntries(
        fields.reduce<string[][]>((pairs, value, index) => {
          if (index % 2 === 0) pairs.push([value]);
          else pairs.at(-1)!.push(value);
          return pairs;
        }, []),
      );
      return {
        id: Number(entryId.split('-')[0]),
        event: values.event ?? 'message',
        data: JSON.parse(values.data ?? 'null') as unknown,
        final: values.final === '1',
      };
    });

  /** The events after `afterId` as Redis gives them (the backlog, then each XREAD reply), up to the final one. */
  async function* batches(runId: string, afterId: number, signal: AbortSignal): AsyncGenerator<RunEvent[]> {
    const reader = redis.duplicate();
    reader.on('error', () => undefined);
    const stop = () => reader.disconnect();
    signal.addEventListener('abort', stop, { once: true });
    const upToFinal = (events: Array<RunEvent & { final: boolean }>) => {
      const final = events.findIndex((event) => event.final);
      const kept = final < 0 ? events : events.slice(0, final + 1);
      return { batch: kept.map(({ id, event, data }) => ({ id, event, data })), final: final >= 0 };
    };
    try {
      let last = `${afterId}-0`;
      const backlog = upToFinal(parse((await reader.xrange(key(runId), `(${last}`, '+')) as Array<[string, string[]]>));
      if (backlog.batch.length > 0) {
        yield backlog.batch;
        last = `${backlog.batch.at(-1)!.id}-0`;
      }
      if (backlog.final) return;
      while (!signal.aborted) {
        const reply = (await reader.xread('BLOCK', 15_000, 'STREAMS', key(runId), last).catch(() => null)) as Array<
          [string, Array<[string, string[]]>]
        > | null;
        if (!reply) {
          if (signal.aborted || !(await reader.exists(key(runId)).catch(() => 0))) return;
          continue;
        }
        const { batch, final } = upToFinal(parse(reply[0]?.[1] ?? []));
        if (batch.length > 0) {
          yield batch;
          last = `${batch.at(-1)!.id}-0`;
        }
        if (final) return;
      }
    } finally {
      signal.removeEventListener('abort', stop);
      reader.disconnect();
    }
  }

  return {
    async append(runId, event, data, final = false) {
      const id = (counters.get(runId) ?? 0) + 1;
      counters.set(runId, id);
      const pipeline = redis
        .multi()
        .xadd(key(runId), `${id}-0`, 'event', event, 'data', JSON.stringify(data), 'final', final ? '1' : '0')
        .pexpire(key(runId), retentionMs + 3_600_000);
      if (final) {
        counters.delete(runId);
        pipeline.pexpire(key(runId), retentionMs);
      }
      await pipeline.exec();
      return id;
    },
    async *read(runId, afterId, signal) {
      for await (const batch of batches(runId, afterId, signal)) yield* batch;
    },
    follow(runId, afterId, listener) {
      return followBatches((signal) => batches(runId, afterId, signal), listener);
    },
    async exists(runId) {
      return (await redis.exists(key(runId))) === 1;
    },
  };
}
