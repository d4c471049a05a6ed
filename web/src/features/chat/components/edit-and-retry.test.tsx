import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { chatMessage, chatSession } from '@/test/chat';
import { setUpChatPage, stubChatServer } from '@/test/chat-page';
import { jsonResponse } from '@/test/render';
import { sseEvent, sseResponse } from '@/test/sse-response';
import type { ChatMessage } from '../api/types';

const message = (id: string, role: ChatMessage['role'], content: string): ChatMessage =>
  chatMessage({
    id,
    role,
    content,
    ...(role === 'assistant'
      ? { provider: 'openai', model: 'gpt-4.1', agent: 'assistant', taskKind: 'general', finishReason: 'stop' }
      : {}),
  });

const session = (id: string, title: string, messages: ChatMessage[]) => chatSession({ id, title, messages });

const ORIGINAL = session('s1', 'Trees', [
  message('q1', 'user', 'What is a tree?'),
  message('a1', 'assistant', 'A plant with a trunk.'),
  message('q2', 'user', 'And a branch?'),
  message('a2', 'assistant', 'A part of a tree.'),
]);

// The last question answered three times (regenerated twice): the first two are earlier answers.
const REGENERATED = session('s1', 'Trees', [
  ...ORIGINAL.messages,
  message('a2-again', 'assistant', 'A limb of a tree.'),
  message('a2-third', 'assistant', 'A bough.'),
]);

/**
 * The server: the session above (or `original`); a fork (s2) or a new session (s3) that holds
 * the history the client asked for, and, once a question is sent to it, that question and a
 * one-word answer.
 */
function fakeServer({ refuseSend = false, original = ORIGINAL } = {}) {
  const sessions = new Map([[original.id, original]]);
  const requests = stubChatServer((request) => {
    const { method, path } = request;
    const body = request.body as Record<string, unknown> | undefined;
    const [, id, action] = /^\/chat\/sessions\/([^/]+)\/?(.*)$/.exec(path) ?? [];
    const stored = id ? sessions.get(id) : undefined;

    if (method === 'POST' && path === '/chat/sessions') {
      const created = session('s3', 'New chat', []);
      sessions.set(created.id, created);
      return jsonResponse(201, created);
    }
    if (!stored) return undefined;
    if (method === 'GET' && !action) return jsonResponse(200, stored);
    if (method === 'DELETE' && !action) {
      sessions.delete(stored.id);
      return jsonResponse(204, null);
    }
    if (method === 'POST' && action === 'fork') {
      const at = stored.messages.findIndex((candidate) => candidate.id === body?.messageId);
      const fork = session('s2', `${stored.title} (fork)`, stored.messages.slice(0, at + 1));
      sessions.set(fork.id, fork);
      return jsonResponse(201, fork);
    }
    if (method === 'POST' && action === 'messages') {
      if (refuseSend) return jsonResponse(402, { code: 'budget_exceeded', detail: 'The monthly budget is spent.' });
      const content = String(body?.content);
      const answerId = `${stored.id}-answer`;
      sessions.set(stored.id, {
        ...stored,
        messages: [
          ...stored.messages,
          message(`${stored.id}-question`, 'user', content),
          message(answerId, 'assistant', 'Twigs.'),
        ],
      });
      const meta = { runId: 'run-1', messageId: answerId, agent: 'assistant', taskKind: 'general' };
      return sseResponse(
        [
          sseEvent(1, 'meta', { ...meta, model: 'gpt-4.1', provider: 'openai', contextDropped: 0 }),
          sseEvent(2, 'token', { text: 'Twigs.' }),
          sseEvent(3, 'done', { messageId: answerId, status: 'complete', reason: null, finishReason: 'stop' }),
        ],
        { headers: { 'x-run-id': 'run-1' } },
      );
    }
    return undefined;
  });
  return { changes: () => requests.filter((request) => request.method !== 'GET') };
}

/** The bubble that shows this text (a question or an answer). */
const bubble = async (text: string) => (await screen.findByText(text)).closest('article')!;

describe('editing a question and retrying an answer, in a new branch', () => {
  const renderChat = setUpChatPage();

  it('forks at the answer before an edited question and sends the new text there, with the composer’s choices', async () => {
    const user = userEvent.setup();
    const server = fakeServer();
    renderChat();
    await user.selectOptions(await screen.findByLabelText('Task'), 'code');

    await user.click(within(await bubble('And a branch?')).getByRole('button', { name: 'Edit' }));
    const input = screen.getByLabelText('Edit your question');
    expect(input).toHaveValue('And a branch?');
    expect(input).toHaveFocus();
    await user.clear(input);
    expect(screen.getByRole('button', { name: 'Send in a new branch' })).toBeDisabled();
    await user.type(input, 'And a twig?');
    await user.click(screen.getByRole('button', { name: 'Send in a new branch' }));

    // The new session opens and shows the answer to the edited question.
    await screen.findByRole('heading', { name: 'Trees (fork)' });
    expect(await bubble('Twigs.')).toHaveAttribute('data-status', 'complete');
    expect(screen.getByText('And a twig?')).toBeInTheDocument();
    expect(screen.queryByText('And a branch?')).toBeNull();
    expect(server.changes()).toEqual([
      { method: 'POST', path: '/chat/sessions/s1/fork', body: { messageId: 'a1' } },
      {
        method: 'POST',
        path: '/chat/sessions/s2/messages',
        body: { content: 'And a twig?', taskKind: 'code', mode: 'senior', stream: true },
      },
    ]);
  });

  it('starts a new session, with the chat’s instructions, for an edited first question: nothing before it to fork', async () => {
    const user = userEvent.setup();
    const server = fakeServer({ original: { ...ORIGINAL, instructions: 'Answer briefly.' } });
    renderChat();

    await user.click(within(await bubble('What is a tree?')).getByRole('button', { name: 'Edit' }));
    const input = screen.getByLabelText('Edit your question');
    await user.clear(input);
    // Ctrl+Enter sends, as the button does; Enter alone is a new line.
    await user.type(input, 'What is a bush?{Control>}{Enter}{/Control}');

    expect(await bubble('Twigs.')).toHaveAttribute('data-status', 'complete');
    expect(server.changes()).toEqual([
      { method: 'POST', path: '/chat/sessions', body: { instructions: 'Answer briefly.' } },
      {
        method: 'POST',
        path: '/chat/sessions/s3/messages',
        body: { content: 'What is a bush?', mode: 'senior', stream: true },
      },
    ]);
  });

  it('restores the question without any request when the edit is cancelled, by button or by Escape', async () => {
    const user = userEvent.setup();
    const server = fakeServer();
    renderChat();
    const question = await bubble('And a branch?');

    await user.click(within(question).getByRole('button', { name: 'Edit' }));
    await user.type(screen.getByLabelText('Edit your question'), ' Really?');
    await user.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByLabelText('Edit your question')).toBeNull();
    expect(within(question).getByText('And a branch?')).toBeInTheDocument();
    expect(within(question).getByRole('button', { name: 'Edit' })).toHaveFocus();

    await user.click(within(question).getByRole('button', { name: 'Edit' }));
    await user.type(screen.getByLabelText('Edit your question'), ' Really?{Escape}');
    expect(screen.queryByLabelText('Edit your question')).toBeNull();
    expect(within(question).getByText('And a branch?')).toBeInTheDocument();

    expect(server.changes()).toEqual([]);
  });

  it('retries an earlier answer by forking before its question and asking the question again', async () => {
    const user = userEvent.setup();
    const server = fakeServer({ original: REGENERATED });
    renderChat();

    // The answer shows its newest version, 3 / 3: the one to retry is the one before.
    await user.click(within(await bubble('A bough.')).getByRole('button', { name: 'Previous answer' }));
    await user.click(within(await bubble('A limb of a tree.')).getByRole('button', { name: 'Retry in a new branch' }));

    await screen.findByRole('heading', { name: 'Trees (fork)' });
    expect(await bubble('Twigs.')).toHaveAttribute('data-status', 'complete');
    expect(server.changes()).toEqual([
      { method: 'POST', path: '/chat/sessions/s1/fork', body: { messageId: 'a1' } },
      {
        method: 'POST',
        path: '/chat/sessions/s2/messages',
        body: { content: 'And a branch?', mode: 'senior', stream: true },
      },
    ]);
  });

  it('shows a refusal at the question, stays in the session and removes the branch it made', async () => {
    const user = userEvent.setup();
    const server = fakeServer({ refuseSend: true });
    renderChat();
    const question = await bubble('And a branch?');

    await user.click(within(question).getByRole('button', { name: 'Edit' }));
    await user.click(screen.getByRole('button', { name: 'Send in a new branch' }));

    expect(await within(question).findByRole('alert')).toHaveTextContent('The monthly budget is spent.');
    // The text is kept, to be sent again.
    expect(screen.getByLabelText('Edit your question')).toHaveValue('And a branch?');
    expect(screen.getByRole('heading', { name: 'Trees' })).toBeInTheDocument();
    expect(server.changes().map(({ method, path }) => `${method} ${path}`)).toEqual([
      'POST /chat/sessions/s1/fork',
      'POST /chat/sessions/s2/messages',
      'DELETE /chat/sessions/s2',
    ]);
  });
});
