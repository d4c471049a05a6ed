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
  exists(runId: string): Promise<boolean>;
}

/** Consecutive text events of a finished run folded into one string, and where each event ended. */
interface TextSpan extends RunEvent {
  data: { text: string };
  firstId: number;
  /** Text length after event firstId + i: each event can be given back exactly as it was sent. */
  ends: Uint32Array;
}

interface MemoryRun {
  /** While running, event id n is at index n - 1; once finished, compacted into spans. */
  events: Array<RunEvent | TextSpan>;
  lastId: number;
  finished: boolean;
  wake: Set<() => void>;
}

const isTextEvent = (event: RunEvent, name: string) =>
  event.event === name &&
  typeof (event.data as { text?: unknown } | null)?.text === 'string' &&
  Object.keys(event.data as object).length === 1;

/** A finished run keeps its text once instead of one object per token, for the retention period. */
function compact(events: RunEvent[], textEvent: string): Array<RunEvent | TextSpan> {
  const kept: Array<RunEvent | TextSpan> = [];
  for (let index = 0; index < events.length;) {
    const event = events[index]!;
    let end = index;
    while (end < events.length && isTextEvent(events[end]!, textEvent)) end++;
    if (end - index < 2) {
      kept.push(event);
      index++;
      continue;
    }
    const texts = events.slice(index, end).map((item) => (item.data as { text: string }).text);
    const ends = new Uint32Array(texts.length);
    let length = 0;
    texts.forEach((text, at) => (ends[at] = length += text.length));
    kept.push({ id: events[end - 1]!.id, event: textEvent, data: { text: texts.join('') }, firstId: event.id, ends });
    index = end;
  }
  return kept;
}

/** The events after `afterId`, the same whether the run was compacted or not. */
function eventsAfter(run: MemoryRun, afterId: number): RunEvent[] {
  if (!run.finished) return run.events.slice(afterId);
  const after: RunEvent[] = [];
  for (const event of run.events) {
    if (event.id <= afterId) continue;
    if (!('firstId' in event)) {
      after.push(event);
      continue;
    }
    for (let id = Math.max(event.firstId, afterId + 1); id <= event.id; id++) {
      const start = id === event.firstId ? 0 : event.ends[id - event.firstId - 1]!;
      const text = event.data.text.slice(start, event.ends[id - event.firstId]);
      after.push({ id, event: event.event, data: { text } });
    }
  }
  return after;
}

/**
 * `textEvent` names the events whose data is `{ text }` alone, deltas of one text: a finished
 * run keeps them as one string and their boundaries (not an object per token) for the retention
 * period, and gives each back with its id and text when a client resumes or replays.
 */
export function memoryRunEventLog(retentionMs: number, { textEvent = 'token' } = {}): RunEventLog {
  const runs = new Map<string, MemoryRun>();
  const runOf = (runId: string) => {
    let run = runs.get(runId);
    if (!run) {
      run = { events: [], lastId: 0, finished: false, wake: new Set() };
      runs.set(runId, run);
    }
    return run;
  };
  return {
    async append(runId, event, data, final = false) {
      const run = runOf(runId);
      const id = ++run.lastId;
      run.events.push({ id, event, data });
      if (final && !run.finished) {
        run.events = compact(run.events as RunEvent[], textEvent);
        run.finished = true;
        setTimeout(() => runs.delete(runId), retentionMs).unref();
      }
      for (const wake of run.wake) wake();
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
          const wake = () => {
            run.wake.delete(wake);
            signal.removeEventListener('abort', wake);
            resolve();
          };
          run.wake.add(wake);
          signal.addEventListener('abort', wake, { once: true });
        });
      }
    },
    async exists(runId) {
      return runs.has(runId);
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
      const reader = redis.duplicate();
      reader.on('error', () => undefined);
      const stop = () => reader.disconnect();
      signal.addEventListener('abort', stop, { once: true });
      try {
        let last = `${afterId}-0`;
        const backlog = parse((await reader.xrange(key(runId), `(${last}`, '+')) as Array<[string, string[]]>);
        for (const event of backlog) {
          yield { id: event.id, event: event.event, data: event.data };
          last = `${event.id}-0`;
          if (event.final) return;
        }
        while (!signal.aborted) {
          const reply = (await reader.xread('BLOCK', 15_000, 'STREAMS', key(runId), last).catch(() => null)) as Array<
            [string, Array<[string, string[]]>]
          > | null;
          if (!reply) {
            if (signal.aborted || !(await reader.exists(key(runId)).catch(() => 0))) return;
            continue;
          }
          for (const event of parse(reply[0]?.[1] ?? [])) {
            yield { id: event.id, event: event.event, data: event.data };
            last = `${event.id}-0`;
            if (event.final) return;
          }
        }
      } finally {
        signal.removeEventListener('abort', stop);
        reader.disconnect();
      }
    },
    async exists(runId) {
      return (await redis.exists(key(runId))) === 1;
    },
  };
}
