import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin } from '../support/app.js';
import { startChatApp, type ChatApp } from '../support/chat.js';

describe('chat sessions', () => {
  let chat: ChatApp;
  const get = (path: string, token = chat.user.token) => chat.server.request('GET', path, { token });
  beforeAll(async () => {
    chat = await startChatApp();
  });
  afterAll(() => chat.close());

  it('lists sessions most recently active first, in pages, searchable by title and content', async () => {
    const older = await chat.session();
    await chat.send(older, { content: 'Explain the kraken protocol', model: 'gpt-4.1-nano' });
    const newer = await chat.session();
    await chat.server.request('PATCH', `/api/chat/sessions/${newer}`, {
      token: chat.user.token,
      body: { title: 'Zebra notes' },
    });

    const first = await get('/api/chat/sessions?limit=1');
    expect(first.body.items.map((session: { id: string }) => session.id)).toEqual([newer]);
    const second = await get(`/api/chat/sessions?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).toBe(older);

    const byTitle = await get('/api/chat/sessions?q=zebra');
    expect(byTitle.body.items.map((session: { id: string }) => session.id)).toEqual([newer]);
    expect(byTitle.body.items[0].match).toBeNull();
    // "Holiday" appears only in the recorded answer's text: the result says where.
    const byContent = await get('/api/chat/sessions?q=HOLIDAY');
    expect(byContent.body.items.map((session: { id: string }) => session.id)).toEqual([older]);
    const answer = (await get(`/api/chat/sessions/${older}`)).body.messages[1];
    expect(byContent.body.items[0].match).toEqual({
      messageId: answer.id,
      role: 'assistant',
      excerpt: expect.stringMatching(/holiday/i),
    });
    // Without q, no match at all.
    expect(first.body.items[0]).not.toHaveProperty('match');
  });

  it('shows where a search found a long message: its last message with the text, cut around it', async () => {
    const sessionId = await chat.session();
    const long = `${'Intro words. '.repeat(40)}The quokka is a small marsupial. ${'More words. '.repeat(40)}`;
    await chat.send(sessionId, { content: long, model: 'gpt-4.1-nano' });
    await chat.settled(sessionId);
    await chat.send(sessionId, { content: 'and the QUOKKA again?', model: 'gpt-4.1-nano' });
    await chat.settled(sessionId);
    const messages = (await get(`/api/chat/sessions/${sessionId}`)).body.messages;

    const found = await get('/api/chat/sessions?q=quokka');
    expect(found.body.items).toHaveLength(1);
    // The last message that holds it.
    expect(found.body.items[0].match).toEqual({
      messageId: messages[2].id,
      role: 'user',
      excerpt: 'and the QUOKKA again?',
    });
    const first = await get('/api/chat/sessions?q=small%20marsupial');
    const { excerpt } = first.body.items[0].match;
    expect(first.body.items[0].match.messageId).toBe(messages[0].id);
    expect(excerpt).toMatch(/^….*The quokka is a small marsupial\..*…$/);
    expect(excerpt.length).toBeLessThanOrEqual(162);
  });

  it('keeps each user to their own sessions', async () => {
    const mine = await chat.session();
    const other = await registerAndLogin(chat.server, 'other');
    expect((await get(`/api/chat/sessions/${mine}`, other.token)).status).toBe(404);
    expect((await get('/api/chat/sessions', other.token)).body.items).toEqual([]);
    const send = await chat.send(mine, { content: 'hi' }, { token: other.token });
    expect(send.response.status).toBe(404);
  });

  it('forks at a message: the new session shares history up to it and then goes its own way', async () => {
    const sessionId = await chat.session();
    await chat.send(sessionId, { content: 'first question', model: 'gpt-4.1-nano' });
    await chat.send(sessionId, { content: 'second question', model: 'gpt-4.1-nano' });
    const original = await get(`/api/chat/sessions/${sessionId}`);
    expect(original.body.messages).toHaveLength(4);
    const firstAnswer = original.body.messages[1];

    const fork = await chat.server.request('POST', `/api/chat/sessions/${sessionId}/fork`, {
      token: chat.user.token,
      body: { messageId: firstAnswer.id },
    });
    expect(fork.status).toBe(201);
    expect(fork.body.forkedFrom).toEqual({ sessionId, messageId: firstAnswer.id });
    expect(fork.body.messages.map((message: { content: string }) => message.content)).toEqual([
      'first question',
      firstAnswer.content,
    ]);
    await chat.send(fork.body.id, { content: 'a different second question', model: 'gpt-4.1-nano' });
    const forked = await get(`/api/chat/sessions/${fork.body.id}`);
    expect(forked.body.messages[2].content).toBe('a different second question');
    // The provider saw the shared history.
    const lastCall = chat.fake.requests.at(-1)!;
    expect(lastCall.body.messages.map((message: { content: string }) => message.content)).toContain('first question');
    expect(lastCall.body.messages.map((message: { content: string }) => message.content)).not.toContain(
      'second question',
    );
    expect((await get(`/api/chat/sessions/${sessionId}`)).body.messages).toHaveLength(4);

    const missing = await chat.server.request('POST', `/api/chat/sessions/${sessionId}/fork`, {
      token: chat.user.token,
      body: { messageId: 'nope' },
    });
    expect(missing.status).toBe(404);
  });

  it('exports a session as Markdown and as JSON', async () => {
    chat.fake.enqueue('perplexity', { fixture: 'perplexity/perplexity-citations' });
    const sessionId = await chat.session();
    await chat.send(sessionId, { content: 'How many people live in San Francisco?', model: 'sonar' });
    const markdown = await get(`/api/chat/sessions/${sessionId}/export?format=markdown`);
    expect(markdown.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(markdown.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.md"/);
    expect(markdown.text).toMatch(/^# How many people live in San Francisco\?/);
    expect(markdown.text).toContain('## You');
    expect(markdown.text).toContain('## Assistant (sonar');
    expect(markdown.text).toContain('[1]: https://populationstat.com/united-states/san-francisco');
    const json = await get(`/api/chat/sessions/${sessionId}/export?format=json`);
    expect(json.body.messages).toHaveLength(2);
    expect(json.body.messages[1].citations.length).toBeGreaterThan(0);
  });

  it('renames and deletes a session', async () => {
    const sessionId = await chat.session();
    const renamed = await chat.server.request('PATCH', `/api/chat/sessions/${sessionId}`, {
      token: chat.user.token,
      body: { title: '  Renamed  ' },
    });
    expect(renamed.body.title).toBe('Renamed');
    expect(
      (await chat.server.request('DELETE', `/api/chat/sessions/${sessionId}`, { token: chat.user.token })).status,
    ).toBe(204);
    expect((await get(`/api/chat/sessions/${sessionId}`)).status).toBe(404);
  });

  it('drops the oldest turns when the history outgrows the model’s window, and says so', async () => {
    const admin = chat.user;
    const registry = await chat.server.request('GET', '/api/admin/models', { token: admin.token });
    const nano = registry.body.models.find((model: { id: string }) => model.id === 'gpt-4.1-nano');
    const put = await chat.server.request('PUT', '/api/admin/models', {
      token: admin.token,
      body: { overrides: [{ ...nano, contextWindow: 2000, maxOutputTokens: 500 }] },
    });
    expect(put.status).toBe(200);
    try {
      const sessionId = await chat.session();
      const long = 'word '.repeat(1000);
      await chat.send(sessionId, { content: `first ${long}`, model: 'gpt-4.1-nano' });
      const { events } = await chat.send(sessionId, { content: `second ${long}`, model: 'gpt-4.1-nano' });
      expect(events[0]!.data.contextDropped).toBeGreaterThan(0);
      const sent = chat.fake.requests.at(-1)!.body.messages.map((message: { content: string }) => message.content);
      expect(sent.some((content: string) => content.startsWith('first'))).toBe(false);
      expect(sent.at(-1)).toMatch(/^second/);
      const stored = await get(`/api/chat/sessions/${sessionId}`);
      expect(stored.body.messages[3].contextDropped).toBeGreaterThan(0);

      const tooLong = await chat.send(sessionId, { content: 'x'.repeat(20_000), model: 'gpt-4.1-nano' });
      expect(tooLong.response.status).toBe(413);
      expect(tooLong.problem.code).toBe('context_too_long');
    } finally {
      await chat.server.request('PUT', '/api/admin/models', { token: admin.token, body: { overrides: [] } });
    }
  });

  it('refuses malformed input with clear problems', async () => {
    const sessionId = await chat.session();
    const empty = await chat.send(sessionId, { content: '' });
    expect(empty.response.status).toBe(400);
    const wrongKind = await chat.send(sessionId, { content: 'hi', taskKind: 'astrology' });
    expect(wrongKind.response.status).toBe(400);
    expect(wrongKind.problem.detail).toMatch(/taskKind/);
    const unknownModel = await chat.send(sessionId, { content: 'hi', model: 'gpt-99' });
    expect(unknownModel.response.status).toBe(400);
    expect(unknownModel.problem.code).toBe('model_not_available');
    expect((await get(`/api/chat/sessions/${sessionId}`)).body.messages).toEqual([]);
  });
});

describe('usage, cost and budgets', () => {
  let chat: ChatApp;
  beforeAll(async () => {
    chat = await startChatApp();
  });
  afterAll(() => chat.close());

  it('records tokens, cost and latency per call, by day and model', async () => {
    const sessionId = await chat.session();
    await chat.send(sessionId, { content: 'hi', model: 'gpt-4.1-nano' });
    await chat.send(sessionId, { content: 'again', model: 'gpt-4.1-nano' });
    const usage = await chat.server.request('GET', '/api/usage', { token: chat.user.token });
    expect(usage.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(usage.body.items).toEqual([
      expect.objectContaining({
        day: today,
        model: 'gpt-4.1-nano',
        provider: 'openai',
        calls: 2,
        inputTokens: 32,
        outputTokens: 600,
        costUsd: 0.000244,
      }),
    ]);
    expect(usage.body.total).toMatchObject({ calls: 2, costUsd: 0.000244 });
    const admin = await chat.server.request('GET', '/api/admin/usage', { token: chat.user.token });
    expect(admin.body.users).toContainEqual(expect.objectContaining({ email: chat.user.email, calls: 2 }));
  });

  it('blocks new answers with 402 once the monthly budget is spent', async () => {
    const member = await registerAndLogin(chat.server, 'budget');
    const set = await chat.server.request('PUT', `/api/admin/users/${member.user.id}/budget`, {
      token: chat.user.token,
      body: { monthlyLimitUsd: 0.0001 },
    });
    expect(set.body).toEqual({ monthlyLimitUsd: 0.0001, spentThisMonthUsd: 0 });
    const sessionId = await chat.session(member.token);
    const first = await chat.send(sessionId, { content: 'hi', model: 'gpt-4.1-nano' }, { token: member.token });
    expect(first.events.at(-1)?.event).toBe('done');
    const blocked = await chat.send(sessionId, { content: 'more', model: 'gpt-4.1-nano' }, { token: member.token });
    expect(blocked.response.status).toBe(402);
    expect(blocked.problem).toMatchObject({ code: 'budget_exceeded', monthlyLimitUsd: 0.0001 });
    const own = await chat.server.request('GET', '/api/usage/budget', { token: member.token });
    expect(own.body.spentThisMonthUsd).toBeGreaterThan(0.0001);
    // Lifting the budget lets the user go on.
    await chat.server.request('PUT', `/api/admin/users/${member.user.id}/budget`, {
      token: chat.user.token,
      body: { monthlyLimitUsd: null },
    });
    const again = await chat.send(sessionId, { content: 'more', model: 'gpt-4.1-nano' }, { token: member.token });
    expect(again.response.status).toBe(200);
  });

  it('treats a budget of 0 as "no AI at all", distinct from no budget', async () => {
    const member = await registerAndLogin(chat.server, 'zero');
    const set = await chat.server.request('PUT', `/api/admin/users/${member.user.id}/budget`, {
      token: chat.user.token,
      body: { monthlyLimitUsd: 0 },
    });
    expect(set.body.monthlyLimitUsd).toBe(0);
    const sessionId = await chat.session(member.token);
    const blocked = await chat.send(sessionId, { content: 'hi', model: 'gpt-4.1-nano' }, { token: member.token });
    expect(blocked.response.status).toBe(402);
    const text = await chat.server.request('PUT', `/api/admin/users/${member.user.id}/budget`, {
      token: chat.user.token,
      body: { monthlyLimitUsd: '5' },
    });
    expect(text.status).toBe(400);
  });
});

describe('personal access tokens', () => {
  let chat: ChatApp;
  beforeAll(async () => {
    chat = await startChatApp();
  });
  afterAll(() => chat.close());

  it('creates a token shown once, authenticates with it, lists it without the secret, and revokes it', async () => {
    const created = await chat.server.request('POST', '/api/settings/tokens', {
      token: chat.user.token,
      body: { name: 'cli', expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^xio_/);
    const me = await chat.server.request('GET', '/api/auth/me', { token: created.body.token });
    expect(me.body.email).toBe(chat.user.email);
    const listed = await chat.server.request('GET', '/api/settings/tokens', { token: chat.user.token });
    expect(listed.body.items[0]).toMatchObject({
      id: created.body.id,
      name: 'cli',
      prefix: created.body.token.slice(0, 10),
    });
    expect(listed.text).not.toContain(created.body.token);
    expect(listed.body.items[0].lastUsedAt).toEqual(expect.any(String));
    await chat.server.request('DELETE', `/api/settings/tokens/${created.body.id}`, { token: chat.user.token });
    const after = await chat.server.request('GET', '/api/auth/me', { token: created.body.token });
    expect(after.status).toBe(401);
  });
});

describe('recovery after a crash', () => {
  it('marks answers a dead process left streaming as aborted, keeping their text', async () => {
    const chat = await startChatApp();
    const sessionId = await chat.session();
    await chat.send(sessionId, { content: 'hi', model: 'gpt-4.1-nano' });
    const [, answer] = (await chat.server.request('GET', `/api/chat/sessions/${sessionId}`, { token: chat.user.token }))
      .body.messages;
    await chat.server.database.db
      .updateTable('chat_messages')
      .set({ status: 'streaming', content: 'half an ans', updated_at: '2020-01-01T00:00:00.000Z' })
      .where('id', '=', answer.id)
      .execute();
    const { startTestApp } = await import('../support/app.js');
    const restarted = await startTestApp({ databaseUrl: chat.server.databaseUrl });
    try {
      const session = await restarted.request('GET', `/api/chat/sessions/${sessionId}`, { token: chat.user.token });
      expect(session.body.messages[1]).toMatchObject({
        status: 'aborted',
        errorCode: 'interrupted',
        content: 'half an ans',
      });
    } finally {
      await restarted.close();
      await chat.close();
    }
  });
});
