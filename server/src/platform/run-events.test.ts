import { describe, expect, it } from 'vitest';
import { memoryRunEventLog, type RunEvent, type RunEventListener, type RunEventLog } from './run-events.js';

async function readAll(log: RunEventLog, runId: string, afterId: number) {
  const events: RunEvent[] = [];
  for await (const event of log.read(runId, afterId, new AbortController().signal)) events.push(event);
  return events;
}

/** A run as the chat writes it: meta, text deltas, a citation amid them, usage, done. */
async function writeRun(log: RunEventLog, runId: string) {
  await log.append(runId, 'meta', { model: 'm' });
  for (const text of ['The ', 'answer', ' is']) await log.append(runId, 'token', { text });
  await log.append(runId, 'citation', { index: 1, url: 'https://example.com' });
  for (const text of [' 42', '.']) await log.append(runId, 'token', { text });
  await log.append(runId, 'token', { text: '!', extra: true });
  await log.append(runId, 'usage', { inputTokens: 1 });
  await log.append(runId, 'done', { status: 'complete' }, true);
}

describe('memory run event log', () => {
  it('gives back the same events from every Last-Event-ID once a run is finished and compacted', async () => {
    const log = memoryRunEventLog(60_000);
    const expected: RunEvent[] = [
      { id: 1, event: 'meta', data: { model: 'm' } },
      { id: 2, event: 'token', data: { text: 'The ' } },
      { id: 3, event: 'token', data: { text: 'answer' } },
      { id: 4, event: 'token', data: { text: ' is' } },
      { id: 5, event: 'citation', data: { index: 1, url: 'https://example.com' } },
      { id: 6, event: 'token', data: { text: ' 42' } },
      { id: 7, event: 'token', data: { text: '.' } },
      { id: 8, event: 'token', data: { text: '!', extra: true } },
      { id: 9, event: 'usage', data: { inputTokens: 1 } },
      { id: 10, event: 'done', data: { status: 'complete' } },
    ];
    await writeRun(log, 'run');
    for (let after = 0; after <= expected.length; after++) {
      expect(await readAll(log, 'run', after)).toEqual(expected.slice(after));
    }
  });

  it('gives back the same events from every Last-Event-ID while a run is still going', async () => {
    const log = memoryRunEventLog(60_000);
    await log.append('run', 'meta', { model: 'm' });
    for (const text of ['a', 'bc', '']) await log.append('run', 'token', { text });
    await log.append('run', 'citation', { index: 1 });
    await log.append('run', 'token', { text: 'd' });
    const expected: RunEvent[] = [
      { id: 1, event: 'meta', data: { model: 'm' } },
      { id: 2, event: 'token', data: { text: 'a' } },
      { id: 3, event: 'token', data: { text: 'bc' } },
      { id: 4, event: 'token', data: { text: '' } },
      { id: 5, event: 'citation', data: { index: 1 } },
      { id: 6, event: 'token', data: { text: 'd' } },
    ];
    for (let after = 0; after <= expected.length; after++) {
      const controller = new AbortController();
      // A reader that has every event waits for the next; it has nothing to wait for here.
      if (after === expected.length) controller.abort();
      const seen: RunEvent[] = [];
      for await (const event of log.read('run', after, controller.signal)) {
        seen.push(event);
        if (event.id === expected.length) controller.abort();
      }
      expect(seen).toEqual(expected.slice(after));
    }
  });

  it('lets a reader that followed a run live finish it across compaction without loss or duplicates', async () => {
    const log = memoryRunEventLog(60_000);
    await log.append('run', 'meta', {});
    const controller = new AbortController();
    const seen: RunEvent[] = [];
    const reading = (async () => {
      for await (const event of log.read('run', 0, controller.signal)) seen.push(event);
    })();
    for (let index = 0; index < 50; index++) await log.append('run', 'token', { text: `t${index} ` });
    await log.append('run', 'done', {}, true);
    await reading;
    expect(seen.map((event) => event.id)).toEqual(Array.from({ length: 52 }, (_, index) => index + 1));
    const text = seen.map((event) => (event.event === 'token' ? (event.data as { text: string }).text : '')).join('');
    expect(text).toBe(Array.from({ length: 50 }, (_, index) => `t${index} `).join(''));
  });

  it('forgets a finished run after the retention period', async () => {
    const log = memoryRunEventLog(20);
    await writeRun(log, 'run');
    expect(await log.exists('run')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await log.exists('run')).toBe(false);
    expect(await readAll(log, 'run', 0)).toEqual([]);
  });

  it('pushes what a follower missed at once, then the appends of one moment as one batch, and ends after the final one', async () => {
    const log = memoryRunEventLog(60_000);
    await log.append('run', 'meta', {});
    await log.append('run', 'token', { text: 'a' });
    const batches: number[][] = [];
    let ended = 0;
    log.follow('run', 1, {
      events: (batch) => batches.push(batch.map((event) => event.id)) > 0,
      end: () => ended++,
    });
    expect(batches).toEqual([[2]]);
    void log.append('run', 'token', { text: 'b' });
    void log.append('run', 'usage', {});
    await log.append('run', 'done', {}, true);
    await Promise.resolve();
    expect(batches).toEqual([[2], [3, 4, 5]]);
    expect(ended).toBe(1);
  });

  it('holds events back while its listener is paused and gives them all on resume, without loss or duplicates', async () => {
    const log = memoryRunEventLog(60_000);
    await log.append('run', 'meta', {});
    const seen: RunEvent[] = [];
    let accept = false;
    let ended = false;
    const listener: RunEventListener = {
      events: (batch) => seen.push(...batch) > 0 && accept,
      end: () => (ended = true),
    };
    const follow = log.follow('run', 0, listener);
    for (const text of ['x', 'y']) await log.append('run', 'token', { text });
    await log.append('run', 'done', {}, true);
    expect(seen.map((event) => event.id)).toEqual([1]);
    expect(ended).toBe(false);
    accept = true;
    follow.resume();
    expect(seen).toEqual([
      { id: 1, event: 'meta', data: {} },
      { id: 2, event: 'token', data: { text: 'x' } },
      { id: 3, event: 'token', data: { text: 'y' } },
      { id: 4, event: 'done', data: {} },
    ]);
    expect(ended).toBe(true);
  });

  it('stops pushing to a follower that stopped, and ends at once for a run it does not keep', async () => {
    const log = memoryRunEventLog(60_000);
    await log.append('run', 'meta', {});
    const seen: number[] = [];
    const follow = log.follow('run', 0, { events: (batch) => seen.push(batch.length) > 0, end: () => seen.push(-1) });
    follow.stop();
    await log.append('run', 'done', {}, true);
    await Promise.resolve();
    expect(seen).toEqual([1]);
    let ended = false;
    log.follow('unknown', 0, { events: () => true, end: () => (ended = true) });
    expect(ended).toBe(true);
  });
});
