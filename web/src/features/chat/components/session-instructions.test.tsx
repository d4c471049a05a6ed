import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { chatSession } from '@/test/chat';
import { setUpChatPage, stubChatServer } from '@/test/chat-page';
import { jsonResponse } from '@/test/render';

/**
 * The server: session s1 with `instructions`. PATCH stores them ('' or null clears them) and
 * answers the session view, unless `refuse` names a problem instead.
 */
function fakeServer(
  instructions: string | null,
  { refuse }: { refuse?: { status: number; code: string; detail: string } } = {},
) {
  let session = chatSession({ id: 's1', title: 'Trees', instructions });
  const requests = stubChatServer(({ method, path, body }) => {
    if (method === 'GET' && path === '/chat/sessions/s1') return jsonResponse(200, session);
    if (method !== 'PATCH' || path !== '/chat/sessions/s1') return undefined;
    if (refuse) return jsonResponse(refuse.status, { status: refuse.status, code: refuse.code, detail: refuse.detail });
    session = { ...session, instructions: (body as { instructions?: string | null }).instructions || null };
    return jsonResponse(200, { ...session, messages: undefined });
  });
  return { changes: () => requests.filter((request) => request.method !== 'GET') };
}

const dialog = () => screen.findByRole('dialog', { name: 'Instructions for this chat' });

describe('instructions for a chat', () => {
  const renderChat = setUpChatPage();

  it('shows that a chat has instructions, with their first line, and opens them for editing', async () => {
    const user = userEvent.setup();
    fakeServer('Answer in German.\nYou are reviewing Go code.');
    renderChat();

    const button = await screen.findByRole('button', { name: 'Instructions active' });
    expect(screen.getByText('Instructions: Answer in German.')).toBeInTheDocument();
    expect(screen.queryByText(/You are reviewing Go code/)).toBeNull();
    expect(button).toHaveAccessibleDescription('Instructions: Answer in German.');

    await user.click(button);

    const open = await dialog();
    expect(within(open).getByRole('textbox', { name: 'Instructions' })).toHaveValue(
      'Answer in German.\nYou are reviewing Go code.',
    );
    expect(within(open).getByText(/44 of 10,000 characters/)).toBeInTheDocument();
    expect(within(open).getByRole('button', { name: 'Clear' })).toBeInTheDocument();
  });

  it('saves new instructions with PATCH, after which the header says the chat has them', async () => {
    const user = userEvent.setup();
    const server = fakeServer(null);
    renderChat();
    await user.click(await screen.findByRole('button', { name: 'Instructions' }));
    const open = await dialog();
    expect(within(open).queryByRole('button', { name: 'Clear' })).toBeNull();

    await user.type(within(open).getByRole('textbox', { name: 'Instructions' }), 'Be terse.');
    await user.click(within(open).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.changes()).toEqual([
      { method: 'PATCH', path: '/chat/sessions/s1', body: { instructions: 'Be terse.' } },
    ]);
    expect(screen.getByRole('button', { name: 'Instructions active' })).toBeInTheDocument();
    expect(screen.getByText('Instructions: Be terse.')).toBeInTheDocument();
  });

  it('clears the instructions with Clear', async () => {
    const user = userEvent.setup();
    const server = fakeServer('Answer in German.');
    renderChat();
    await user.click(await screen.findByRole('button', { name: 'Instructions active' }));

    await user.click(within(await dialog()).getByRole('button', { name: 'Clear' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.changes()).toEqual([{ method: 'PATCH', path: '/chat/sessions/s1', body: { instructions: null } }]);
    expect(screen.getByRole('button', { name: 'Instructions' })).toBeInTheDocument();
    expect(screen.queryByText(/Instructions:/)).toBeNull();
  });

  it('shows the server’s refusal in the dialog, which stays open with the text typed', async () => {
    const user = userEvent.setup();
    const detail = 'body/instructions must NOT have more than 10000 characters';
    const server = fakeServer(null, { refuse: { status: 400, code: 'validation_failed', detail } });
    renderChat();
    await user.click(await screen.findByRole('button', { name: 'Instructions' }));
    const open = await dialog();
    const field = within(open).getByRole('textbox', { name: 'Instructions' });

    await user.type(field, 'Answer in German.');
    await user.click(within(open).getByRole('button', { name: 'Save' }));

    expect(await within(open).findByRole('alert')).toHaveTextContent(detail);
    expect(server.changes()).toHaveLength(1);
    expect(screen.getByRole('dialog', { name: 'Instructions for this chat' })).toBeInTheDocument();
    expect(field).toHaveValue('Answer in German.');
    expect(within(open).getByRole('button', { name: 'Save' })).toBeEnabled();
    expect(screen.queryByText(/Instructions:/)).toBeNull();
  });

  it('mentions your instructions for every chat, with a link to them, when you have some', async () => {
    const user = userEvent.setup();
    stubChatServer(({ method, path }) => {
      if (method === 'GET' && path === '/chat/sessions/s1')
        return jsonResponse(200, chatSession({ id: 's1', title: 'Trees' }));
      if (method === 'GET' && path === '/settings/chat') {
        return jsonResponse(200, { instructions: 'I write Go.', updatedAt: '2026-03-01T10:00:00.000Z' });
      }
      return undefined;
    });
    renderChat();
    await user.click(await screen.findByRole('button', { name: 'Instructions' }));
    const open = await dialog();

    const line = await within(open).findByText(
      /Your instructions for every chat apply too; this chat’s come after them\./,
    );
    expect(within(line).getByRole('link', { name: 'Edit them in Settings' })).toHaveAttribute('href', '/settings/chat');
    expect(within(open).getByRole('textbox', { name: 'Instructions' })).toHaveAccessibleDescription(
      /^Your instructions for every chat apply too; this chat’s come after them\. Edit them in Settings /,
    );
  });

  for (const [what, answer] of [
    ['you have none', () => jsonResponse(200, { instructions: null, updatedAt: null })],
    ['they fail to load', () => jsonResponse(500, { code: 'internal_error' })],
  ] as const) {
    it(`says nothing about instructions for every chat when ${what}`, async () => {
      const user = userEvent.setup();
      const requests = stubChatServer(({ method, path }) => {
        if (method === 'GET' && path === '/chat/sessions/s1')
          return jsonResponse(200, chatSession({ id: 's1', title: 'Trees' }));
        if (method === 'GET' && path === '/settings/chat') return answer();
        return undefined;
      });
      const { queryClient } = renderChat();
      await user.click(await screen.findByRole('button', { name: 'Instructions' }));
      const open = await dialog();

      // Asked and answered: the dialog has had its chance to show the line.
      await waitFor(() => {
        const state = queryClient.getQueryState(['settings', 'chat']);
        expect(state?.status).not.toBe('pending');
        expect(state?.fetchStatus).toBe('idle');
      });
      expect(requests).toContainEqual({ method: 'GET', path: '/settings/chat', body: undefined });
      expect(within(open).queryByText(/instructions for every chat/)).toBeNull();
      expect(within(open).queryByRole('link')).toBeNull();
    });
  }

  it('takes instructions before a new chat’s first message, and creates the chat with them', async () => {
    const user = userEvent.setup();
    const requests = stubChatServer(({ method, path, body }) => {
      if (method === 'POST' && path === '/chat/sessions') {
        return jsonResponse(201, chatSession({ id: 's9', title: 'New chat', ...(body as object) }));
      }
      // The first message is refused: the test ends before any answer.
      if (method === 'POST' && path === '/chat/sessions/s9/messages') {
        return jsonResponse(402, { code: 'budget_exceeded', detail: 'The monthly budget is spent.' });
      }
      return undefined;
    });
    renderChat('/chat');
    await user.click(await screen.findByRole('button', { name: 'Instructions' }));
    await user.type(within(await dialog()).getByRole('textbox', { name: 'Instructions' }), 'Answer in German.');
    await user.click(within(await dialog()).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('button', { name: 'Instructions active' })).toBeInTheDocument();
    expect(requests.filter((request) => request.method !== 'GET')).toEqual([]);

    await user.type(screen.getByLabelText('Message'), 'Hello{Enter}');
    await waitFor(() =>
      expect(requests.find((request) => request.method === 'POST')).toEqual({
        method: 'POST',
        path: '/chat/sessions',
        body: { instructions: 'Answer in German.' },
      }),
    );
  });
});
