import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerAndLogin } from '../support/app.js';
import { startChatApp, type ChatApp } from '../support/chat.js';

/** The system prompt the fake OpenAI server was sent in its last request. */
function lastSystemPrompt(chat: ChatApp): string | undefined {
  const request = chat.fake.requests.filter((entry) => entry.provider === 'openai').at(-1)!;
  return (request.body.messages as Array<{ role: string; content: string }>).find(
    (message) => message.role === 'system',
  )?.content;
}

describe('a conversation’s instructions', () => {
  let chat: ChatApp;
  const patch = (sessionId: string, body: unknown) =>
    chat.server.request('PATCH', `/api/chat/sessions/${sessionId}`, { token: chat.user.token, body });
  beforeAll(async () => {
    chat = await startChatApp();
  });
  beforeEach(() => chat.fake.reset());
  afterAll(() => chat.close());

  it('are read by the model after the agent’s system prompt, in every answer of the session', async () => {
    const created = await chat.server.request('POST', '/api/chat/sessions', {
      token: chat.user.token,
      body: { instructions: '  Answer in German.  ' },
    });
    expect(created.status).toBe(201);
    expect(created.body.instructions).toBe('Answer in German.');
    const sessionId = created.body.id as string;

    await chat.send(sessionId, { content: 'Hello', model: 'gpt-4.1-nano' });
    const system = lastSystemPrompt(chat)!;
    expect(system).toMatch(/\n\nThe user's instructions for this conversation:\nAnswer in German\.$/);
    expect(system.length).toBeGreaterThan('Answer in German.'.length + 60);
    await chat.settled(sessionId);

    // Changed: the next answer (here a regenerated one) reads the new ones.
    const changed = await patch(sessionId, { instructions: 'Answer in French.' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: sessionId, instructions: 'Answer in French.', title: 'Hello' });
    await chat.regenerate(sessionId, { model: 'gpt-4.1-nano' });
    expect(lastSystemPrompt(chat)).toMatch(/Answer in French\.$/);
    await chat.settled(sessionId);

    // A fork keeps them; the export shows them.
    const session = await chat.server.request('GET', `/api/chat/sessions/${sessionId}`, { token: chat.user.token });
    expect(session.body.instructions).toBe('Answer in French.');
    const fork = await chat.server.request('POST', `/api/chat/sessions/${sessionId}/fork`, {
      token: chat.user.token,
      body: { messageId: session.body.messages[0].id },
    });
    expect(fork.body.instructions).toBe('Answer in French.');
    const markdown = await chat.server.request('GET', `/api/chat/sessions/${sessionId}/export?format=markdown`, {
      token: chat.user.token,
    });
    expect(markdown.text).toContain('**Instructions**\n\nAnswer in French.\n');

    // Cleared (null or blank): the agent's prompt alone.
    for (const cleared of [null, '   ']) {
      const reply = await patch(sessionId, { instructions: cleared });
      expect(reply.body.instructions).toBeNull();
    }
    await chat.send(sessionId, { content: 'Again', model: 'gpt-4.1-nano' });
    expect(lastSystemPrompt(chat)).not.toContain('instructions for this conversation');
  });

  it('keeps the title when only the instructions change, and the instructions when only the title does', async () => {
    const sessionId = await chat.session();
    await patch(sessionId, { instructions: 'Be terse.' });
    const renamed = await patch(sessionId, { title: 'Terse chat' });
    expect(renamed.body).toMatchObject({ title: 'Terse chat', instructions: 'Be terse.' });
    const listed = await chat.server.request('GET', '/api/chat/sessions?limit=1', { token: chat.user.token });
    expect(listed.body.items[0]).toMatchObject({ id: sessionId, title: 'Terse chat', instructions: 'Be terse.' });
  });

  it('refuses an empty change, too long instructions and unknown fields with a problem naming them', async () => {
    const sessionId = await chat.session();
    const empty = await patch(sessionId, {});
    expect(empty.status).toBe(400);
    expect(empty.headers.get('content-type')).toContain('application/problem+json');

    const long = await patch(sessionId, { instructions: 'x'.repeat(10_001) });
    expect(long.status).toBe(400);
    expect(long.body.detail).toMatch(/instructions/);

    const unknown = await patch(sessionId, { system: 'no' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/system/);

    const stored = await chat.server.request('GET', `/api/chat/sessions/${sessionId}`, { token: chat.user.token });
    expect(stored.body).toMatchObject({ title: 'New chat', instructions: null });
  });
});

describe('a user’s instructions for every chat', () => {
  let chat: ChatApp;
  const preferences = (body?: unknown, token = chat.user.token) =>
    chat.server.request(body === undefined ? 'GET' : 'PUT', '/api/settings/chat', { token, body });
  beforeAll(async () => {
    chat = await startChatApp();
  });
  beforeEach(() => chat.fake.reset());
  afterAll(() => chat.close());

  it('are read in every chat of the user, after the agent’s prompt and before the chat’s own', async () => {
    expect((await preferences()).body).toEqual({ instructions: null, updatedAt: null });
    const saved = await preferences({ instructions: '  I am Sam, a Go developer.  ' });
    expect(saved.status).toBe(200);
    expect(saved.body.instructions).toBe('I am Sam, a Go developer.');
    expect(Date.parse(saved.body.updatedAt)).not.toBeNaN();
    expect((await preferences()).body).toEqual(saved.body);

    // A chat without instructions of its own, created before they were set.
    const plain = await chat.session();
    await chat.send(plain, { content: 'Hello', model: 'gpt-4.1-nano' });
    expect(lastSystemPrompt(chat)).toMatch(
      /\S\n\nThe user's instructions for all conversations:\nI am Sam, a Go developer\.$/,
    );
    await chat.settled(plain);

    // A chat with its own: the more specific come last.
    const own = await chat.server.request('POST', '/api/chat/sessions', {
      token: chat.user.token,
      body: { instructions: 'Answer in German.' },
    });
    await chat.send(own.body.id, { content: 'Hello', model: 'gpt-4.1-nano' });
    expect(lastSystemPrompt(chat)).toMatch(
      /\n\nThe user's instructions for all conversations:\nI am Sam, a Go developer\.\n\nThe user's instructions for this conversation:\nAnswer in German\.$/,
    );
    await chat.settled(own.body.id);

    // Another user's chats do not read them.
    const other = await registerAndLogin(chat.server, 'other');
    const theirs = await chat.session(other.token);
    await chat.send(theirs, { content: 'Hello', model: 'gpt-4.1-nano' }, { token: other.token });
    expect(lastSystemPrompt(chat)).not.toContain('Sam');
    await chat.settled(theirs, other.token);
    expect((await preferences(undefined, other.token)).body.instructions).toBeNull();

    // Cleared (null or blank): the next answer reads only the agent's prompt.
    for (const cleared of [null, ' \n ']) {
      expect((await preferences({ instructions: cleared })).body.instructions).toBeNull();
    }
    await chat.send(plain, { content: 'Again', model: 'gpt-4.1-nano' });
    expect(lastSystemPrompt(chat)).not.toContain('instructions for all conversations');
  });

  it('refuses a missing, wrongly typed or too long value and unknown fields, and keeps what was stored', async () => {
    await preferences({ instructions: 'Be brief.' });
    const refusals = [
      [{}, 'body/instructions is required'],
      [{ instructions: 5 }, 'body/instructions must be string or null'],
      [{ instructions: 'x'.repeat(10_001) }, 'body/instructions must NOT have more than 10000 characters'],
      [{ instructions: 'ok', tone: 'dry' }, 'body/tone is not an allowed field'],
    ] as const;
    for (const [body, detail] of refusals) {
      const reply = await preferences(body);
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(reply.body.detail).toBe(detail);
    }
    expect((await preferences()).body.instructions).toBe('Be brief.');
    const anonymous = await chat.server.request('GET', '/api/settings/chat');
    expect(anonymous.status).toBe(401);
  });
});
