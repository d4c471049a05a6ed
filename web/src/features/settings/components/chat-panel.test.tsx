import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { ChatPanel } from './chat-panel';
import SettingsPage from './settings-page';

const SAVED_AT = '2026-03-01T10:00:00.000Z';

/**
 * The server: GET /settings/chat answers the stored instructions; PUT stores them (null or a
 * blank text clears them) and answers the same, unless `refuse` names a problem instead.
 * Returns the PUT bodies, in order.
 */
function fakeServer(
  instructions: string | null,
  { refuse, loadFails }: { refuse?: { status: number; code: string; detail: string }; loadFails?: boolean } = {},
) {
  let stored = { instructions, updatedAt: instructions === null ? null : SAVED_AT };
  const puts: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      if (!url.endsWith('/api/settings/chat')) return jsonResponse(404, { code: 'not_found' });
      if (init.method === 'PUT') {
        const body = JSON.parse(String(init.body)) as { instructions: string | null };
        puts.push(body);
        if (refuse) return jsonResponse(refuse.status, { ...refuse });
        const text = body.instructions?.trim() || null;
        stored = { instructions: text, updatedAt: text === null ? null : '2026-03-02T10:00:00.000Z' };
        return jsonResponse(200, stored);
      }
      if (loadFails) return jsonResponse(500, { code: 'internal_error', detail: 'the database is away' });
      return jsonResponse(200, stored);
    }),
  );
  return { puts };
}

const field = () => screen.getByRole('textbox', { name: 'Instructions for every chat' });
const saveButton = () => screen.getByRole('button', { name: 'Save' });

describe('the chat settings panel', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is the section right after Account, at /settings/chat', async () => {
    fakeServer(null);
    renderWithProviders(
      <Routes>
        <Route path="/settings/*" element={<SettingsPage />} />
      </Routes>,
      { route: '/settings/chat' },
    );

    expect(await screen.findByRole('heading', { level: 2, name: 'Instructions' })).toBeInTheDocument();
    const links = within(screen.getByRole('navigation', { name: 'Settings sections' })).getAllByRole('link');
    expect(links.map((link) => link.textContent).slice(0, 3)).toEqual(['Account', 'Instructions', 'API keys']);
    expect(links[1]).toHaveAttribute('href', '/settings/chat');
    expect(links[1]).toHaveAttribute('aria-current', 'page');
  });

  it('loads and shows the stored instructions, with their count and a Clear button', async () => {
    fakeServer('I write Go.\nAnswer briefly.');
    renderWithProviders(<ChatPanel />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading');

    await waitFor(() => expect(field()).toHaveValue('I write Go.\nAnswer briefly.'));
    expect(field()).toHaveAccessibleDescription(
      'Every answer in every chat reads these, before a chat’s own instructions. Tell the assistant about you and how you want answers. 27 of 10,000 characters.',
    );
    expect(saveButton()).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Clear' })).toBeEnabled();
  });

  it('shows why it could not load them', async () => {
    fakeServer(null, { loadFails: true });
    renderWithProviders(<ChatPanel />);

    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('saves nothing while nothing is stored and the field is blank', async () => {
    fakeServer(null);
    renderWithProviders(<ChatPanel />);
    await waitFor(() => expect(field()).toHaveValue(''));
    expect(saveButton()).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Clear' })).toBeNull();

    await userEvent.type(field(), '   ');

    expect(saveButton()).toBeDisabled();
  });

  it('saves an edit with PUT, says so, and offers Clear afterwards', async () => {
    const server = fakeServer(null);
    renderWithProviders(<ChatPanel />);
    await waitFor(() => expect(field()).toBeInTheDocument());

    await userEvent.type(field(), 'I am a data engineer.');
    expect(field()).toHaveAccessibleDescription(/21 of 10,000 characters/);
    expect(saveButton()).toBeEnabled();
    await userEvent.click(saveButton());

    expect(await screen.findByRole('status')).toHaveTextContent('Saved.');
    expect(server.puts).toEqual([{ instructions: 'I am a data engineer.' }]);
    expect(field()).toHaveValue('I am a data engineer.');
    expect(saveButton()).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Clear' })).toBeInTheDocument();

    // The next edit makes the status old news.
    await userEvent.type(field(), ' I use Python.');
    expect(screen.queryByRole('status')).toBeNull();
    expect(saveButton()).toBeEnabled();
  });

  it('clears the instructions with Clear, edited or not', async () => {
    const server = fakeServer('I write Go.');
    renderWithProviders(<ChatPanel />);
    await waitFor(() => expect(field()).toHaveValue('I write Go.'));
    await userEvent.type(field(), ' And Rust.');

    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Saved.');
    expect(server.puts).toEqual([{ instructions: null }]);
    expect(field()).toHaveValue('');
    expect(field()).toHaveFocus();
    expect(screen.queryByRole('button', { name: 'Clear' })).toBeNull();
    expect(saveButton()).toBeDisabled();
  });

  it('follows a change stored elsewhere while the field is unedited, and keeps edits', async () => {
    fakeServer('I write Go.');
    const { queryClient } = renderWithProviders(<ChatPanel />);
    await waitFor(() => expect(field()).toHaveValue('I write Go.'));

    act(() => queryClient.setQueryData(['settings', 'chat'], { instructions: 'I write Rust.', updatedAt: SAVED_AT }));
    await waitFor(() => expect(field()).toHaveValue('I write Rust.'));
    expect(saveButton()).toBeDisabled();

    await userEvent.type(field(), ' And Go.');
    act(() => queryClient.setQueryData(['settings', 'chat'], { instructions: null, updatedAt: null }));
    // The change is there (nothing to clear now); the edit stays.
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Clear' })).toBeNull());
    expect(field()).toHaveValue('I write Rust. And Go.');
    expect(saveButton()).toBeEnabled();
  });

  it('shows the server’s refusal with its detail, keeping the text typed', async () => {
    const detail = 'body/instructions must NOT have more than 10000 characters';
    const server = fakeServer(null, { refuse: { status: 400, code: 'validation_failed', detail } });
    renderWithProviders(<ChatPanel />);
    await waitFor(() => expect(field()).toBeInTheDocument());

    await userEvent.type(field(), 'Answer in German.');
    await userEvent.click(saveButton());

    expect(await screen.findByRole('alert')).toHaveTextContent(detail);
    expect(server.puts).toEqual([{ instructions: 'Answer in German.' }]);
    expect(field()).toHaveValue('Answer in German.');
    expect(saveButton()).toBeEnabled();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('counts the characters and refuses to save more than 10,000', async () => {
    const server = fakeServer(null);
    renderWithProviders(<ChatPanel />);
    await waitFor(() => expect(field()).toBeInTheDocument());

    await userEvent.click(field());
    await userEvent.paste('x'.repeat(10_001));

    expect(field()).toHaveValue('x'.repeat(10_001));
    expect(field()).toHaveAttribute('aria-invalid', 'true');
    expect(field()).toHaveAccessibleDescription(
      /10,001 of 10,000 characters\. One character too many: at most 10,000 fit\./,
    );
    expect(saveButton()).toBeDisabled();

    await userEvent.type(field(), '{Backspace}');

    expect(field()).toHaveAccessibleDescription(/10,000 of 10,000 characters\.$/);
    expect(field()).not.toHaveAttribute('aria-invalid');
    expect(saveButton()).toBeEnabled();
    await userEvent.click(saveButton());
    await screen.findByRole('status');
    expect(server.puts).toEqual([{ instructions: 'x'.repeat(10_000) }]);
  });
});
