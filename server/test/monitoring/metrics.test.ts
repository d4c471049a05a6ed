import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { startChatApp, type ChatApp } from '../support/chat.js';
import { parseSamples, sampleValue } from './prometheus-text.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

async function scrape(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/metrics`, { headers });
  return { response, text: await response.text() };
}

/** The first IPv4 address of this machine that is not loopback, if it has one. */
const externalAddress = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

describe('/metrics access', () => {
  let open: TestApp;
  let guarded: TestApp;
  beforeAll(async () => {
    open = await startTestApp();
    guarded = await startTestApp({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await open?.close();
    await guarded?.close();
  });

  it('serves the Prometheus text format to a loopback client when no token is configured', async () => {
    const { response, text } = await scrape(open.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE xionimus_http_requests_total counter');
    // Node process metrics come along.
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toContain('xionimus_build_info{version="0.1.0"} 1');
  });

  it('refuses a loopback request that a proxy forwarded', async () => {
    const { response, text } = await scrape(open.url, { 'x-forwarded-for': '203.0.113.7' });
    expect(response.status).toBe(403);
    expect(JSON.parse(text)).toMatchObject({ code: 'forbidden' });
  });

  it('refuses a client connecting from another address when no token is configured', async (context) => {
    const address = externalAddress();
    if (!address) return context.skip('this machine has no non-loopback IPv4 address');
    // A listener on the machine's own address hands its connections to the app's HTTP server,
    // so the app sees a real socket whose peer is not loopback.
    const relay = createServer((socket: Socket) => open.app.server.emit('connection', socket));
    relay.listen(0, address);
    await once(relay, 'listening');
    try {
      const { response } = await scrape(`http://${address}:${(relay.address() as AddressInfo).port}`);
      expect(response.status).toBe(403);
    } finally {
      relay.close();
    }
  });

  it('requires the bearer token when METRICS_TOKEN is set, from loopback too', async () => {
    expect((await scrape(guarded.url)).response.status).toBe(401);
    const wrong = await scrape(guarded.url, { authorization: 'Bearer metrics-token-wrong-0000000000' });
    expect(wrong.response.status).toBe(401);
    expect(wrong.response.headers.get('www-authenticate')).toBe('Bearer');
    const right = await scrape(guarded.url, { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(right.response.status).toBe(200);
    expect(right.text).toContain('xionimus_http_requests_total');
  });
});

describe('HTTP metrics', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'true' } });
  });
  afterAll(() => server?.close());

  it('counts requests and their durations by route pattern and status, never by raw URL', async () => {
    const id = '5f0c3a4e-1b2d-4c3e-8f9a-0b1c2d3e4f5a';
    await server.request('GET', `/api/chat/sessions/${id}`);
    await server.request('GET', `/api/chat/sessions/${id}?page=2`);
    // (GETs fall through to the web app's catch-all when it is built; a POST matches no route.)
    await server.request('POST', '/no/such/route/42');
    await server.request('GET', '/api/health');
    const { text } = await scrape(server.url);
    expect(text).not.toContain(id);
    expect(text).not.toContain('/no/such/route');
    const samples = parseSamples(text);
    const sessionRoute = { method: 'GET', route: '/api/chat/sessions/:id', status: '401' };
    expect(sampleValue(samples, 'xionimus_http_requests_total', sessionRoute)).toBe(2);
    expect(sampleValue(samples, 'xionimus_http_request_duration_seconds_count', sessionRoute)).toBe(2);
    expect(sampleValue(samples, 'xionimus_http_requests_total', { method: 'POST', route: 'unmatched' })).toBe(1);
    expect(
      sampleValue(samples, 'xionimus_http_request_duration_seconds_bucket', {
        route: '/api/health',
        status: '200',
        le: '+Inf',
      }),
    ).toBe(1);
  });

  it('counts rate-limit rejections (429) by route', async () => {
    let status = 0;
    for (let attempt = 0; attempt < 30 && status !== 429; attempt++) {
      const reply = await server.request('POST', '/api/auth/login', {
        body: { email: 'nobody@example.test', password: 'not the password at all' },
      });
      status = reply.status;
    }
    expect(status).toBe(429);
    const samples = parseSamples((await scrape(server.url)).text);
    expect(sampleValue(samples, 'xionimus_rate_limit_rejections_total', { route: '/api/auth/login' })).toBe(1);
  });

  it('keeps each app’s counters to itself', async () => {
    const other = await startTestApp();
    try {
      await other.request('GET', '/api/health');
      await other.request('GET', '/api/health');
      const mine = parseSamples((await scrape(server.url)).text);
      const theirs = parseSamples((await scrape(other.url)).text);
      const health = { route: '/api/health', status: '200' };
      expect(sampleValue(mine, 'xionimus_http_requests_total', health)).toBe(1);
      expect(sampleValue(theirs, 'xionimus_http_requests_total', health)).toBe(2);
    } finally {
      await other.close();
    }
  });
});

describe('AI metrics', () => {
  let chat: ChatApp;
  beforeAll(async () => {
    chat = await startChatApp({ providers: ['openai'] });
  });
  afterAll(() => chat?.close());

  const aiSamples = async () => parseSamples((await scrape(chat.server.url)).text);

  it('counts a successful answer: the call, tokens in and out, cost and time to first token', async () => {
    chat.fake.enqueue('openai', { text: 'Hello there', usage: { inputTokens: 1200, outputTokens: 300 } });
    const sessionId = await chat.session();
    const { events } = await chat.send(sessionId, { content: 'hi', model: 'gpt-4.1-nano' });
    expect(events.at(-1)?.event).toBe('done');
    await chat.settled(sessionId);

    const samples = await aiSamples();
    const model = { provider: 'openai', model: 'gpt-4.1-nano' };
    expect(sampleValue(samples, 'xionimus_ai_calls_total', { ...model, outcome: 'success' })).toBe(1);
    expect(sampleValue(samples, 'xionimus_ai_tokens_total', { ...model, direction: 'input' })).toBe(1200);
    expect(sampleValue(samples, 'xionimus_ai_tokens_total', { ...model, direction: 'output' })).toBe(300);
    expect(sampleValue(samples, 'xionimus_ai_cost_usd_total', model)).toBeGreaterThan(0);
    expect(sampleValue(samples, 'xionimus_ai_time_to_first_token_seconds_count', model)).toBe(1);
    expect(sampleValue(samples, 'xionimus_ai_active_streams')).toBe(0);
  });

  it('counts every failed attempt by its error code', async () => {
    chat.fake.enqueue('openai', { status: 500 }, { status: 500 }, { status: 500 }, { text: 'recovered' });
    const sessionId = await chat.session();
    await chat.send(sessionId, { content: 'hi again', model: 'gpt-4.1-nano' });
    await chat.settled(sessionId);
    const samples = await aiSamples();
    expect(
      sampleValue(samples, 'xionimus_ai_calls_total', {
        provider: 'openai',
        model: 'gpt-4.1-nano',
        outcome: 'provider_unavailable',
      }),
    ).toBe(3);
  });

  it('shows an answer in progress as an active stream', async () => {
    chat.fake.enqueue('openai', { text: 'a slow answer in several words', chunkDelayMs: 150 });
    const sessionId = await chat.session();
    const { events } = await chat.send(
      sessionId,
      { content: 'take your time', model: 'gpt-4.1-nano' },
      { stopAfter: 2 },
    );
    expect(events.length).toBe(2);
    expect(sampleValue(await aiSamples(), 'xionimus_ai_active_streams')).toBe(1);
    await chat.settled(sessionId);
    expect(sampleValue(await aiSamples(), 'xionimus_ai_active_streams')).toBe(0);
  });
});
