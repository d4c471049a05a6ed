import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { chatMessage, chatSession } from '@/test/chat';
import { setUpChatPage, stubChatServer } from '@/test/chat-page';
import { jsonResponse } from '@/test/render';
import { sseEvent, sseResponse } from '@/test/sse-response';
import type { ChatMessage } from '../api/types';

/** 100 questions, each answered: 200 rows, far more than the list renders at once. */
const LONG: ChatMessage[] = Array.from({ length: 100 }, (_, turn) => [
  chatMessage({ id: `q${turn}`, role: 'user', content: `Question ${turn}` }),
  chatMessage({ id: `a${turn}`, role: 'assistant', content: `Answer ${turn}` }),
]).flat();

const ANSWERED_TWICE: ChatMessage[] = [
  chatMessage({ id: 'q1', role: 'user', content: 'What is a tree?' }),
  chatMessage({ id: 'a1', role: 'assistant', content: 'A plant with a trunk.' }),
  chatMessage({ id: 'a2', role: 'assistant', content: 'A woody plant.' }),
];

const serve = (messages: ChatMessage[]) =>
  stubChatServer(({ method, path }) =>
    method === 'GET' && path === '/chat/sessions/s1'
      ? jsonResponse(200, chatSession({ id: 's1', title: 'Trees', messages }))
      : undefined,
  );

/** The bubble that shows this text (a question or an answer). */
const bubble = async (text: string) => (await screen.findByText(text, {}, { timeout: 3000 })).closest('article')!;
const foundMessages = () => document.querySelectorAll('article.message--found');

describe('opening a chat at a message (?message=, from a search result)', () => {
  const renderChat = setUpChatPage();

  it('scrolls the list to a message far from the end, marks it found and gives it the focus', async () => {
    serve(LONG);
    renderChat('/chat/s1?message=q50');

    const found = await bubble('Question 50');
    expect(found).toHaveClass('message--found');
    await waitFor(() => expect(found).toHaveFocus());
    // Only the list's rows near it are in the DOM, and only it is marked and focusable.
    expect(screen.queryByText('Question 0')).toBeNull();
    expect(foundMessages()).toHaveLength(1);
    expect(screen.getByText('Answer 50').closest('article')).not.toHaveAttribute('tabindex');
    expect(screen.getByLabelText('Message')).not.toHaveFocus();
  });

  it('goes to the end and follows the answer when the user sends, after opening at a message', async () => {
    const user = userEvent.setup();
    stubChatServer(({ method, path }) => {
      if (method === 'GET' && path === '/chat/sessions/s1') {
        return jsonResponse(200, chatSession({ id: 's1', title: 'Trees', messages: LONG }));
      }
      if (method !== 'POST' || path !== '/chat/sessions/s1/messages') return undefined;
      const meta = { runId: 'run-9', messageId: 'a-new', agent: 'assistant', taskKind: 'general', model: 'gpt-4.1' };
      return sseResponse(
        [
          sseEvent(1, 'meta', { ...meta, provider: 'openai', contextDropped: 0 }),
          sseEvent(2, 'token', { text: 'The newest answer.' }),
          sseEvent(3, 'done', { messageId: 'a-new', status: 'complete', reason: null, finishReason: 'stop' }),
        ],
        // Still open: the question and its answer stay live ones, at the end of the list.
        { headers: { 'x-run-id': 'run-9' }, holdLast: new Promise(() => {}) },
      );
    });
    renderChat('/chat/s1?message=q50');
    await waitFor(async () => expect(await bubble('Question 50')).toHaveFocus());
    expect(screen.queryByText('Answer 99')).toBeNull();

    await user.type(screen.getByLabelText('Message'), 'One more question{Enter}');
    expect(await bubble('One more question')).toBeInTheDocument();
    expect(await bubble('The newest answer.')).toBeInTheDocument();
    expect(screen.getByText('Answer 99')).toBeInTheDocument();
    expect(screen.queryByText('Question 50')).toBeNull();
  });

  it('shows an earlier answer it names as the version shown, and the pager still flips to the others', async () => {
    const user = userEvent.setup();
    serve(ANSWERED_TWICE);
    renderChat('/chat/s1?message=a1');

    const earlier = await bubble('A plant with a trunk.');
    expect(earlier).toHaveClass('message--found');
    expect(within(earlier).getByText('Earlier answer')).toBeInTheDocument();
    const pager = within(earlier).getByRole('group', { name: 'Versions of this answer' });
    expect(pager).toHaveTextContent('1 / 2');
    expect(screen.queryByText('A woody plant.')).toBeNull();
    await waitFor(() => expect(earlier).toHaveFocus());

    await user.click(within(pager).getByRole('button', { name: 'Next answer' }));
    const newest = await bubble('A woody plant.');
    expect(within(newest).getByRole('group', { name: 'Versions of this answer' })).toHaveTextContent('2 / 2');
    // The version shown now is not the one found.
    expect(foundMessages()).toHaveLength(0);
  });

  it('opens the chat as usual when the message is not in it', async () => {
    serve(ANSWERED_TWICE);
    renderChat('/chat/s1?message=gone');

    expect(await bubble('A woody plant.')).toBeInTheDocument();
    expect(screen.queryByText('A plant with a trunk.')).toBeNull();
    expect(foundMessages()).toHaveLength(0);
    expect(screen.getByLabelText('Message')).toHaveFocus();
  });
});
