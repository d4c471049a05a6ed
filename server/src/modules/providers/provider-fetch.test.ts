import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviderFetch } from './provider-fetch.js';
import { isRetryable } from './retry.js';

describe('provider fetch', () => {
  let server: Server;
  let url: string;
  const seen: Array<{ method?: string; headers: Record<string, unknown>; body: string }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += String(chunk)));
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body });
        if (req.url === '/stream') {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'up-1' });
          res.write('data: one\n\n');
          setTimeout(() => res.end('data: two\n\n'), 10);
        } else if (req.url === '/limited') {
          res.writeHead(429, { 'retry-after': '3', 'content-type': 'application/json' });
          res.end('{"error":{"message":"slow down"}}');
        } else if (req.url === '/cut') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('data: one\n\n', () => res.destroy());
        }
        // '/hang' never answers.
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const fetch = createProviderFetch();

  it('posts the body and headers and streams the answer back with its status and headers', async () => {
    const response = await fetch(`${url}/stream`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', authorization: 'Bearer sk-test' },
      body: '{"stream":true}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('up-1');
    expect(await response.text()).toBe('data: one\n\ndata: two\n\n');
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      body: '{"stream":true}',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
    });
  });

  it('answers an error status as a response, as fetch does', async () => {
    const response = await fetch(`${url}/limited`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toEqual({ error: { message: 'slow down' } });
  });

  it('rejects with the abort reason when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = fetch(`${url}/hang`, { method: 'POST', body: '{}', signal: controller.signal });
    const reason = new Error('first token timeout');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('fails like fetch when the server cannot be reached, which is worth a retry', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failure = await fetch(`http://127.0.0.1:${port}/v1`, { method: 'POST', body: '{}' }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe('fetch failed');
    expect(((failure as TypeError).cause as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isRetryable(failure)).toBe(true);
  });

  it('errors the body stream as "terminated" when the connection breaks mid-answer', async () => {
    const response = await fetch(`${url}/cut`, { method: 'POST', body: '{}' });
    const failure = await response.text().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe('terminated');
    expect(isRetryable(failure)).toBe(true);
  });
});
