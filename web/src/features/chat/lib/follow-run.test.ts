import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api-client';
import { sseEvent, sseResponse } from '@/test/sse-response';
import { followRun, type RunEvent } from './follow-run';

const meta = {
  runId: 'r1',
  messageId: 'm1',
  agent: 'assistant',
  taskKind: 'general',
  model: 'gpt-4.1',
  provider: 'openai',
  contextDropped: 0,
};
const words = ['Resume ', 'without ', 'duplicating ', 'a ', 'single ', 'word.'];
const token = (id: number) => sseEvent(id, 'token', { text: words[id - 2] });
const done = (id: number) =>
  sseEvent(id, 'done', { messageId: 'm1', status: 'complete', reason: null, finishReason: 'stop' });

const textOf = (events: RunEvent[]) => events.map((event) => (event.type === 'token' ? event.data.text : '')).join('');

describe('following an answer', () => {
  it('resumes after a dropped connection from the last event id, without duplicating text', async () => {
    const events: RunEvent[] = [];
    // The first connection carries meta and two tokens, then breaks mid-event.
    const initial = sseResponse([sseEvent(1, 'meta', meta), token(2), token(3), 'id: 4\nevent: tok'], {
      breakAtEnd: true,
    });
    // The server may repeat events the client has (ids 3 and 4 here): they must be skipped.
    const open = vi.fn(async (lastEventId: number) => {
      expect(lastEventId).toBe(3);
      return sseResponse([token(3), token(4), token(5), token(6), token(7), done(8)]);
    });
    const reconnects: number[] = [];

    const result = await followRun({
      initial,
      open,
      onEvent: (event) => events.push(event),
      onReconnecting: (attempt) => reconnects.push(attempt),
      delayMs: () => 0,
    });

    expect(result).toEqual({ outcome: 'done', lastEventId: 8 });
    expect(open).toHaveBeenCalledTimes(1);
    expect(reconnects).toEqual([1]);
    expect(textOf(events)).toBe(words.join(''));
    expect(events.map((event) => event.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('reconnects when the server reports a broken stream with an id-less error event', async () => {
    const events: RunEvent[] = [];
    const initial = sseResponse([
      sseEvent(1, 'meta', meta),
      token(2),
      sseEvent(undefined, 'error', { code: 'stream_failed', detail: 'reconnect' }),
    ]);
    const open = vi.fn(async () => sseResponse([token(3), done(4)]));
    const result = await followRun({ initial, open, onEvent: (event) => events.push(event), delayMs: () => 0 });
    expect(result.outcome).toBe('done');
    expect(open).toHaveBeenCalledWith(2);
    expect(textOf(events)).toBe('Resume without ');
    expect(events.some((event) => event.type === 'error')).toBe(false);
  });

  it('stops at a final error event and reports it', async () => {
    const events: RunEvent[] = [];
    const initial = sseResponse([
      sseEvent(1, 'meta', meta),
      sseEvent(2, 'error', { code: 'provider_unavailable', detail: 'down' }),
    ]);
    const result = await followRun({ initial, open: vi.fn(), onEvent: (event) => events.push(event) });
    expect(result.outcome).toBe('error');
    expect(events.at(-1)).toMatchObject({ type: 'error', data: { code: 'provider_unavailable' } });
  });

  it('reports an answer whose events expired (410) so the stored message is read instead', async () => {
    const open = vi.fn(async () => {
      throw new ApiError(410, { code: 'run_expired', detail: 'gone' });
    });
    await expect(followRun({ open, onEvent: () => undefined })).resolves.toEqual({
      outcome: 'expired',
      lastEventId: 0,
    });
  });

  it('gives up on a refusal instead of retrying it', async () => {
    const open = vi.fn(async () => {
      throw new ApiError(404, { code: 'run_not_found', detail: 'no such run' });
    });
    await expect(followRun({ open, onEvent: () => undefined, delayMs: () => 0 })).rejects.toMatchObject({
      code: 'run_not_found',
    });
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('gives up after the configured number of failed reconnects', async () => {
    const open = vi.fn(async () => {
      throw new ApiError(0, { detail: 'offline' });
    });
    await expect(followRun({ open, onEvent: () => undefined, maxAttempts: 3, delayMs: () => 0 })).rejects.toMatchObject(
      {
        code: 'network_error',
      },
    );
    expect(open).toHaveBeenCalledTimes(4);
  });
});
