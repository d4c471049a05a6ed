import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { openSse } from './sse.js';

describe('server-sent events', () => {
  const app = Fastify();
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
});
