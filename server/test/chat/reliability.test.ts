import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerAndLogin } from '../support/app.js';
import { startChatApp, type ChatApp } from '../support/chat.js';
import { textOf } from '../support/sse.js';

describe('provider failures', () => {
  // A fresh app per test: the circuit breaker remembers failures within a process.
  let chat: ChatApp;
  beforeEach(async () => {
    chat = await startChatApp({ env: { PROVIDER_TIMEOUT_SECONDS: '1' } });
  });
  afterEach(() => chat.close());

  it('retries a 429 (honouring Retry-After) and a 500 before the first token, then answers', async () => {
    chat.fake.enqueue('openai', { status: 429, retryAfterSeconds: 1 }, { status: 500 });
    const sessionId = await chat.session();
    const { events } = await chat.send(sessionId, { content: 'hi', model: 'gpt-4.1-nano' });
    expect(chat.fake.requests.filter((request) => request.provider === 'openai')).toHaveLength(3);
    const metas = events.filter((event) => event.event === 'meta');
    expect(metas.at(-1)!.data).toMatchObject({ model: 'gpt-4.1-nano', attempts: 3 });
    expect(events.at(-1)?.event).toBe('done');
    expect(textOf(events).length).toBeGreaterThan(100);
  });

  it('falls back to the next model of the route when a provider keeps failing, and says so', async () => {
    chat.fake.enqueue('openai', { status: 500 }, { status: 502 }, { status: 503 });
    const sessionId = await chat.session();
    const { events } = await chat.send(sessionId, { content: 'hi', model: 'gpt-4.1-nano', taskKind: 'code' });
    const answered = events.filter((event) => event.event === 'meta').at(-1)!.data;
    expect(answered.provider).not.toBe('openai');
    expect(answered.reason).toMatch(/fell back to/);
    expect(answered.reason).toMatch(/gpt-4\.1-nano/);
    const settled = await chat.settled(sessionId);
    expect(settled.messages[1]).toMatchObject({ status: 'complete', model: answered.model });
  });

  it('gives up on a stalled provider after the first-token timeout and falls back', async () => {
    chat.fake.enqueue('openai', { stallMs: 10_000 }, { stallMs: 10_000 }, { stallMs: 10_000 });
    const sessionId = await chat.session();
    const { events } = await chat.send(sessionId, { content: 'hi', model: 'gpt-4.1-nano', taskKind: 'code' });
    const answered = events.filter((event) => event.event === 'meta').at(-1)!.data;
    expect(answered.provider).not.toBe('openai');
    expect(answered.reason).toMatch(/did not start answering/);
  });

  it('keeps the partial answer and reports an error when the connection is cut mid-stream', async () => {
    chat.fake.enqueue('openai', { cutAfterChunks: 20 });
    const sessionId = await chat.session();
    const { events } = await chat.send(sessionId, { content: 'hi', model: 'gpt-4.1-nano' });
    expect(events.at(-1)).toMatchObject({ event: 'error', data: { code: 'provider_unavailable' } });
    const partial = textOf(events);
    expect(partial.length).toBeGreaterThan(0);
    const settled = await chat.settled(sessionId);
    expect(settled.messages[1]).toMatchObject({ status: 'error', errorCode: 'provider_unavailable', content: partial });
  });

  it('reports a refusal as content_refused', async () => {
    chat.fake.enqueue('anthropic', { fixture: 'anthropic/anthropic-refusal' });
    const sessionId = await chat.session();
    const { events } = await chat.send(sessionId, { content: 'something it refuses', model: 'claude-sonnet-4-5' });
    expect(events.at(-1)).toMatchObject({ event: 'error', data: { code: 'content_refused' } });
    const settled = await chat.settled(sessionId);
    expect(settled.messages[1]).toMatchObject({
      status: 'error',
      errorCode: 'content_refused',
      finishReason: 'content-filter',
    });
  });

  it('opens the circuit for a provider that keeps failing, and skips it', async () => {
    // 3 sends × 3 attempts = 9 failures: past the breaker's threshold of 5.
    for (let i = 0; i < 3; i++) {
      chat.fake.enqueue('perplexity', { status: 500 }, { status: 500 }, { status: 500 });
      const sessionId = await chat.session();
      await chat.send(sessionId, { content: 'hi', model: 'sonar' });
    }
    const before = chat.fake.requests.filter((request) => request.provider === 'perplexity').length;
    const sessionId = await chat.session();
    const { events } = await chat.send(sessionId, { content: 'hi', model: 'sonar' });
    expect(chat.fake.requests.filter((request) => request.provider === 'perplexity')).toHaveLength(before);
    expect(events.filter((event) => event.event === 'meta').at(-1)!.data.reason).toMatch(/perplexity is failing/);
  });
});

describe('keys and base URLs', () => {
  let chat: ChatApp;
  beforeAll(async () => {
    chat = await startChatApp({ providers: ['anthropic'] });
  });
  beforeEach(() => chat.fake.reset());
  afterAll(() => chat.close());

  it('refuses a user base URL on a private address unless an admin allowed the host', async () => {
    const reply = await chat.server.request('PUT', '/api/settings/api-keys/openai-compatible', {
      token: chat.user.token,
      body: { baseUrl: chat.fake.baseUrl('openai-compatible') },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('outbound_url_blocked');
    expect(reply.body.detail).toMatch(/OUTBOUND_ALLOW_HOSTS/);
  });

  it('uses a user’s own base URL with only that user’s key, never the server’s', async () => {
    const allowed = await startChatApp({ providers: ['openai', 'anthropic'], allowFakeHost: true });
    try {
      const user = allowed.user;
      // The user's OpenAI key, sent to the user's own OpenAI-compatible endpoint.
      const put = await allowed.server.request('PUT', '/api/settings/api-keys/openai', {
        token: user.token,
        body: { apiKey: 'sk-user-own-key-123456', baseUrl: allowed.fake.baseUrl('openai') },
      });
      expect(put.status).toBe(200);
      expect(put.body.baseUrl).toBe(allowed.fake.baseUrl('openai'));
      const local = await allowed.server.request('PUT', '/api/settings/api-keys/openai-compatible', {
        token: user.token,
        body: { baseUrl: allowed.fake.baseUrl('openai-compatible') },
      });
      expect(local.status).toBe(200);

      const models = await allowed.server.request('GET', '/api/models', { token: user.token });
      expect(models.body.items).toContainEqual(
        expect.objectContaining({ id: 'llama3.2:3b', provider: 'openai-compatible', keySource: 'user' }),
      );
      expect(models.body.items).toContainEqual(expect.objectContaining({ id: 'gpt-4.1-nano', keySource: 'user' }));

      const sessionId = await allowed.session();
      const viaLocal = await allowed.send(sessionId, { content: 'hi', model: 'llama3.2:3b' });
      expect(viaLocal.events[0]!.data).toMatchObject({ provider: 'openai-compatible', model: 'llama3.2:3b' });
      await allowed.send(sessionId, { content: 'hi again', model: 'gpt-4.1-nano' });

      const toUserUrls = allowed.fake.requests.filter((request) => request.provider !== 'anthropic');
      expect(toUserUrls.length).toBeGreaterThan(0);
      for (const request of toUserUrls) {
        expect(JSON.stringify(request.headers)).not.toContain('sk-server-openai');
      }
      const openaiCall = toUserUrls.find((request) => request.provider === 'openai' && request.method === 'POST');
      expect(openaiCall?.headers.authorization).toBe('Bearer sk-user-own-key-123456');
      // A URL the user chose is fetched by the SDK adapter through the outbound guard, never by
      // the fast path (chat-completions.ts), whose user agent lacks the SDK's provider-utils.
      for (const request of toUserUrls.filter((call) => call.method === 'POST')) {
        expect(request.headers['user-agent']).toContain('ai-sdk/provider-utils/');
      }
      // Another user without keys of their own gets the server's key, at the server's URL.
      const other = await registerAndLogin(allowed.server, 'other');
      allowed.fake.reset();
      const otherSession = await allowed.session(other.token);
      await allowed.send(otherSession, { content: 'hi', model: 'gpt-4.1-nano' }, { token: other.token });
      expect(allowed.fake.requests[0]?.headers.authorization).toBe('Bearer sk-server-openai-0123456789');
      // The operator's endpoint: the fast path.
      expect(allowed.fake.requests[0]?.headers['user-agent']).toMatch(/^ai-sdk\/openai\/\S+ runtime\/node\.js\//);
      expect(allowed.fake.requests[0]?.headers['user-agent']).not.toContain('provider-utils');
    } finally {
      await allowed.close();
    }
  });

  it('reports an invalid user key as provider_auth_failed without echoing it', async () => {
    const server = await startChatApp({ providers: ['openai'] });
    try {
      // The fake provider answers 401 to the key "bad-key", echoing it as OpenAI does.
      await server.server.request('PUT', '/api/settings/api-keys/openai', {
        token: server.user.token,
        body: { apiKey: 'bad-key-of-the-user' },
      });
      const sessionId = await server.session();
      const reply = await server.server.request('POST', `/api/chat/sessions/${sessionId}/messages`, {
        token: server.user.token,
        body: { content: 'hi', model: 'gpt-4.1-nano', stream: false },
      });
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('provider_auth_failed');
      expect(reply.text).not.toContain('bad-key');
      expect(server.server.logs.join('\n')).not.toContain('Incorrect API key provided: bad-key');
    } finally {
      await server.close();
    }
  });

  it('treats no configured provider as a normal state with a clear answer', async () => {
    const bare = await startChatApp({ providers: [] });
    try {
      const models = await bare.server.request('GET', '/api/models', { token: bare.user.token });
      expect(models.status).toBe(200);
      expect(models.body).toMatchObject({ items: [], configured: false });
      const sessionId = await bare.session();
      const { problem, response } = await bare.send(sessionId, { content: 'hi' });
      expect(response.status).toBe(409);
      expect(problem).toMatchObject({ code: 'provider_not_configured' });
      expect(problem.detail).toMatch(/API key|local server/);
      // Nothing half-stored: the session has no messages.
      const session = await bare.server.request('GET', `/api/chat/sessions/${sessionId}`, { token: bare.user.token });
      expect(session.body.messages).toEqual([]);
    } finally {
      await bare.close();
    }
  });

  it('tests a provider connection with the user’s own server', async () => {
    const allowed = await startChatApp({ providers: [], allowFakeHost: true });
    try {
      await allowed.server.request('PUT', '/api/settings/api-keys/openai-compatible', {
        token: allowed.user.token,
        body: { baseUrl: allowed.fake.baseUrl('openai-compatible') },
      });
      const ok = await allowed.server.request('POST', '/api/providers/openai-compatible/test', {
        token: allowed.user.token,
      });
      expect(ok.body).toEqual({
        provider: 'openai-compatible',
        ok: true,
        source: 'user',
        models: ['llama3.2:3b', 'qwen2.5-coder:7b'],
      });
      const missing = await allowed.server.request('POST', '/api/providers/anthropic/test', {
        token: allowed.user.token,
      });
      expect(missing.status).toBe(409);
    } finally {
      await allowed.close();
    }
  });
});
