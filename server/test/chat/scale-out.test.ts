import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { SERVER_KEYS, startChatApp, type ChatApp } from '../support/chat.js';
import { textOf } from '../support/sse.js';
import { REDIS_URL, serviceAvailable } from '../support/services.js';

describe('routing administration', () => {
  let chat: ChatApp;
  beforeAll(async () => {
    chat = await startChatApp();
  });
  afterAll(() => chat.close());

  it('lists agents, task kinds and modes for the model picker', async () => {
    const reply = await chat.server.request('GET', '/api/agents', { token: chat.user.token });
    expect(reply.body.modes).toEqual(['junior', 'senior']);
    expect(reply.body.taskKinds).toContainEqual({ id: 'research', agent: 'researcher' });
    expect(reply.body.agents.map((agent: { id: string }) => agent.id)).toContain('debugger');
  });

  it('lets an admin replace the routing table, validated, and restore the default', async () => {
    const current = await chat.server.request('GET', '/api/admin/routing', { token: chat.user.token });
    expect(current.body.overridden).toBe(false);
    const table = structuredClone(current.body.table);
    table.general.models.senior = ['sonar-pro'];
    const put = await chat.server.request('PUT', '/api/admin/routing', { token: chat.user.token, body: { table } });
    expect(put.body.overridden).toBe(true);
    const sessionId = await chat.session();
    const { events } = await chat.send(sessionId, { content: 'hello there', taskKind: 'general', mode: 'senior' });
    expect(events[0]!.data.model).toBe('sonar-pro');

    const invalid = await chat.server.request('PUT', '/api/admin/routing', {
      token: chat.user.token,
      body: { table: { ...table, general: { agent: 'wizard', models: table.general.models } } },
    });
    expect(invalid.status).toBe(400);
    const restored = await chat.server.request('PUT', '/api/admin/routing', {
      token: chat.user.token,
      body: { table: null },
    });
    expect(restored.body.overridden).toBe(false);
  });
});

describe('limits on a run', () => {
  it('stops an answer that outlives the wall-time limit and keeps what it wrote', async () => {
    const chat = await startChatApp({ env: { CHAT_MAX_DURATION_SECONDS: '1' } });
    try {
      chat.fake.enqueue('openai', { chunkDelayMs: 20 });
      const sessionId = await chat.session();
      const { events } = await chat.send(sessionId, { content: 'hi', model: 'gpt-4.1-nano' });
      expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'aborted', reason: 'max_duration' } });
      const settled = await chat.settled(sessionId);
      expect(settled.messages[1]).toMatchObject({ status: 'aborted', errorCode: 'max_duration' });
      expect(settled.messages[1].content).toBe(textOf(events));
      expect(settled.messages[1].outputTokens).toBeGreaterThan(0);
    } finally {
      await chat.close();
    }
  });
});

describe('two instances sharing Redis', () => {
  let chat: ChatApp;
  let second: TestApp;
  let redisUp = false;
  beforeAll(async () => {
    redisUp = await serviceAvailable('Redis', REDIS_URL);
    if (!redisUp) return;
    chat = await startChatApp({ redisUrl: REDIS_URL });
    second = await startTestApp({
      redisUrl: REDIS_URL,
      databaseUrl: chat.server.databaseUrl,
      env: { OPENAI_API_KEY: SERVER_KEYS.openai, OPENAI_BASE_URL: chat.fake.baseUrl('openai') },
    });
  });
  afterAll(async () => {
    if (!redisUp) return;
    await second.close();
    await chat.close();
  });

  it('resumes a run on the other instance with Last-Event-ID, without loss or duplicates', async () => {
    if (!redisUp) return;
    chat.fake.enqueue('openai', { chunkDelayMs: 3 });
    const sessionId = await chat.session();
    const first = await chat.send(sessionId, { content: 'hi', model: 'gpt-4.1-nano' }, { stopAfter: 5 });
    const runId = first.response.headers.get('x-run-id')!;
    const response = await fetch(`${second.url}/api/chat/runs/${runId}/events`, {
      headers: { authorization: `Bearer ${chat.user.token}`, 'last-event-id': first.events.at(-1)!.id! },
    });
    const { collectSse } = await import('../support/sse.js');
    const rest = await collectSse(response);
    const all = [...first.events, ...rest];
    expect(all.map((event) => Number(event.id))).toEqual(all.map((_, index) => index + 1));
    expect(all.at(-1)?.event).toBe('done');
    const session = await chat.settled(sessionId);
    expect(textOf(all)).toBe(session.messages[1].content);
  });

  it('stops a run through the other instance', async () => {
    if (!redisUp) return;
    chat.fake.enqueue('openai', { chunkDelayMs: 30 });
    const sessionId = await chat.session();
    const first = await chat.send(sessionId, { content: 'hi', model: 'gpt-4.1-nano' }, { stopAfter: 4 });
    const runId = first.response.headers.get('x-run-id')!;
    const stop = await second.request('POST', `/api/chat/runs/${runId}/stop`, { token: chat.user.token });
    expect(stop.status).toBe(202);
    const session = await chat.settled(sessionId);
    expect(session.messages[1]).toMatchObject({ status: 'aborted', errorCode: 'stopped' });
  });
});
