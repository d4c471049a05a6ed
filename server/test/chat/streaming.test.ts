import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../support/fake-providers.js';
import { startChatApp, type ChatApp } from '../support/chat.js';
import { textOf } from '../support/sse.js';

/** The text a recorded OpenAI-style stream carries. */
const fixtureText = (name: string) =>
  readFileSync(join(FIXTURES_DIR, `${name}.chunks.txt`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .map(
      (chunk) =>
        chunk.choices?.[0]?.delta?.content ?? (chunk.type === 'content_block_delta' ? (chunk.delta?.text ?? '') : ''),
    )
    .join('');

describe('streaming chat', () => {
  let chat: ChatApp;
  beforeAll(async () => {
    chat = await startChatApp();
  });
  beforeEach(() => chat.fake.reset());
  afterAll(() => chat.close());

  it('streams meta, tokens, usage and done with ids, and stores the answer with tokens and cost', async () => {
    const sessionId = await chat.session();
    const { response, events } = await chat.send(sessionId, { content: 'Name a holiday', model: 'gpt-4.1-nano' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-run-id')).toEqual(expect.any(String));
    // The security headers every answer carries, also on a hijacked event stream.
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(events[0]).toMatchObject({
      event: 'meta',
      data: { model: 'gpt-4.1-nano', provider: 'openai', agent: expect.any(String) },
    });
    expect(events.at(-1)?.event).toBe('done');
    expect(events.map((event) => Number(event.id))).toEqual(events.map((_, index) => index + 1));
    const expected = fixtureText('openai/openai-text');
    expect(textOf(events)).toBe(expected);
    const usage = events.find((event) => event.event === 'usage')!.data;
    // 16 prompt and 300 completion tokens at $0.10 / $0.40 per million.
    expect(usage).toMatchObject({ inputTokens: 16, outputTokens: 300, estimated: false, costUsd: 0.000122 });

    const session = await chat.server.request('GET', `/api/chat/sessions/${sessionId}`, { token: chat.user.token });
    const [question, answer] = session.body.messages;
    expect(question).toMatchObject({ role: 'user', content: 'Name a holiday', status: 'complete' });
    expect(answer).toMatchObject({
      role: 'assistant',
      content: expected,
      status: 'complete',
      model: 'gpt-4.1-nano',
      inputTokens: 16,
      outputTokens: 300,
      costUsd: 0.000122,
      finishReason: 'stop',
    });
    expect(answer.ttftMs).toEqual(expect.any(Number));
    expect(answer.durationMs).toBeGreaterThanOrEqual(answer.ttftMs);
    expect(session.body.title).toBe('Name a holiday');
  });

  it('sends the server key to the server-configured URL and the system prompt of the routed agent', async () => {
    const sessionId = await chat.session();
    await chat.send(sessionId, {
      content: 'Fix this: TypeError: x is undefined at foo (app.js:3:5)',
      model: 'gpt-4.1-nano',
    });
    const [call] = chat.fake.requests;
    expect(call?.headers.authorization).toBe('Bearer sk-server-openai-0123456789');
    expect(call?.body.messages[0].role).toBe('system');
    expect(call?.body.stream).toBe(true);
  });

  it('streams an Anthropic answer and keeps its usage', async () => {
    const sessionId = await chat.session();
    const { events } = await chat.send(sessionId, { content: 'hello', model: 'claude-sonnet-4-5' });
    expect(events[0]!.data).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5' });
    expect(textOf(events)).toBe(fixtureText('anthropic/anthropic-text'));
    expect(events.find((event) => event.event === 'usage')!.data.inputTokens).toBeGreaterThan(0);
    expect(chat.fake.requests[0]?.headers['x-api-key']).toBe('sk-ant-server-0123456789');
  });

  it('keeps and shows Perplexity citations, numbered', async () => {
    chat.fake.enqueue('perplexity', { fixture: 'perplexity/perplexity-citations' });
    const sessionId = await chat.session();
    const { events } = await chat.send(sessionId, { content: 'population of San Francisco?', model: 'sonar' });
    const citations = events.filter((event) => event.event === 'citation').map((event) => event.data);
    expect(citations.length).toBeGreaterThan(2);
    expect(citations[0]).toMatchObject({ index: 1, url: 'https://populationstat.com/united-states/san-francisco' });
    const session = await chat.server.request('GET', `/api/chat/sessions/${sessionId}`, { token: chat.user.token });
    expect(session.body.messages[1].citations.map((citation: { url: string }) => citation.url)).toEqual(
      citations.map((citation) => citation.url),
    );
  });

  it('routes by the message when no model is chosen, and says why', async () => {
    const sessionId = await chat.session();
    const { events } = await chat.send(sessionId, {
      content: 'Traceback (most recent call last):\n  File "app.py", line 3\nZeroDivisionError: division by zero',
      mode: 'senior',
    });
    expect(events[0]!.data).toMatchObject({ taskKind: 'debugging', agent: 'debugger' });
    expect(events[0]!.data.reason).toMatch(/debugging/);
  });

  it('answers with the whole message as JSON when stream is false', async () => {
    const sessionId = await chat.session();
    const reply = await chat.server.request('POST', `/api/chat/sessions/${sessionId}/messages`, {
      token: chat.user.token,
      body: { content: 'Name a holiday', model: 'gpt-4.1-nano', stream: false },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.message).toMatchObject({
      role: 'assistant',
      status: 'complete',
      content: fixtureText('openai/openai-text'),
    });
  });

  it('goes on after the client disconnects, and a reconnect with Last-Event-ID resumes without loss or duplicates', async () => {
    chat.fake.enqueue('openai', { chunkDelayMs: 5 });
    const sessionId = await chat.session();
    const first = await chat.send(sessionId, { content: 'Name a holiday', model: 'gpt-4.1-nano' }, { stopAfter: 6 });
    const runId = first.response.headers.get('x-run-id')!;
    const lastSeen = first.events.at(-1)!.id!;
    // The client is gone; the answer still completes on the server.
    const settled = await chat.settled(sessionId);
    expect(settled.messages[1].status).toBe('complete');

    const resumed = await chat.reattach(runId, lastSeen);
    expect(Number(resumed.events[0]!.id)).toBe(Number(lastSeen) + 1);
    const all = [...first.events, ...resumed.events];
    expect(new Set(all.map((event) => event.id)).size).toBe(all.length);
    expect(textOf(all)).toBe(fixtureText('openai/openai-text'));
    expect(all.at(-1)?.event).toBe('done');
  });

  it('keeps the whole text and increasing ids when a client resumes a burst of tokens sent as fewer events', async () => {
    const words = Array.from({ length: 120 }, (_, index) => `word${index} `);
    chat.fake.enqueue('openai', { text: words.join('') });
    const sessionId = await chat.session();
    const first = await chat.send(sessionId, { content: 'Count', model: 'gpt-4.1-nano' }, { stopAfter: 2 });
    expect(first.events.map((event) => event.event)).toEqual(['meta', 'token']);
    const runId = first.response.headers.get('x-run-id')!;
    await chat.settled(sessionId);

    const resumed = await chat.reattach(runId, first.events.at(-1)!.id);
    const all = [...first.events, ...resumed.events];
    const ids = all.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
    expect(textOf(all)).toBe(words.join(''));
    expect(all.at(-1)?.event).toBe('done');
    // A replay of the finished (compacted) run gives back the very same events.
    const replay = await chat.reattach(runId);
    expect(replay.events).toEqual(all);
  });

  it('saves the text of a running answer every few seconds, so a crash leaves what was written', async () => {
    const words = Array.from({ length: 40 }, (_, index) => `w${index} `);
    chat.fake.enqueue('openai', { text: words.join(''), chunkDelayMs: 100 });
    const sessionId = await chat.session();
    const streaming = chat.send(sessionId, { content: 'Count slowly', model: 'gpt-4.1-nano' });
    let partial: { status: string; content: string } | undefined;
    for (let attempt = 0; attempt < 200 && !partial; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const session = await chat.server.request('GET', `/api/chat/sessions/${sessionId}`, { token: chat.user.token });
      const answer = session.body.messages[1];
      if (answer?.status === 'streaming' && answer.content.length > 0) partial = answer;
    }
    expect(partial).toBeDefined();
    expect(words.join('').startsWith(partial!.content)).toBe(true);
    expect(partial!.content.length).toBeLessThan(words.join('').length);
    const { events } = await streaming;
    expect(textOf(events)).toBe(words.join(''));
    expect((await chat.settled(sessionId)).messages[1].content).toBe(words.join(''));
  });

  it('replays a whole finished run from the start, and refuses a run of another user', async () => {
    const sessionId = await chat.session();
    const { response } = await chat.send(sessionId, { content: 'Name a holiday', model: 'gpt-4.1-nano' });
    const runId = response.headers.get('x-run-id')!;
    const replay = await chat.reattach(runId);
    expect(textOf(replay.events)).toBe(fixtureText('openai/openai-text'));
    const { registerAndLogin } = await import('../support/app.js');
    const stranger = await registerAndLogin(chat.server, 'stranger');
    const refused = await chat.reattach(runId, undefined, stranger.token);
    expect(refused.response.status).toBe(404);
    expect(refused.problem.code).toBe('run_not_found');
  });

  it('stops an answer on request and stores the partial text as aborted', async () => {
    chat.fake.enqueue('openai', { chunkDelayMs: 20 });
    const sessionId = await chat.session();
    const response = await fetch(`${chat.server.url}/api/chat/sessions/${sessionId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${chat.user.token}` },
      body: JSON.stringify({ content: 'Name a holiday', model: 'gpt-4.1-nano' }),
    });
    const runId = response.headers.get('x-run-id')!;
    const { readSse } = await import('../support/sse.js');
    const events = [];
    for await (const event of readSse(response)) {
      events.push(event);
      if (events.filter((candidate) => candidate.event === 'token').length === 3) {
        const stop = await chat.server.request('POST', `/api/chat/runs/${runId}/stop`, { token: chat.user.token });
        expect(stop.status).toBe(202);
      }
    }
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'aborted', reason: 'stopped' } });
    const settled = await chat.settled(sessionId);
    const answer = settled.messages[1];
    expect(answer.status).toBe('aborted');
    expect(answer.content.length).toBeGreaterThan(0);
    expect(answer.content.length).toBeLessThan(fixtureText('openai/openai-text').length);
    expect(answer.content).toBe(textOf(events));
    // The provider request was aborted too.
    for (let attempt = 0; attempt < 100 && chat.fake.openConnections() > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(chat.fake.openConnections()).toBe(0);
  });

  it('lists running answers so a closed tab can reattach', async () => {
    chat.fake.enqueue('openai', { text: 'one two three four five six seven eight', chunkDelayMs: 60 });
    const sessionId = await chat.session();
    const first = await chat.send(sessionId, { content: 'Name a holiday', model: 'gpt-4.1-nano' }, { stopAfter: 2 });
    const active = await chat.server.request('GET', '/api/chat/runs', { token: chat.user.token });
    expect(active.body.items).toContainEqual(
      expect.objectContaining({ runId: first.response.headers.get('x-run-id'), sessionId }),
    );
    await chat.settled(sessionId);
    const after = await chat.server.request('GET', '/api/chat/runs', { token: chat.user.token });
    expect(after.body.items).toEqual([]);
  });

  // Turns sent at the same moment share one commit on SQLite (platform/db/group-commit.ts).
  it('stores every turn of concurrent sends, each session with its own numbered history', async () => {
    const sessions = await Promise.all([1, 2, 3, 4].map(() => chat.session()));
    const results = await Promise.all([
      ...sessions.map((id, index) => chat.send(id, { content: `question ${index}`, model: 'gpt-4.1-nano' })),
      chat.send(sessions[0]!, { content: 'another question at once', model: 'gpt-4.1-nano' }),
    ]);
    expect(results.slice(1, 4).map((result) => result.response.status)).toEqual([200, 200, 200]);
    // Two sends to one session: both turns are stored one after the other, or the one that read
    // the same history as the other is refused before any event (session_busy).
    const pair = [results[0]!, results[4]!];
    const refused = pair.filter((result) => result.response.status === 409);
    expect(refused.length).toBeLessThanOrEqual(1);
    for (const result of refused) expect(result.problem).toMatchObject({ code: 'session_busy' });
    for (const [index, id] of sessions.entries()) {
      const stored = await chat.settled(id);
      const turns = index === 0 ? 2 - refused.length : 1;
      expect(stored.messages.map((message: { role: string }) => message.role)).toEqual(
        Array.from({ length: turns }, () => ['user', 'assistant']).flat(),
      );
      expect(stored.messages.every((message: { status: string }) => message.status === 'complete')).toBe(true);
      if (index > 0) expect(stored.messages[0].content).toBe(`question ${index}`);
    }
  });
});
