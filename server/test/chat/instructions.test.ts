import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
