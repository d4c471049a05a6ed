import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerAndLogin } from '../support/app.js';
import { eventNames, startChatApp, type ChatApp } from '../support/chat.js';

const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** The conversation (role and text) the fake OpenAI server was sent in its last request. */
function lastConversation(chat: ChatApp) {
  const request = chat.fake.requests.filter((entry) => entry.provider === 'openai').at(-1)!;
  return (request.body.messages as Array<{ role: string; content: unknown }>)
    .filter((message) => message.role !== 'system')
    .map((message) => [message.role, typeof message.content === 'string' ? message.content : message.content]);
}

const contents = (session: { messages: Array<{ role: string; content: string }> }) =>
  session.messages.map((message) => [message.role, message.content]);

describe('answering the last question again (regenerate)', () => {
  let chat: ChatApp;
  beforeAll(async () => {
    chat = await startChatApp();
  });
  beforeEach(() => chat.fake.reset());
  afterAll(() => chat.close());

  it('adds a new answer after the earlier one, which the model no longer reads', async () => {
    const sessionId = await chat.session();
    chat.fake.enqueue('openai', { text: 'Paris, I think.' }, { text: 'It is Paris.' }, { text: 'About 2.1 million.' });
    await chat.send(sessionId, { content: 'Capital of France?', model: 'gpt-4.1-nano' });
    await chat.settled(sessionId);

    const again = await chat.regenerate(sessionId, { model: 'gpt-4.1-nano' });
    expect(again.response.status).toBe(200);
    expect(again.response.headers.get('x-run-id')).toBeTruthy();
    expect(eventNames(again.events)).toEqual(expect.arrayContaining(['meta', 'token', 'usage', 'done']));
    // Asked as it was first asked: neither the earlier answer nor the question twice.
    expect(lastConversation(chat)).toEqual([['user', 'Capital of France?']]);

    const stored = await chat.settled(sessionId);
    expect(contents(stored)).toEqual([
      ['user', 'Capital of France?'],
      ['assistant', 'Paris, I think.'],
      ['assistant', 'It is Paris.'],
    ]);
    expect(stored.messages[2]).toMatchObject({ status: 'complete', model: 'gpt-4.1-nano' });
    expect(stored.messages[2].id).toBe(again.events[0]!.data.messageId);

    // The next question's history holds the newer answer only.
    await chat.send(sessionId, { content: 'How many people live there?', model: 'gpt-4.1-nano' });
    expect(lastConversation(chat)).toEqual([
      ['user', 'Capital of France?'],
      ['assistant', 'It is Paris.'],
      ['user', 'How many people live there?'],
    ]);

    const markdown = await chat.server.request('GET', `/api/chat/sessions/${sessionId}/export?format=markdown`, {
      token: chat.user.token,
    });
    expect(markdown.text).toContain('## Assistant (gpt-4.1-nano, assistant, earlier answer)\n\nParis, I think.');
    expect(markdown.text).not.toContain('earlier answer)\n\nIt is Paris.');
  });

  it('retries a failed answer without repeating the question, and answers as JSON with stream: false', async () => {
    const sessionId = await chat.session();
    // The connection is cut mid-answer: an error, with the part that came.
    chat.fake.enqueue('openai', { cutAfterChunks: 20 }, { text: 'Fine now.' });
    await chat.send(sessionId, { content: 'Say something', model: 'gpt-4.1-nano' });
    const failed = await chat.settled(sessionId);
    expect(failed.messages.map((message: { status: string }) => message.status)).toEqual(['complete', 'error']);

    const again = await chat.server.request('POST', `/api/chat/sessions/${sessionId}/regenerate`, {
      token: chat.user.token,
      body: { model: 'gpt-4.1-nano', stream: false },
    });
    expect(again.status).toBe(200);
    expect(again.body.message).toMatchObject({ role: 'assistant', content: 'Fine now.', status: 'complete' });
    expect(lastConversation(chat)).toEqual([['user', 'Say something']]);
    const stored = await chat.settled(sessionId);
    expect(stored.messages.map((message: { status: string }) => message.status)).toEqual([
      'complete',
      'error',
      'complete',
    ]);
  });

  it('sends the question’s images again, and only to a model that reads images', async () => {
    const sessionId = await chat.session();
    await chat.send(sessionId, {
      content: 'What is this?',
      model: 'gpt-4.1-mini',
      images: [{ dataUrl: `data:image/png;base64,${PNG_BASE64}` }],
    });
    await chat.settled(sessionId);

    const blind = await chat.regenerate(sessionId, { model: 'sonar' });
    expect(blind.response.status).toBe(400);
    expect(blind.problem).toMatchObject({ code: 'images_not_supported' });

    chat.fake.reset();
    await chat.regenerate(sessionId, { model: 'gpt-4.1-mini' });
    expect(lastConversation(chat)).toEqual([
      [
        'user',
        [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
        ],
      ],
    ]);
  });

  it('refuses with a clear problem and stores nothing: no question, an answer still running, not yours', async () => {
    const empty = await chat.session();
    const nothing = await chat.regenerate(empty);
    expect(nothing.response.status).toBe(409);
    expect(nothing.response.headers.get('content-type')).toContain('application/problem+json');
    expect(nothing.problem).toMatchObject({ code: 'nothing_to_regenerate' });

    const sessionId = await chat.session();
    chat.fake.enqueue('openai', { text: 'one two three four five six', chunkDelayMs: 200 });
    const running = await chat.send(sessionId, { content: 'Count slowly', model: 'gpt-4.1-nano' }, { stopAfter: 1 });
    const busy = await chat.regenerate(sessionId, { model: 'gpt-4.1-nano' });
    expect(busy.response.status).toBe(409);
    expect(busy.problem).toMatchObject({ code: 'session_busy' });
    await chat.server.request('POST', `/api/chat/runs/${running.response.headers.get('x-run-id')}/stop`, {
      token: chat.user.token,
    });
    const stored = await chat.settled(sessionId);
    expect(stored.messages).toHaveLength(2);

    const stranger = await registerAndLogin(chat.server, 'regenerate-stranger');
    const foreign = await chat.regenerate(sessionId, {}, { token: stranger.token });
    expect(foreign.response.status).toBe(404);
    expect(foreign.problem).toMatchObject({ code: 'session_not_found' });

    const invalid = await chat.regenerate(sessionId, { content: 'not here' });
    expect(invalid.response.status).toBe(400);
    expect(invalid.problem.detail).toMatch(/content/);
    expect((await chat.settled(sessionId)).messages).toHaveLength(2);
  });
});
