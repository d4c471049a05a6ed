import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryRunEventLog, type RunFollow } from './run-events.js';
import { openSse, relayRun } from './sse.js';

describe('server-sent events', () => {
  let app: FastifyInstance;
  beforeEach(() => {
    app = Fastify();
  });
  afterEach(async () => {
    // fetch keeps its socket alive for a few seconds; the test does not wait for that.
    app.server.closeAllConnections();
    await app.close();
  });

  it('sends events with ids, heartbeat comments while idle, and notices a client that leaves', async () => {
    let clientLeft: Promise<void> | undefined;
    app.get('/events', async (request, reply) => {
      reply.header('x-request-id', 'kept');
      const sse = openSse(request, reply, undefined, 20);
      clientLeft = new Promise((resolve) => sse.signal.addEventListener('abort', () => resolve()));
      await sse.send({ id: 1, event: 'token', data: { text: 'a' } });
      await new Promise((resolve) => setTimeout(resolve, 120));
      await sse.send({ id: 2, event: 'done', data: 'plain' });
      await clientLeft;
      sse.end();
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${address.port}/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('x-request-id')).toBe('kept');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('event: done')) text += (await reader.read()).value ?? '';
    expect(text).toContain('id: 1\nevent: token\ndata: {"text":"a"}\n\n');
    expect(text.match(/^: ping$/gm)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toContain('id: 2\nevent: done\ndata: plain\n\n');
    controller.abort();
    await clientLeft;
  });

  it('relays a run from its log: what is there, then live events with heartbeats between, and ends after the final one', async () => {
    const log = memoryRunEventLog(60_000);
    await log.append('run', 'meta', { model: 'm' });
    app.get('/run', async (request, reply) => {
      relayRun(request, reply, (listener) => log.follow('run', 0, listener), 20);
      return reply;
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${address.port}/run`);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = (await reader.read()).value ?? '';
    expect(text).toBe('id: 1\nevent: meta\ndata: {"model":"m"}\n\n');
    await new Promise((resolve) => setTimeout(resolve, 70));
    void log.append('run', 'token', { text: 'a' });
    await log.append('run', 'done', { status: 'complete' }, true);
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += chunk.value;
    expect(text.match(/^: ping$/gm)?.length).toBeGreaterThanOrEqual(2);
    expect(text.replace(/: ping\n\n/g, '')).toBe(
      'id: 1\nevent: meta\ndata: {"model":"m"}\n\n' +
        'id: 2\nevent: token\ndata: {"text":"a"}\n\n' +
        'id: 3\nevent: done\ndata: {"status":"complete"}\n\n',
    );
  });

  it('stops following a run when its client leaves, and the run goes on', async () => {
    const log = memoryRunEventLog(60_000);
    await log.append('run', 'meta', {});
    let stopped!: () => void;
    const stop = new Promise<void>((resolve) => (stopped = resolve));
    app.get('/run', async (request, reply) => {
      relayRun(request, reply, (listener): RunFollow => {
        const follow = log.follow('run', 0, listener);
        return { resume: follow.resume, stop: () => (follow.stop(), stopped()) };
      });
      return reply;
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${address.port}/run`, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await stop;
    await log.append('run', 'done', {}, true);
    const seen: number[] = [];
    log.follow('run', 0, { events: (batch) => seen.push(...batch.map((event) => event.id)) > 0, end: () => undefined });
    expect(seen).toEqual([1, 2]);
  });
});
