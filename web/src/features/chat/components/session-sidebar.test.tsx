import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { chatMessage, chatSession } from '@/test/chat';
import { setUpChatPage, stubChatServer } from '@/test/chat-page';
import { jsonResponse } from '@/test/render';
import type { ChatSessionListItem } from '../api/types';

const TREES = chatSession({
  id: 's1',
  title: 'Trees',
  messages: [
    chatMessage({ id: 'q1', role: 'user', content: 'Name a tree.' }),
    chatMessage({ id: 'a1', role: 'assistant', content: 'The oak (Quercus): an Oak lives long.' }),
    chatMessage({ id: 'q2', role: 'user', content: 'And a bird?' }),
    chatMessage({ id: 'a2', role: 'assistant', content: 'A robin.' }),
  ],
});
const BIRDS = chatSession({ id: 's2', title: 'Birds in oak woods' });
const listed = ({ messages: _messages, ...session }: typeof TREES): ChatSessionListItem => session;

/**
 * The server: the two chats, listed; searched for "oak", the trees chat found in its answer a1,
 * the birds chat by its title only.
 */
function fakeServer() {
  return stubChatServer(({ method, path, query }) => {
    if (method === 'GET' && path === '/chat/sessions') {
      if (!query?.get('q')) return jsonResponse(200, { items: [listed(TREES), listed(BIRDS)], nextCursor: null });
      const match = { messageId: 'a1', role: 'assistant', excerpt: 'The oak (Quercus): an Oak lives long.' };
      return jsonResponse(200, {
        items: [
          { ...listed(TREES), match },
          { ...listed(BIRDS), match: null },
        ],
        nextCursor: null,
      });
    }
    if (method === 'GET' && path === '/chat/sessions/s1') return jsonResponse(200, TREES);
    return undefined;
  });
}

const chats = () => screen.getByRole('navigation', { name: 'Chats' });

describe('searching the chats in the sidebar', () => {
  const renderChat = setUpChatPage();

  it('shows under a result the text found in its messages, the query marked, and opens the chat at that message', async () => {
    const user = userEvent.setup();
    const requests = fakeServer();
    renderChat('/chat');
    expect(await within(chats()).findByRole('link', { name: 'Trees' })).toHaveAttribute('href', '/chat/s1');

    await user.type(screen.getByLabelText('Search chats'), 'OAK');
    const result = await within(chats()).findByRole('link', { name: /^Trees Assistant: The oak/ });
    expect(requests.at(-1)?.query?.get('q')).toBe('OAK');
    expect(result).toHaveAttribute('href', '/chat/s1?message=a1');
    expect(result).toHaveTextContent('Trees Assistant: The oak (Quercus): an Oak lives long.');
    expect([...result.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual(['oak', 'Oak']);

    await user.click(result);
    const found = (
      await screen.findByText('The oak (Quercus): an Oak lives long.', { selector: '.markdown p' })
    ).closest('article')!;
    expect(found).toHaveClass('message--found');
    await waitFor(() => expect(found).toHaveFocus());
    // The menu of the result still works.
    expect(within(chats()).getByLabelText('Actions for “Trees”')).toBeInTheDocument();
  });

  it('links a result found by its title only to the chat, with no excerpt', async () => {
    const user = userEvent.setup();
    fakeServer();
    renderChat('/chat');
    await user.type(await screen.findByLabelText('Search chats'), 'oak');

    const result = await within(chats()).findByRole('link', { name: 'Birds in oak woods' });
    expect(result).toHaveAttribute('href', '/chat/s2');
    expect(result.querySelector('mark')).toBeNull();
    expect(within(result).queryByText(/Assistant:|You:/)).toBeNull();
  });

  it('says who wrote the message found: “You:” for a question', async () => {
    const user = userEvent.setup();
    stubChatServer(({ method, path, query }) =>
      method === 'GET' && path === '/chat/sessions' && query?.get('q')
        ? jsonResponse(200, {
            items: [{ ...listed(TREES), match: { messageId: 'q1', role: 'user', excerpt: 'Name a tree.' } }],
            nextCursor: null,
          })
        : undefined,
    );
    renderChat('/chat');
    await user.type(await screen.findByLabelText('Search chats'), 'tree');

    const result = await within(chats()).findByRole('link', { name: 'Trees You: Name a tree.' });
    expect(result).toHaveAttribute('href', '/chat/s1?message=q1');
    expect(within(result).getByText('tree', { selector: 'mark' })).toBeInTheDocument();
  });
});
