import { act, screen, waitFor, within } from '@testing-library/react';
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
const answers = () => screen.getAllByRole('heading', { name: 'Assistant' });
/** The ‹ 2 / 3 › under an answer given several times, which says it shows the 2nd of 3. */
const pagerOf = (article: HTMLElement) => within(article).getByRole('group', { name: 'Versions of this answer' });
const expectVersion = (article: HTMLElement, current: number, total: number) => {
  const pager = pagerOf(article);
  expect(pager).toHaveTextContent(`${current} / ${total}`);
  expect(within(pager).getByText(`Answer ${current} of ${total}`)).toBeInTheDocument();
};

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

    // Live, before the answer is complete: its text so far, shown at once in place of the first
    // answer as its second version, and the composer offers to stop it.
    const live = await bubble('A woody plant.');
    expect(live).toHaveAttribute('data-status', 'streaming');
    expectVersion(live, 2, 2);
    expect(screen.queryByText('A plant with a trunk.')).toBeNull();
    expect(screen.getByRole('button', { name: 'Stop answer' })).toBeInTheDocument();
    expect(questions()).toHaveLength(1);
    expect(answers()).toHaveLength(1);
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
    await user.click(within(await bubble('A woody plant.')).getByRole('button', { name: 'Previous answer' }));
    expect(within(await bubble('A plant with a trunk.')).getByText('Earlier answer')).toBeInTheDocument();
    expect(server.changes()).toHaveLength(1);
  });

  it('keeps the keyboard focus on the answer: on Stop while the new answer runs, on Regenerate when it ends', async () => {
    const user = userEvent.setup();
    const server = fakeServer([QUESTION, answer('a1', 'A plant with a trunk.')], { hold: true });
    renderChat();
    within(await bubble('A plant with a trunk.'))
      .getByRole('button', { name: 'Regenerate' })
      .focus();
    await user.keyboard('{Enter}');

    const live = await bubble('A woody plant.');
    await waitFor(() => expect(within(live).getByRole('button', { name: 'Stop' })).toHaveFocus());
    server.finish();
    await waitFor(() => expect(within(live).getByRole('button', { name: 'Regenerate' })).toHaveFocus());
    await waitFor(() => expect(runStore.all()).toHaveLength(0));
  });

  it('answers again after a failed last answer with Retry, keeping the failed one as an earlier answer', async () => {
    const user = userEvent.setup();
    const failed = answer('a1', '', { status: 'error', errorCode: 'provider_unavailable', finishReason: null });
    const server = fakeServer([QUESTION, failed]);
    renderChat();

    const failedBubble = (await screen.findByText('The answer failed')).closest('article')!;
    await user.click(within(failedBubble).getByRole('button', { name: 'Retry' }));

    const newAnswer = await bubble('A woody plant.');
    expect(newAnswer).toHaveAttribute('data-status', 'complete');
    await waitFor(() => expect(runStore.all()).toHaveLength(0));
    expect(server.changes()).toEqual([
      { method: 'POST', path: '/chat/sessions/s1/regenerate', body: { mode: 'senior', stream: true } },
    ]);
    expect(questions()).toHaveLength(1);
    expectVersion(newAnswer, 2, 2);
    expect(screen.queryByText('The answer failed')).toBeNull();

    await user.click(within(newAnswer).getByRole('button', { name: 'Previous answer' }));
    const failedAgain = (await screen.findByText('The answer failed')).closest('article')!;
    expect(within(failedAgain).getByText('Earlier answer')).toBeInTheDocument();
    expect(within(failedAgain).queryByRole('button', { name: 'Retry' })).toBeNull();
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

  it('shows the refusal with the version it was about only', async () => {
    const user = userEvent.setup();
    fakeServer([QUESTION, answer('a1', 'A plant with a trunk.'), answer('a2', 'A woody plant.')], {
      refuse: { status: 409, code: 'session_busy', detail: 'An answer is still being written in this chat.' },
    });
    renderChat();
    const last = await bubble('A woody plant.');
    await user.click(within(last).getByRole('button', { name: 'Regenerate' }));
    expect(await within(last).findByRole('alert')).toBeInTheDocument();
    expectVersion(last, 2, 2);

    await user.click(within(last).getByRole('button', { name: 'Previous answer' }));
    expect(await bubble('A plant with a trunk.')).toBe(last);
    expect(within(last).queryByRole('alert')).toBeNull();
    await user.click(within(last).getByRole('button', { name: 'Next answer' }));
    expect(await within(last).findByRole('alert')).toHaveTextContent('An answer is still being written in this chat.');
  });
});

describe('an answer regenerated since', () => {
  const renderChat = setUpChatPage();

  it('is a version of the answer: the newest is shown, with Regenerate and no branch retry, at 2 / 2', async () => {
    fakeServer([QUESTION, answer('a1', 'A plant with a trunk.'), answer('a2', 'A woody plant.')]);
    renderChat();

    const last = await bubble('A woody plant.');
    expect(answers()).toHaveLength(1);
    expect(screen.queryByText('A plant with a trunk.')).toBeNull();
    expectVersion(last, 2, 2);
    expect(last).not.toHaveClass('message--earlier');
    expect(within(last).queryByText('Earlier answer')).toBeNull();
    expect(within(last).getByRole('button', { name: 'Regenerate' })).toBeInTheDocument();
    expect(within(last).queryByRole('button', { name: 'Retry in a new branch' })).toBeNull();
    expect(within(last).getByRole('button', { name: 'Next answer' })).toHaveAttribute('aria-disabled', 'true');
    expect(within(last).getByRole('button', { name: 'Previous answer' })).not.toHaveAttribute('aria-disabled');
  });

  it('is shown with Previous, labelled an earlier answer that Fork continues from, without Regenerate; Next goes back', async () => {
    const user = userEvent.setup();
    const server = fakeServer([QUESTION, answer('a1', 'A plant with a trunk.'), answer('a2', 'A woody plant.')]);
    renderChat();
    const previous = within(await bubble('A woody plant.')).getByRole('button', { name: 'Previous answer' });

    await user.click(previous);

    const earlier = await bubble('A plant with a trunk.');
    expect(screen.queryByText('A woody plant.')).toBeNull();
    expect(answers()).toHaveLength(1);
    expectVersion(earlier, 1, 2);
    expect(earlier).toHaveClass('message--earlier');
    expect(within(earlier).getByText('Earlier answer')).toBeVisible();
    expect(
      within(earlier).getByText('The model reads the latest answer. Fork to continue from this one.'),
    ).toBeVisible();
    expect(within(earlier).queryByRole('button', { name: 'Regenerate' })).toBeNull();
    for (const name of ['Copy message', 'Fork from here', 'Retry in a new branch']) {
      expect(within(earlier).getByRole('button', { name })).toBeInTheDocument();
    }
    // The button pressed keeps the focus, now at its end; pressed again, it does nothing.
    expect(previous).toHaveFocus();
    expect(previous).toHaveAttribute('aria-disabled', 'true');
    await user.keyboard('{Enter}');
    expectVersion(earlier, 1, 2);

    const next = within(earlier).getByRole('button', { name: 'Next answer' });
    await user.click(next);
    const last = await bubble('A woody plant.');
    expectVersion(last, 2, 2);
    expect(next).toHaveFocus();
    expect(last).not.toHaveClass('message--earlier');
    expect(within(last).getByRole('button', { name: 'Regenerate' })).toBeInTheDocument();
    expect(screen.queryByText('A plant with a trunk.')).toBeNull();
    // Flipping is the page's own: nothing is asked of the server.
    expect(server.changes()).toEqual([]);
  });

  it('gives way to a third answer, shown at once at 3 / 3 while it streams; the earlier ones can be read meanwhile', async () => {
    const user = userEvent.setup();
    const server = fakeServer([QUESTION, answer('a1', 'A plant with a trunk.'), answer('a2', 'A bush, only taller.')], {
      hold: true,
    });
    renderChat();

    await user.click(within(await bubble('A bush, only taller.')).getByRole('button', { name: 'Regenerate' }));

    const live = await bubble('A woody plant.');
    expect(live).toHaveAttribute('data-status', 'streaming');
    expectVersion(live, 3, 3);
    expect(answers()).toHaveLength(1);

    // While it streams, the answer before it is an earlier one already.
    await user.click(within(live).getByRole('button', { name: 'Previous answer' }));
    const second = await bubble('A bush, only taller.');
    expectVersion(second, 2, 3);
    expect(within(second).getByText('Earlier answer')).toBeInTheDocument();
    expect(screen.queryByText('A woody plant.')).toBeNull();

    // It went on in the background, and is shown complete when picked again.
    server.finish();
    await waitFor(() => expect(runStore.all()).toHaveLength(0));
    expectVersion(await bubble('A bush, only taller.'), 2, 3);
    await user.click(within(second).getByRole('button', { name: 'Next answer' }));
    const third = await bubble('A woody plant.');
    expect(third).toHaveAttribute('data-status', 'complete');
    expectVersion(third, 3, 3);
  });

  it('shows the newest again when another answer joins, even after an earlier one was picked', async () => {
    const user = userEvent.setup();
    const first = [QUESTION, answer('a1', 'A plant with a trunk.'), answer('a2', 'A woody plant.')];
    let messages = first;
    stubChatServer(({ method, path }) =>
      method === 'GET' && path === '/chat/sessions/s1'
        ? jsonResponse(200, chatSession({ id: 's1', title: 'Trees', messages }))
        : undefined,
    );
    const { queryClient } = renderChat();
    await user.click(within(await bubble('A woody plant.')).getByRole('button', { name: 'Previous answer' }));
    expectVersion(await bubble('A plant with a trunk.'), 1, 2);

    // Regenerated elsewhere (another tab): the session, loaded again, has a third answer.
    messages = [...first, answer('a3', 'A tall plant with a trunk.')];
    await act(() => queryClient.invalidateQueries());

    const newest = await bubble('A tall plant with a trunk.');
    expectVersion(newest, 3, 3);
    expect(screen.queryByText('A plant with a trunk.')).toBeNull();
  });
});
