import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { TokensPanel } from './tokens-panel';

const laptop = { id: 't1', name: 'laptop', prefix: 'xio_ab12', createdAt: '2026-01-02T00:00:00Z' };

/** The server: no tokens until one is created, then that one. */
function fakeServer() {
  const tokens: object[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      if (!url.endsWith('/settings/tokens')) return jsonResponse(404, { code: 'not_found' });
      if (init.method !== 'POST') return jsonResponse(200, { items: tokens });
      tokens.push({ ...laptop, expiresAt: null, lastUsedAt: null });
      return jsonResponse(201, { ...tokens[0], token: 'xio_ab12-the-secret' });
    }),
  );
}

describe('the access tokens panel', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says there are none, then shows a created token once and lists it', async () => {
    fakeServer();
    renderWithProviders(<TokensPanel />);
    expect(await screen.findByText('No tokens yet.')).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: 'Environment variables' })).toHaveTextContent(
      'export OPENAI_API_KEY=<token>',
    );

    await userEvent.type(screen.getByLabelText('Name'), 'laptop');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    const created = await screen.findByText('Your new token. Copy it now: it is not shown again.');
    expect(created.closest('[role="status"]')).toHaveTextContent('xio_ab12-the-secret');
    // How to connect a client, with the new token filled in.
    expect(screen.getByRole('figure', { name: 'Base URL' })).toHaveTextContent(`${window.location.origin}/v1`);
    expect(screen.getByRole('figure', { name: 'Environment variables' }).querySelector('pre')?.textContent).toBe(
      `export OPENAI_BASE_URL=${window.location.origin}/v1\nexport OPENAI_API_KEY=xio_ab12-the-secret`,
    );

    const table = await screen.findByRole('table', { name: 'Personal access tokens' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((head) => head.textContent),
    ).toEqual(['Name', 'Token', 'Created', 'Last used', 'Expires', 'Revoke']);
    expect(within(table).getByRole('rowheader', { name: 'laptop' })).toBeInTheDocument();
    // jsdom joins the visible and the visually hidden part of the name without the space.
    expect(within(table).getByRole('button', { name: /^Revoke ?laptop$/ })).toBeInTheDocument();
  });
});
