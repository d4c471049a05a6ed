// OpenTelemetry end to end: the server starts through main.ts with OTEL_EXPORTER_OTLP_ENDPOINT
// pointing at a local collector, answers real requests (one continuing a caller's trace, one chat
// answer from the fake OpenAI server), shuts down, and the test reads what the exporter sent.
// The tracer provider is global to the process, so this file starts it once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { startServer } from '../../src/main.js';
import { TEST_SECRET_KEY } from '../support/app.js';
import { SERVER_KEYS } from '../support/chat.js';
import { createTestDatabase } from '../support/database.js';
import { startFakeProviders, type FakeProviders } from '../support/fake-providers.js';
import { SPAN_KIND, startFakeCollector, type ExportedSpan, type FakeCollector } from './fake-collector.js';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
// Planted in the traced requests; none may reach the collector.
const PLANTED = {
  cookie: 'xionimus_refresh=planted-refresh-cookie-5c1d',
  queryKey: 'sk-PLANTEDqueryKey0123456789',
  prompt: 'planted prompt text 8e2f',
};

describe('OpenTelemetry tracing', () => {
  let collector: FakeCollector;
  let fake: FakeProviders;
  let spans: ExportedSpan[];
  let accessToken: string;
  let listStatus: number;
  let chatStatus: number;
  let dataDir: string;
  let dropDatabase: () => Promise<void>;

  beforeAll(async () => {
    collector = await startFakeCollector();
    fake = await startFakeProviders();
    const database = await createTestDatabase();
    dropDatabase = () => database.drop();
    dataDir = mkdtempSync(join(tmpdir(), 'xionimus-tracing-'));
    const app = await startServer(
      parseConfig({
        PORT: '0',
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        SECRET_KEY: TEST_SECRET_KEY,
        LOG_LEVEL: 'silent',
        APP_VERSION: '7.7.7-test',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=collector%20key%201',
        OTEL_SERVICE_NAME: 'xionimus-trace-test',
        OPENAI_API_KEY: SERVER_KEYS.openai,
        OPENAI_BASE_URL: fake.baseUrl('openai'),
        PROVIDER_TIMEOUT_SECONDS: '2',
      }),
      { handleSignals: false },
    );
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const json = { 'content-type': 'application/json' };

    const registered = await fetch(`${url}/api/auth/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'traced@example.test', password: 'correct horse battery staple' }),
    });
    accessToken = ((await registered.json()) as { accessToken: string }).accessToken;
    const auth = { authorization: `Bearer ${accessToken}` };

    const list = await fetch(`${url}/api/chat/sessions?api_key=${PLANTED.queryKey}`, {
      headers: { ...auth, cookie: PLANTED.cookie, traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
    });
    listStatus = list.status;
    await list.arrayBuffer();

    const session = await fetch(`${url}/api/chat/sessions`, {
      method: 'POST',
      headers: { ...json, ...auth },
      body: '{}',
    });
    const { id } = (await session.json()) as { id: string };
    const answer = await fetch(`${url}/api/chat/sessions/${id}/messages`, {
      method: 'POST',
      headers: { ...json, ...auth },
      body: JSON.stringify({ content: PLANTED.prompt, model: 'gpt-4.1-nano' }),
    });
    chatStatus = answer.status;
    expect(await answer.text()).toContain('event: done');

    expect((await fetch(`${url}/api/no-such-route`, { method: 'POST' })).status).toBe(404);

    // Graceful shutdown (main.ts) flushes what the batch processor still holds.
    await app.close();
    spans = collector.spans();
  });

  afterAll(async () => {
    await collector?.close();
    await fake?.close();
    await dropDatabase?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const serverSpan = (name: string) => {
    const found = spans.filter((span) => span.kind === SPAN_KIND.server && span.name === name);
    expect(found, `server spans named ${name} among ${spans.map((span) => span.name).join(', ')}`).toHaveLength(1);
    return found[0]!;
  };

  it('exports to {endpoint}/v1/traces with the configured headers, service name and version', () => {
    expect(collector.exports.length).toBeGreaterThan(0);
    for (const received of collector.exports) {
      expect(received.path).toBe('/v1/traces');
      expect(received.headers['x-collector-key']).toBe('collector key 1');
    }
    expect(spans[0]?.resource).toMatchObject({
      'service.name': 'xionimus-trace-test',
      'service.version': '7.7.7-test',
    });
  });

  it('names a request span by method and route pattern, with its status', () => {
    const message = serverSpan('POST /api/chat/sessions/:id/messages');
    expect(message.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/api/chat/sessions/:id/messages',
      'http.response.status_code': chatStatus,
    });
    expect(message.attributes['url.path']).toMatch(/^\/api\/chat\/sessions\/[\w-]+\/messages$/);
    const unmatched = serverSpan('POST unmatched');
    expect(unmatched.attributes['http.response.status_code']).toBe(404);
  });

  it('continues the trace of an incoming W3C traceparent', () => {
    const list = serverSpan('GET /api/chat/sessions');
    expect(list.traceId).toBe(CALLER_TRACE);
    expect(list.parentSpanId).toBe(CALLER_SPAN);
    expect(list.attributes['http.response.status_code']).toBe(listStatus);
    // Requests without one start traces of their own.
    expect(serverSpan('POST /api/chat/sessions').traceId).not.toBe(CALLER_TRACE);
  });

  it('records an AI call with provider, model, tokens and outcome, and its HTTP call as a client span', () => {
    const request = serverSpan('POST /api/chat/sessions/:id/messages');
    const ai = spans.find((span) => span.name === 'chat gpt-4.1-nano');
    expect(ai).toBeDefined();
    expect(ai!.parentSpanId).toBe(request.spanId);
    expect(ai!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1-nano',
      'xionimus.ai.outcome': 'success',
      'xionimus.ai.key_source': 'server',
    });
    expect(ai!.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(ai!.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);

    const client = spans.find((span) => span.kind === SPAN_KIND.client && span.parentSpanId === ai!.spanId);
    expect(client, 'an HTTP client span under the AI call').toBeDefined();
    expect(client!.traceId).toBe(request.traceId);
    expect(client!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'url.full': `${fake.baseUrl('openai')}/chat/completions`,
    });

    // The provider received the trace context of that client span.
    const providerCall = fake.requests.find((recorded) => recorded.provider === 'openai');
    expect(providerCall?.headers.traceparent).toBe(`00-${client!.traceId}-${client!.spanId}-01`);
  });

  it('sends no secrets, prompts or query strings', () => {
    const text = collector.allText();
    for (const secret of [accessToken, SERVER_KEYS.openai, PLANTED.cookie, PLANTED.queryKey, PLANTED.prompt]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain('api_key=');
    expect(text.toLowerCase()).not.toContain('bearer');
  });
});
