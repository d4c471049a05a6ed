import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { chatMessage, chatSession } from '@/test/chat';
import { setUpChatPage, stubChatServer } from '@/test/chat-page';
import { jsonResponse } from '@/test/render';
import { sseEvent } from '@/test/sse-response';
import type { ChatMessage } from '../api/types';
import { runStore } from '../lib/run-store';

const answer = (fields: Partial<ChatMessage>) =>
  chatMessage({
    id: 'a2',
    role: 'assistant',
    content: '',
    runId: 'run-1',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    agent: 'assistant',
    taskKind: 'general',
    ...fields,
  });

/**
 * The server: session s1 with one question and answer. A sent message is stored with a streaming
 * answer whose events (meta, saying `thinking` as given, and a first token) arrive at once; the
 * answer finishes, stored and then announced by `done`, only when the test calls `finish()`.
 */
function fakeServer({ thinking }: { thinking?: boolean } = {}) {
  let session = chatSession({
    id: 's1',
    title: 'Numbers',
    messages: [
      chatMessage({ id: 'q1', role: 'user', content: 'What is 1 + 1?' }),
      answer({ id: 'a1', runId: 'run-0', content: 'Two.', finishReason: 'stop' }),
    ],
  });
  let finish = () => {};
  const requests = stubChatServer((request) => {
    const { method, path } = request;
    if (method === 'GET' && path === '/chat/sessions/s1') return jsonResponse(200, session);
    if (method !== 'POST' || path !== '/chat/sessions/s1/messages') return undefined;

    const body = request.body as Record<string, unknown>;
    const question = chatMessage({ id: 'q2', role: 'user', content: String(body.content) });
    session = { ...session, messages: [...session.messages, question, answer({ status: 'streaming' })] };
    const meta = {
      runId: 'run-1',
      messageId: 'a2',
      agent: 'assistant',
      taskKind: 'general',
      model: 'claude-sonnet-4-5',
      provider: 'anthropic',
      contextDropped: 0,
      ...(thinking === undefined ? {} : { thinking }),
    };
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(sseEvent(1, 'meta', meta) + sseEvent(2, 'token', { text: 'Four' })));
        finish = () => {
          session = {
            ...session,
            messages: [...session.messages.slice(0, -1), answer({ content: 'Four.', finishReason: 'stop' })],
          };
          controller.enqueue(
            encoder.encode(
              sseEvent(3, 'token', { text: '.' }) +
                sseEvent(4, 'done', { messageId: 'a2', status: 'complete', reason: null, finishReason: 'stop' }),
            ),
          );
          controller.close();
        };
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'x-run-id': 'run-1' } });
  });
  const sent = () =>
    requests.filter((request) => request.method === 'POST').map((request) => request.body as Record<string, unknown>);
  return { sent, finish: () => finish() };
}

const thinkToggle = () => screen.findByRole('checkbox', { name: /^Think/ });

const ask = async (user: ReturnType<typeof userEvent.setup>, question: string) => {
  await user.type(await screen.findByLabelText('Message'), `${question}{Enter}`);
};

/** Lets the answer finish, and waits until the stored message has replaced the live one. */
const finished = async (server: { finish: () => void }) => {
  server.finish();
  await waitFor(() => expect(runStore.all()).toHaveLength(0));
};

/** The "Answered by …" line of the answer that is being written (or was just written). */
const newAnswerModelLine = async (text: string) =>
  (await screen.findByText(text)).closest('article')!.querySelector('.message__model')!;

describe('the Think toggle', () => {
  const renderChat = setUpChatPage();

  it('is off by default, with its hint, and then leaves think out of the request', async () => {
    const user = userEvent.setup();
    const server = fakeServer();
    renderChat();

    const toggle = await thinkToggle();
    expect(toggle).not.toBeChecked();
    // The hint is read out with the label (jsdom drops the space before the hidden part).
    expect(toggle).toHaveAccessibleName(/^Think ?\(Reasoning models think longer before answering \(more tokens\)\)$/);
    expect(toggle.closest('label')).toHaveAttribute(
      'title',
      'Reasoning models think longer before answering (more tokens)',
    );

    await ask(user, 'What is 2 + 2?');
    await waitFor(() => expect(server.sent()).toHaveLength(1));
    expect(server.sent()[0]).toEqual({ content: 'What is 2 + 2?', mode: 'senior', stream: true });
    await finished(server);
  });

  it('sends think: true once turned on, and is still on after a reload', async () => {
    const user = userEvent.setup();
    const server = fakeServer();
    const first = renderChat();

    await user.click(await thinkToggle());
    expect(await thinkToggle()).toBeChecked();
    expect(localStorage.getItem('xionimus.chat.think')).toBe('true');

    // A reload: a fresh page that knows only what localStorage kept.
    first.unmount();
    renderChat();
    expect(await thinkToggle()).toBeChecked();

    await ask(user, 'What is 2 + 2?');
    await waitFor(() => expect(server.sent()).toHaveLength(1));
    expect(server.sent()[0]).toEqual({ content: 'What is 2 + 2?', mode: 'senior', think: true, stream: true });
    await finished(server);
  });

  it('sends no think again once turned off', async () => {
    const user = userEvent.setup();
    localStorage.setItem('xionimus.chat.think', 'true');
    const server = fakeServer();
    renderChat();

    const toggle = await thinkToggle();
    expect(toggle).toBeChecked();
    await user.click(toggle);
    expect(toggle).not.toBeChecked();
    expect(localStorage.getItem('xionimus.chat.think')).toBe('false');

    await ask(user, 'What is 2 + 2?');
    await waitFor(() => expect(server.sent()).toHaveLength(1));
    expect(server.sent()[0]).not.toHaveProperty('think');
    await finished(server);
  });
});

describe('who answered, while the model thinks longer', () => {
  const renderChat = setUpChatPage();

  it('says “thinking” after the model while the run’s meta says so, until the stored answer replaces the live one', async () => {
    const user = userEvent.setup();
    const server = fakeServer({ thinking: true });
    renderChat();

    await ask(user, 'What is 2 + 2?');
    const live = await newAnswerModelLine('Four');
    expect(live).toHaveTextContent(/^Answered by claude-sonnet-4-5 · thinking · agent: assistant$/);
    // The earlier, stored answer says nothing of the kind.
    expect((await newAnswerModelLine('Two.')).textContent).not.toContain('thinking');

    await finished(server);
    const stored = await newAnswerModelLine('Four.');
    expect(stored).toHaveTextContent(/^Answered by claude-sonnet-4-5 · agent: assistant$/);
  });

  it('says nothing of thinking when the meta does not say so', async () => {
    const user = userEvent.setup();
    const server = fakeServer({ thinking: false });
    renderChat();

    await ask(user, 'What is 2 + 2?');
    const live = await newAnswerModelLine('Four');
    expect(live).toHaveTextContent(/^Answered by claude-sonnet-4-5 · agent: assistant$/);
    await finished(server);
  });
});
