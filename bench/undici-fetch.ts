// Replacements for the global `fetch` that the AI SDK uses when a provider is given none,
// installed in the Xionimus process by bench/xionimus-server.ts (BENCH_FETCH) without touching
// server code. They showed what an undici-based `fetch` passed to createOpenAI({ fetch }) would do;
// the server now passes one of its own (server/src/modules/providers/provider-fetch.ts, the
// undici-request kind) for endpoints the operator configured, so these only swap the global fetch.
//   undici-fetch:   the `fetch` of the undici package (v7) over a dedicated keep-alive Agent.
//   undici-request: a thin fetch on `undici.request`: no fetch machinery, the body handed over as
//                   a byte stream with back-pressure. Enough for the SDK (POST, JSON, SSE).
import { Agent, fetch as undiciFetch, request } from 'undici';

const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: null, pipelining: 1 });

function requestFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => {
    headers[name] = value;
  });
  return request(url, {
    method: (init.method ?? 'GET') as 'POST',
    headers,
    body: init.body as string | Buffer | undefined,
    signal: init.signal ?? undefined,
    dispatcher,
  }).then(({ statusCode, headers: answerHeaders, body }) => {
    const responseHeaders = new Headers();
    for (const name in answerHeaders) {
      const value = answerHeaders[name];
      if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
      else if (value !== undefined) responseHeaders.set(name, value);
    }
    if (statusCode === 204 || statusCode === 304) {
      body.resume();
      return new Response(null, { status: statusCode, headers: responseHeaders });
    }
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        body.on('data', (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 1) <= 0) body.pause();
        });
        body.once('end', () => controller.close());
        body.once('error', (error) => controller.error(error));
      },
      pull() {
        body.resume();
      },
      cancel(reason) {
        body.destroy(reason instanceof Error ? reason : undefined);
      },
    });
    return new Response(stream, { status: statusCode, headers: responseHeaders });
  });
}

export function installFetch(kind: string | undefined): string {
  if (kind === 'undici-request') {
    globalThis.fetch = requestFetch as typeof globalThis.fetch;
    return 'undici.request shim';
  }
  if (kind === 'undici-fetch') {
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) =>
      undiciFetch(input as string, { ...(init as object), dispatcher })) as unknown as typeof globalThis.fetch;
    return 'undici.fetch (npm) + Agent';
  }
  return 'global fetch';
}
