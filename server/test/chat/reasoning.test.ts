import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../support/fake-providers.js';
import { startChatApp, type ChatApp } from '../support/chat.js';
import { textOf } from '../support/sse.js';

/** The answer and the thinking a recorded OpenAI-style stream carries. */
function recorded(name: string) {
  const deltas = readFileSync(join(FIXTURES_DIR, `${name}.chunks.txt`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { choices: Array<{ delta?: Record<string, string> }> }).choices[0]?.delta);
  const join_ = (key: string) => deltas.map((delta) => delta?.[key] ?? '').join('');
  return { text: join_('content'), reasoning: join_('reasoning_content') };
}

describe('a reasoning model’s thinking in chat', () => {
  let chat: ChatApp;
  const xai = recorded('openai-compatible/xai-text');
  beforeAll(async () => {
    chat = await startChatApp({ allowFakeHost: true });
    // The user's own OpenAI-compatible server (an Ollama running a reasoning model, say).
    const local = await chat.server.request('PUT', '/api/settings/api-keys/openai-compatible', {
      token: chat.user.token,
      body: { baseUrl: chat.fake.baseUrl('openai-compatible') },
    });
    expect(local.status).toBe(200);
  });
  beforeEach(() => chat.fake.reset());
  afterAll(() => chat.close());

  it('streams the thinking as reasoning events before the answer, and stores both apart', async () => {
    expect(xai.reasoning.length).toBeGreaterThan(100);
    const sessionId = await chat.session();
    chat.fake.enqueue('openai-compatible', { fixture: 'openai-compatible/xai-text' });
    const { events } = await chat.send(sessionId, { content: 'Why is the sky blue?', model: 'llama3.2:3b' });

    const thinking = events.filter((event) => event.event === 'reasoning');
    expect(thinking.map((event) => event.data.text as string).join('')).toBe(xai.reasoning);
    expect(textOf(events)).toBe(xai.text);
    const firstToken = events.findIndex((event) => event.event === 'token');
    expect(events.findLastIndex((event) => event.event === 'reasoning')).toBeLessThan(firstToken);
    const ids = events.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(events.at(-1)?.event).toBe('done');

    const session = await chat.settled(sessionId);
    const [question, answer] = session.messages;
    expect(question).toMatchObject({ role: 'user', reasoning: null });
    expect(answer).toMatchObject({
      role: 'assistant',
      status: 'complete',
      content: xai.text,
      reasoning: xai.reasoning,
      // The thinking is billed as output: xAI reports 340 reasoning tokens beside the 2 of the answer.
      inputTokens: 12,
      outputTokens: 342,
    });
    expect(events.find((event) => event.event === 'usage')?.data).toMatchObject({
      inputTokens: 12,
      outputTokens: 342,
      estimated: false,
    });

    // The next turn's history carries the answer, not the thinking behind it.
    chat.fake.enqueue('openai-compatible', { text: 'Rayleigh scattering.' });
    await chat.send(sessionId, { content: 'In two words?', model: 'llama3.2:3b' });
    const sent = chat.fake.requests.filter((request) => request.method === 'POST').at(-1)?.body;
    expect(sent.messages.slice(1)).toEqual([
      { role: 'user', content: 'Why is the sky blue?' },
      { role: 'assistant', content: xai.text },
      { role: 'user', content: 'In two words?' },
    ]);

    // Exports keep it: folded away in Markdown, a field in JSON.
    const markdown = await chat.server.request('GET', `/api/chat/sessions/${sessionId}/export?format=markdown`, {
      token: chat.user.token,
    });
    expect(markdown.text).toContain(`<details><summary>Thinking</summary>\n\n${xai.reasoning}\n\n</details>`);
    const json = await chat.server.request('GET', `/api/chat/sessions/${sessionId}/export?format=json`, {
      token: chat.user.token,
    });
    expect(JSON.parse(json.text).messages[1].reasoning).toBe(xai.reasoning);
  });

  it('lets a model that can reason think longer when asked: Claude’s extended thinking, OpenAI’s effort', async () => {
    const sessionId = await chat.session();
    chat.fake.enqueue('anthropic', { fixture: 'anthropic/anthropic-clear-thinking.1' });
    const thought = await chat.send(sessionId, {
      content: 'And divided by 5?',
      model: 'claude-sonnet-4-5',
      think: true,
    });
    expect(thought.events[0]).toMatchObject({ event: 'meta', data: { model: 'claude-sonnet-4-5', thinking: true } });
    const upstream = chat.fake.requests.find((request) => request.provider === 'anthropic')?.body;
    expect(upstream.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    const thinking = thought.events.filter((event) => event.event === 'reasoning');
    expect(thinking.map((event) => event.data.text as string).join('')).toBe(
      'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185',
    );
    expect(textOf(thought.events)).toBe('925 ÷ 5 = 185');
    const session = await chat.settled(sessionId);
    expect(session.messages[1]).toMatchObject({
      reasoning: expect.stringContaining('divide that by 5'),
      outputTokens: 53,
    });

    // Not asked: no thinking. A model that cannot reason is not asked to; o4-mini gets an effort.
    chat.fake.reset();
    const plain = await chat.send(sessionId, { content: 'Thanks', model: 'claude-sonnet-4-5' });
    expect(plain.events[0]?.data.thinking).toBe(false);
    expect(chat.fake.requests.find((request) => request.provider === 'anthropic')?.body).not.toHaveProperty('thinking');
    chat.fake.reset();
    const unable = await chat.send(sessionId, { content: 'Again?', model: 'gpt-4.1-nano', think: true });
    expect(unable.events[0]?.data.thinking).toBe(false);
    chat.fake.reset();
    const effort = await chat.send(sessionId, { content: 'Once more?', model: 'o4-mini', think: true });
    expect(effort.events[0]?.data.thinking).toBe(true);
    const posted = chat.fake.requests.filter((request) => request.method === 'POST').map((request) => request.body);
    expect(posted).toEqual([expect.objectContaining({ model: 'o4-mini', reasoning_effort: 'medium' })]);
  });

  it('stores no thinking for a model that sent none', async () => {
    const sessionId = await chat.session();
    const { events } = await chat.send(sessionId, { content: 'Name a holiday', model: 'gpt-4.1-nano' });
    expect(events.some((event) => event.event === 'reasoning')).toBe(false);
    const session = await chat.settled(sessionId);
    expect(session.messages[1]).toMatchObject({ status: 'complete', reasoning: null });
  });
});
