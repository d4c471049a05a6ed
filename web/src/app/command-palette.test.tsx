import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { CommandPalette, filterCommands, matchRank, type PaletteCommand } from './command-palette';

const SESSIONS = [
  { id: 's1', title: 'Deploying with Docker', forkedFrom: null, createdAt: '2026-01-01', updatedAt: '2026-01-02' },
  { id: 's2', title: 'Rust lifetimes', forkedFrom: null, createdAt: '2026-01-01', updatedAt: '2026-01-01' },
];

/** GET /api/chat/sessions over two chats, matching `q` in the title as the server does. */
function stubSessions() {
  const queries: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      const url = new URL(input, 'http://app.test');
      if (url.pathname !== '/api/chat/sessions') return jsonResponse(404, { code: 'not_found' });
      const q = url.searchParams.get('q')?.toLowerCase() ?? '';
      queries.push(q);
      // "borrow" is in an answer of the Rust chat: the server says which.
      const found =
        q && 'borrow'.startsWith(q) && q.length > 2
          ? [{ ...SESSIONS[1]!, match: { messageId: 'm7', role: 'assistant', excerpt: 'The borrow checker…' } }]
          : [];
      return jsonResponse(200, {
        items: [...SESSIONS.filter((session) => session.title.toLowerCase().includes(q)), ...found],
        nextCursor: null,
      });
    }),
  );
  return queries;
}

afterEach(() => vi.unstubAllGlobals());

function Where() {
  const { pathname, search } = useLocation();
  return <output aria-label="path">{pathname + search}</output>;
}

function Harness({ commands }: { commands: PaletteCommand[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open palette
      </button>
      <CommandPalette open={open} onClose={() => setOpen(false)} commands={commands} />
      <Routes>
        <Route path="*" element={<Where />} />
      </Routes>
    </>
  );
}

function setup() {
  const ran: string[] = [];
  const command = (id: string, label: string, group = 'Go to'): PaletteCommand => ({
    id,
    label,
    group,
    run: () => ran.push(id),
  });
  const commands = [
    command('new-chat', 'New chat', 'Action'),
    command('go:code', 'Code'),
    command('go:settings', 'Settings'),
    command('theme:dark', 'Use the Dark theme', 'Theme'),
  ];
  const queries = stubSessions();
  const user = userEvent.setup();
  renderWithProviders(<Harness commands={commands} />);
  return { ran, queries, user };
}

const optionNames = () => screen.getAllByRole('option').map((option) => option.querySelector('span')?.textContent);

describe('matchRank and filterCommands', () => {
  it('ranks substrings by position before letters in order, and drops what does not match', () => {
    expect(matchRank('New chat', 'chat')).toBe(4);
    expect(matchRank('New chat', 'nch')).toBeGreaterThan(matchRank('Settings', 'set')!);
    expect(matchRank('New chat', 'nwch')).toBeNull();
    expect(matchRank('Settings', 'xyz')).toBeNull();
    const commands = ['Settings', 'Use the Dark theme', 'Admin'].map((label) => ({
      id: label,
      label,
      group: 'Go to',
      run: () => {},
    }));
    expect(filterCommands(commands, 'set').map((command) => command.label)).toEqual(['Settings']);
    expect(filterCommands(commands, 'dark').map((command) => command.label)).toEqual(['Use the Dark theme']);
    expect(filterCommands(commands, '')).toHaveLength(3);
  });
});

describe('CommandPalette', () => {
  it('lists the commands and the recent chats when opened, with the input focused', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: 'Open palette' }));
    const input = screen.getByRole('combobox', { name: 'Search commands and chats' });
    expect(input).toHaveFocus();
    await screen.findByRole('option', { name: /Deploying with Docker/ });
    expect(optionNames()).toEqual([
      'New chat',
      'Code',
      'Settings',
      'Use the Dark theme',
      'Deploying with Docker',
      'Rust lifetimes',
    ]);
    expect(screen.getByRole('dialog', { name: 'Command palette' })).toBeInTheDocument();
  });

  it('filters commands as the user types and asks the server for matching chats', async () => {
    const { user, queries } = setup();
    await user.click(screen.getByRole('button', { name: 'Open palette' }));
    await user.keyboard('rust');
    await waitFor(() => expect(optionNames()).toEqual(['Rust lifetimes']));
    expect(queries).toContain('rust');
    await user.clear(screen.getByRole('combobox'));
    await user.keyboard('sett');
    await waitFor(() => expect(optionNames()).toEqual(['Settings']));
    await user.keyboard('zzz');
    await waitFor(() => expect(screen.queryAllByRole('option')).toHaveLength(0));
    expect(screen.getByText('No command or chat matches.')).toBeInTheDocument();
  });

  it('moves the highlight with the arrow keys, wrapping around, and points aria-activedescendant at it', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: 'Open palette' }));
    await screen.findByRole('option', { name: /Rust lifetimes/ });
    const input = screen.getByRole('combobox');
    const active = () => document.getElementById(input.getAttribute('aria-activedescendant') ?? '');
    expect(active()).toHaveTextContent('New chat');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(active()).toHaveTextContent('Settings');
    expect(active()).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}');
    expect(active()).toHaveTextContent('Rust lifetimes');
    expect(screen.getAllByRole('option', { selected: true })).toHaveLength(1);
  });

  it('runs the chosen command with Enter after closing, and gives focus back to the opener', async () => {
    const { user, ran } = setup();
    const opener = screen.getByRole('button', { name: 'Open palette' });
    await user.click(opener);
    await user.keyboard('dark{Enter}');
    expect(ran).toEqual(['theme:dark']);
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it('opens a chat picked from the list', async () => {
    const { user, ran } = setup();
    await user.click(screen.getByRole('button', { name: 'Open palette' }));
    await user.click(await screen.findByRole('option', { name: /Deploying with Docker/ }));
    expect(ran).toEqual([]);
    expect(screen.getByRole('status', { name: 'path' })).toHaveTextContent(/^\/chat\/s1$/);
  });

  it('opens a chat found by a message at that message', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: 'Open palette' }));
    await user.keyboard('borrow');
    await user.click(await screen.findByRole('option', { name: /Rust lifetimes/ }));
    expect(screen.getByRole('status', { name: 'path' })).toHaveTextContent(/^\/chat\/s2\?message=m7$/);
  });
});
