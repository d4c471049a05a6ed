import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getAccessToken, setSession } from '@/lib/api-client';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { AccountPanel } from './account-panel';

const me = { id: 'u1', email: 'ann@example.com', name: 'Ann Lee', role: 'user', disabled: false, createdAt: '' };

/** The server: /auth/me answers the user; /auth/password answers what the test queues. */
function fakeServer(...passwordReplies: Response[]) {
  const passwordBodies: unknown[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    if (url.endsWith('/auth/me')) return jsonResponse(200, me);
    // The client refreshes once on any 401 and retries; the retry meets the same refusal.
    if (url.endsWith('/auth/refresh')) {
      return jsonResponse(200, { accessToken: 'refreshed-token', tokenType: 'Bearer', expiresIn: 900, user: me });
    }
    if (url.endsWith('/auth/password')) {
      passwordBodies.push(JSON.parse(String(init.body)));
      return passwordReplies.shift() ?? jsonResponse(500, { code: 'internal_error' });
    }
    return jsonResponse(404, { code: 'not_found' });
  });
  vi.stubGlobal('fetch', fetch);
  return { passwordBodies, fetch };
}

async function fill(current: string, next: string, confirm: string) {
  await userEvent.type(screen.getByLabelText('Current password'), current);
  await userEvent.type(screen.getByLabelText('New password'), next);
  await userEvent.type(screen.getByLabelText('Repeat the new password'), confirm);
  await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('the password form', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSession(null);
  });

  it('shows the policy and refuses a mismatch or the email address without asking the server', async () => {
    setSession({ accessToken: 'old-token', tokenType: 'Bearer', expiresIn: 900, user: me as never });
    const server = fakeServer();
    renderWithProviders(<AccountPanel />);
    expect(await screen.findByText('Signed in as ann@example.com.')).toBeInTheDocument();
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(/10 to 256 characters/);

    await fill('old password 123', 'a brand new password', 'a brand new passw0rd');
    const confirm = screen.getByLabelText('Repeat the new password');
    expect(confirm).toHaveAttribute('aria-invalid', 'true');
    expect(confirm).toHaveAccessibleDescription('The two new passwords do not match.');

    await userEvent.clear(screen.getByLabelText('New password'));
    await userEvent.type(screen.getByLabelText('New password'), 'ANN@example.com');
    await userEvent.clear(confirm);
    await userEvent.type(confirm, 'ANN@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(
      /Do not use your email address or name as the password/,
    );
    expect(server.passwordBodies).toEqual([]);
  });

  it('puts the server’s refusals at the field they concern, then stays signed in with the new session', async () => {
    setSession({ accessToken: 'old-token', tokenType: 'Bearer', expiresIn: 900, user: me as never });
    const server = fakeServer(
      // Once: a 401 about the password itself is not retried after a token refresh.
      jsonResponse(401, { code: 'invalid_credentials', detail: 'current password is wrong' }),
      jsonResponse(400, { code: 'weak_password', detail: 'password must not be the same as your email address' }),
      jsonResponse(200, { accessToken: 'new-token', tokenType: 'Bearer', expiresIn: 900, user: me }),
    );
    renderWithProviders(<AccountPanel />);
    await screen.findByText('Signed in as ann@example.com.');

    await fill('wrong password!', 'a brand new password', 'a brand new password');
    const current = screen.getByLabelText('Current password');
    await vi.waitFor(() => expect(current).toHaveAccessibleDescription('The current password is wrong.'));
    expect(screen.getByLabelText('New password')).not.toHaveAttribute('aria-invalid');

    await userEvent.type(current, '2');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    await vi.waitFor(() =>
      expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(/The server refused this password/),
    );
    expect(current).not.toHaveAttribute('aria-invalid');

    await userEvent.type(screen.getByLabelText('New password'), 'x');
    await userEvent.type(screen.getByLabelText('Repeat the new password'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Your password was changed.');
    expect(getAccessToken()).toBe('new-token');
    expect(server.passwordBodies.at(-1)).toEqual({
      currentPassword: 'wrong password!2',
      newPassword: 'a brand new passwordx',
    });
    expect(screen.getByLabelText('Current password')).toHaveValue('');
  });
});
