import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import type { ClipboardItem } from '../api/types';
import ClipboardPage from './clipboard-page';

const item = (index: number, changes: Partial<ClipboardItem> = {}): ClipboardItem => ({
  id: `c${index}`,
  title: `Snippet ${index}`,
  content: `const value${index} = ${index};`,
  language: 'ts',
  pinned: false,
  source: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
  ...changes,
});

/** The clipboard API over an array: filters, pinned first then newest, cursor paging. */
function stubServer(initial: ClipboardItem[]) {
  let items = [...initial];
  const requests: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      const url = new URL(input, 'http://app.test');
      requests.push(`${method} ${url.pathname}${url.search}`);
      if (url.pathname === '/api/clipboard' && method === 'GET') {
        const q = url.searchParams.get('q')?.toLowerCase();
        const language = url.searchParams.get('language');
        const limit = Number(url.searchParams.get('limit'));
        const offset = Number(url.searchParams.get('cursor') ?? 0);
        const matching = items
          .filter((entry) => !q || `${entry.title}\n${entry.content}`.toLowerCase().includes(q))
          .filter((entry) => !language || entry.language === language)
          .sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt.localeCompare(a.updatedAt));
        const page = matching.slice(offset, offset + limit);
        const next = offset + limit < matching.length ? String(offset + limit) : null;
        return jsonResponse(200, { items: page, nextCursor: next });
      }
      if (url.pathname === '/api/clipboard' && method === 'POST') {
        const body = JSON.parse(String(init.body)) as { content: string; title?: string; language?: string };
        const created = item(items.length + 100, {
          id: 'new',
          title: body.title ?? body.content.split('\n')[0],
          content: body.content,
          language: body.language ?? null,
          updatedAt: new Date(Date.UTC(2028, 0, 1)).toISOString(),
        });
        items.push(created);
        return jsonResponse(201, created);
      }
      const id = url.pathname.split('/').at(-1);
      const found = items.find((entry) => entry.id === id);
      if (!found) return jsonResponse(404, { code: 'clipboard_item_not_found', detail: 'gone', requestId: 'req-404' });
      if (method === 'PATCH') {
        Object.assign(found, JSON.parse(String(init.body)), {
          updatedAt: new Date(Date.UTC(2027, 0, 1)).toISOString(),
        });
        return jsonResponse(200, found);
      }
      if (method === 'DELETE') {
        items = items.filter((entry) => entry !== found);
        return jsonResponse(204, null);
      }
      return jsonResponse(405, { code: 'method_not_allowed' });
    }),
  );
  return { requests, items: () => items };
}

function ScratchProbe() {
  return <pre data-testid="scratch-state">{JSON.stringify(useLocation().state)}</pre>;
}

const renderPage = () =>
  renderWithProviders(
    <Routes>
      <Route path="/clipboard" element={<ClipboardPage />} />
      <Route path="/code/scratch" element={<ScratchProbe />} />
      <Route path="/chat/:sessionId" element={<p>chat page</p>} />
    </Routes>,
    { route: '/clipboard' },
  );

const titles = () =>
  within(screen.getByRole('list', { name: 'Snippets' }))
    .getAllByRole('heading', { level: 2 })
    .map((heading) => heading.textContent);

describe('the Clipboard page', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('explains how to add snippets when the clipboard is empty', async () => {
    stubServer([]);
    renderPage();
    await screen.findByRole('heading', { name: 'Nothing on your clipboard yet' });
    expect(screen.getByText(/Save code from a chat answer with “Save to clipboard”/)).toBeInTheDocument();
  });

  it('pages through the snippets with the cursor and searches them after a pause in typing', async () => {
    const server = stubServer([
      ...Array.from({ length: 24 }, (_, index) => item(index + 1)),
      item(99, { title: 'Needle in SQL', content: 'select 1', language: 'sql' }),
    ]);
    renderPage();
    await screen.findByRole('heading', { name: 'Snippet 24' });
    expect(titles()).toHaveLength(20);
    expect(titles()[0]).toBe('Needle in SQL');

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(titles()).toHaveLength(25));
    expect(titles().at(-1)).toBe('Snippet 1');
    expect(server.requests).toContain('GET /api/clipboard?limit=20&cursor=20');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();

    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'needle');
    await waitFor(() => expect(titles()).toEqual(['Needle in SQL']), { timeout: 5000 });
    // One request for the whole word, not one per keystroke.
    expect(server.requests.filter((request) => request.includes('q='))).toEqual([
      'GET /api/clipboard?limit=20&q=needle',
    ]);

    await userEvent.clear(screen.getByRole('searchbox', { name: 'Search' }));
    await userEvent.type(screen.getByRole('combobox', { name: 'Language' }), 'sql');
    await waitFor(() => expect(server.requests.at(-1)).toBe('GET /api/clipboard?limit=20&language=sql'), {
      timeout: 5000,
    });
    await waitFor(() => expect(titles()).toEqual(['Needle in SQL']), { timeout: 5000 });

    await userEvent.clear(screen.getByRole('combobox', { name: 'Language' }));
    await userEvent.type(screen.getByRole('combobox', { name: 'Language' }), 'no such');
    expect(screen.getByText('Letters, digits and + # . _ - only, at most 32.')).toBeInTheDocument();
  });

  it('pins, renames and deletes a snippet, asking before it deletes', async () => {
    const server = stubServer([item(1), item(2)]);
    renderPage();
    await screen.findByRole('heading', { name: 'Snippet 1' });
    expect(titles()).toEqual(['Snippet 2', 'Snippet 1']);

    await userEvent.click(screen.getByRole('button', { name: 'Pin “Snippet 1”' }));
    await waitFor(() => expect(titles()).toEqual(['Snippet 1', 'Snippet 2']));
    expect(screen.getByRole('button', { name: 'Unpin “Snippet 1”' })).toBeInTheDocument();
    expect(screen.getByText('Pinned')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Rename “Snippet 2”' }));
    const input = screen.getByRole('textbox', { name: 'New title' });
    await userEvent.clear(input);
    await userEvent.type(input, 'Answer constant{Enter}');
    await screen.findByRole('heading', { name: 'Answer constant' });
    expect(server.items().find((entry) => entry.id === 'c2')?.title).toBe('Answer constant');

    await userEvent.click(screen.getByRole('button', { name: 'Delete “Snippet 1”' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete this snippet?' });
    expect(dialog).toHaveTextContent('“Snippet 1” will be removed from your clipboard.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(titles()).toEqual(['Answer constant']));
    expect(server.requests).toContain('DELETE /api/clipboard/c1');
  });

  it('says what went wrong, with the request id, when a change fails', async () => {
    stubServer([item(1)]);
    renderPage();
    await screen.findByRole('heading', { name: 'Snippet 1' });
    // Deleted elsewhere in the meantime.
    vi.mocked(fetch).mockResolvedValueOnce(
      new Response(JSON.stringify({ code: 'clipboard_item_not_found', detail: 'gone', requestId: 'req-77' }), {
        status: 404,
        headers: { 'content-type': 'application/problem+json' },
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Pin “Snippet 1”' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This snippet does not exist (any more).');
    expect(alert).toHaveTextContent('req-77');
  });

  it('sends a snippet to the scratch review and links to the chat it came from', async () => {
    stubServer([
      item(1, { content: 'import os\nos.system(cmd)', language: 'py', source: { sessionId: 's9', messageId: 'm1' } }),
    ]);
    renderPage();
    await screen.findByRole('heading', { name: 'Snippet 1' });
    expect(screen.getByRole('link', { name: 'Open chat of “Snippet 1”' })).toHaveAttribute('href', '/chat/s9');
    await userEvent.click(screen.getByRole('link', { name: 'Review “Snippet 1”' }));
    expect(JSON.parse(screen.getByTestId('scratch-state').textContent ?? '')).toEqual({
      review: { content: 'import os\nos.system(cmd)', language: 'python' },
    });
  });

  it('adds a new snippet and edits its content and language', async () => {
    const server = stubServer([]);
    renderPage();
    await screen.findByRole('heading', { name: 'Nothing on your clipboard yet' });
    await userEvent.click(screen.getByRole('button', { name: 'New snippet' }));
    const form = screen.getByRole('region', { name: 'New snippet' });
    await userEvent.click(within(form).getByRole('button', { name: 'Add snippet' }));
    expect(within(form).getByText('Please fill this in.')).toBeInTheDocument();
    await userEvent.type(within(form).getByRole('textbox', { name: 'Language (optional)' }), 'sql');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Content' }), 'select 1;{Enter}select 2;');
    await userEvent.click(within(form).getByRole('button', { name: 'Add snippet' }));
    await screen.findByRole('heading', { name: 'select 1;' });
    expect(screen.queryByRole('region', { name: 'New snippet' })).toBeNull();
    expect(server.items()[0]).toMatchObject({ content: 'select 1;\nselect 2;', language: 'sql' });

    await userEvent.click(screen.getByRole('button', { name: 'Edit “select 1;”' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit snippet' });
    const language = within(dialog).getByRole('textbox', { name: 'Language (optional)' });
    await userEvent.clear(language);
    await userEvent.clear(within(dialog).getByRole('textbox', { name: 'Content' }));
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Content' }), 'select 3;');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.items()[0]).toMatchObject({ title: 'select 1;', content: 'select 3;', language: null });
    expect(await screen.findByText('plain text')).toBeInTheDocument();
  });
});
