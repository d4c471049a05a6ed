import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setSession } from '@/lib/api-client';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { RegisterPage } from './register-page';

const user = { id: 'u1', email: 'ann@example.com', name: null, role: 'admin', disabled: false, createdAt: '' };

describe('the register page', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSession(null);
  });

  it('asks for the setup token when the server refuses an open sign-up, and sends it', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        bodies.push(body);
        return body.setupToken
          ? jsonResponse(201, { accessToken: 'a', tokenType: 'Bearer', expiresIn: 900, user })
          : jsonResponse(403, { code: 'registration_closed', detail: 'closed', requestId: 'req-7' });
      }),
    );
    renderWithProviders(<RegisterPage />, { route: '/register' });
    expect(screen.queryByLabelText('Setup token')).toBeNull();

    await userEvent.type(screen.getByLabelText('Email'), 'ann@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'a long enough password');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(/Sign-up is closed on this server/);
    expect(screen.getByRole('alert')).toHaveTextContent('Request id: req-7');
    const tokenField = screen.getByLabelText('Setup token');
    expect(tokenField).toBeRequired();

    await userEvent.type(tokenField, 'setup-123');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await vi.waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toEqual({
      email: 'ann@example.com',
      password: 'a long enough password',
      setupToken: 'setup-123',
    });
  });

  it('sends the invitation token from the link, without offering a setup token', async () => {
    const fetch = vi.fn(async () => jsonResponse(201, { accessToken: 'a', tokenType: 'Bearer', expiresIn: 900, user }));
    vi.stubGlobal('fetch', fetch);
    renderWithProviders(<RegisterPage />, { route: '/register?invite=inv-42' });
    expect(screen.getByText('You are signing up with an invitation.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'I have a setup token' })).toBeNull();
    await userEvent.type(screen.getByLabelText('Email'), 'bob@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'a long enough password');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toMatchObject({ inviteToken: 'inv-42' });
  });
});
