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

interface MemoryRun {
  events: RunEvent[];
  finished: boolean;
  wake: Set<() => void>;
}

export function memoryRunEventLog(retentionMs: number): RunEventLog {
  const runs = new Map<string, MemoryRun>();
  const runOf = (runId: string) => {
    let run = runs.get(runId);
    if (!run) {
      run = { events: [], finished: false, wake: new Set() };
      runs.set(runId, run);
    }
    return run;
  };
  return {
    async append(runId, event, data, final = false) {
      const run = runOf(runId);
      const id = run.events.length + 1;
      run.events.push({ id, event, data });
      if (final) {
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
        while (next < run.events.length) {
          const event = run.events[next++]!;
          yield event;
        }
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
