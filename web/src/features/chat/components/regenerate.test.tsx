import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { chatMessage, chatSession } from '@/test/chat';
import { setUpChatPage, stubChatServer } from '@/test/chat-page';
import { jsonResponse } from '@/test/render';
import { sseEvent, sseResponse } from '@/test/sse-response';
import type { ChatMessage } from '../api/types';
import { runStore } from '../lib/run-store';

const QUESTION = chatMessage({ id: 'q1', role: 'user', content: 'What is a tree?' });

const answer = (id: string, content: string, change: Partial<ChatMessage> = {}) =>
  chatMessage({ id, role: 'assistant', content, model: 'gpt-4.1', finishReason: 'stop', ...change });

/**
 * The server: session s1 with `messages`. Regenerating stores a new answer (a-new) after them and
 * streams it; its end waits for `finish()` unless `hold` is false. `refuse` names a problem instead.
 */
function fakeServer(
  messages: ChatMessage[],
  { hold = false, refuse }: { hold?: boolean; refuse?: { status: number; code: string; detail: string } } = {},
) {
  let session = chatSession({ id: 's1', title: 'Trees', messages });
  const store = (newAnswer: ChatMessage) => (session = { ...session, messages: [...messages, newAnswer] });
  let finish = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = () => {
      store(answer('a-new', 'A woody plant.', { runId: 'run-2' }));
      resolve();
    };
  });
  const requests = stubChatServer(({ method, path }) => {
    if (method === 'GET' && path === '/chat/sessions/s1') return jsonResponse(200, session);
    if (method !== 'POST' || path !== '/chat/sessions/s1/regenerate') return undefined;

    if (refuse) return jsonResponse(refuse.status, { code: refuse.code, detail: refuse.detail });
    store(answer('a-new', '', { status: 'streaming', runId: 'run-2' }));
    if (!hold) finish();
    const meta = { runId: 'run-2', messageId: 'a-new', agent: 'assistant', taskKind: 'general', model: 'gpt-4.1' };
    return sseResponse(
      [
        sseEvent(1, 'meta', { ...meta, provider: 'openai', contextDropped: 0 }),
        sseEvent(2, 'token', { text: 'A woody ' }),
        sseEvent(3, 'token', { text: 'plant.' }),
        sseEvent(4, 'done', { messageId: 'a-new', status: 'complete', reason: null, finishReason: 'stop' }),
      ],
      { headers: { 'x-run-id': 'run-2' }, holdLast: finished },
    );
  });
  return { finish, changes: () => requests.filter((request) => request.method !== 'GET') };
}

/** The bubble that shows this text (a question or an answer). */
const bubble = async (text: string) => (await screen.findByText(text)).closest('article')!;
const questions = () => screen.getAllByRole('heading', { name: 'You' });

describe('regenerating the last answer in place', () => {
  const renderChat = setUpChatPage();

  it('asks the server to answer the last question again, with the composer’s choices, and streams the answer in', async () => {
    const user = userEvent.setup();
    localStorage.setItem('xionimus.chat.model', 'gpt-4.1');
    localStorage.setItem('xionimus.chat.mode', 'junior');
    localStorage.setItem('xionimus.chat.think', 'true');
    const server = fakeServer([QUESTION, answer('a1', 'A plant with a trunk.')], { hold: true });
    renderChat();
    await user.selectOptions(await screen.findByLabelText('Task'), 'code');

    await user.click(within(await bubble('A plant with a trunk.')).getByRole('button', { name: 'Regenerate' }));

    // Live, before the answer is complete: its text so far, and the composer offers to stop it.
    const live = await bubble('A woody plant.');
    expect(live).toHaveAttribute('data-status', 'streaming');
    expect(screen.getByRole('button', { name: 'Stop answer' })).toBeInTheDocument();
    expect(questions()).toHaveLength(1);
    expect(server.changes()).toEqual([
      {
        method: 'POST',
        path: '/chat/sessions/s1/regenerate',
        body: { model: 'gpt-4.1', taskKind: 'code', mode: 'junior', think: true, stream: true },
      },
    ]);

    server.finish();
    await waitFor(() => expect(runStore.all()).toHaveLength(0));
    expect(await bubble('A woody plant.')).toHaveAttribute('data-status', 'complete');
    // The question was not sent again: still one, and the first answer is now an earlier one.
    expect(questions()).toHaveLength(1);
    expect(screen.getAllByText('What is a tree?')).toHaveLength(1);
    expect(within(await bubble('A plant with a trunk.')).getByText('Earlier answer')).toBeInTheDocument();
    expect(server.changes()).toHaveLength(1);
  });

  it('answers again after a failed last answer with Retry, keeping the failed one as an earlier answer', async () => {
    const user = userEvent.setup();
    const failed = answer('a1', '', { status: 'error', errorCode: 'provider_unavailable', finishReason: null });
    const server = fakeServer([QUESTION, failed]);
    renderChat();

    const failedBubble = (await screen.findByText('The answer failed')).closest('article')!;
    await user.click(within(failedBubble).getByRole('button', { name: 'Retry' }));

    expect(await bubble('A woody plant.')).toHaveAttribute('data-status', 'complete');
    await waitFor(() => expect(runStore.all()).toHaveLength(0));
    expect(server.changes()).toEqual([
      { method: 'POST', path: '/chat/sessions/s1/regenerate', body: { mode: 'senior', stream: true } },
    ]);
    expect(questions()).toHaveLength(1);
    expect(within(failedBubble).getByText('Earlier answer')).toBeInTheDocument();
    expect(within(failedBubble).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('shows a refusal at the answer, which stays the last one and can be regenerated again', async () => {
    const user = userEvent.setup();
    const detail = 'An answer is still being written in this chat.';
    fakeServer([QUESTION, answer('a1', 'A plant with a trunk.')], {
      refuse: { status: 409, code: 'session_busy', detail },
    });
    renderChat();
    const last = await bubble('A plant with a trunk.');

    await user.click(within(last).getByRole('button', { name: 'Regenerate' }));

    expect(await within(last).findByRole('alert')).toHaveTextContent(detail);
    expect(runStore.all()).toHaveLength(0);
    expect(within(last).queryByText('Earlier answer')).toBeNull();
    expect(within(last).getByRole('button', { name: 'Regenerate' })).toBeEnabled();
  });
});

describe('an answer regenerated since', () => {
  const renderChat = setUpChatPage();

  it('is labelled an earlier answer, without Regenerate, while the last answer has Regenerate and no branch retry', async () => {
    fakeServer([QUESTION, answer('a1', 'A plant with a trunk.'), answer('a2', 'A woody plant.')]);
    renderChat();

    const earlier = await bubble('A plant with a trunk.');
    expect(earlier).toHaveClass('message--earlier');
    expect(within(earlier).getByText('Earlier answer')).toBeVisible();
    expect(within(earlier).queryByRole('button', { name: 'Regenerate' })).toBeNull();
    for (const name of ['Copy message', 'Fork from here', 'Retry in a new branch']) {
      expect(within(earlier).getByRole('button', { name })).toBeInTheDocument();
    }

    const last = await bubble('A woody plant.');
    expect(last).not.toHaveClass('message--earlier');
    expect(within(last).queryByText('Earlier answer')).toBeNull();
    expect(within(last).getByRole('button', { name: 'Regenerate' })).toBeInTheDocument();
    expect(within(last).queryByRole('button', { name: 'Retry in a new branch' })).toBeNull();
  });
});
