import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, getAccessToken, setSession, type AuthSession } from './api-client';

const user = { id: 'u1', email: 'ann@example.com', name: null, role: 'user' as const, disabled: false, createdAt: '' };
const session = (token: string): AuthSession => ({ accessToken: token, tokenType: 'Bearer', expiresIn: 900, user });

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('the API client', () => {
  const calls: Array<{ url: string; authorization: string | null; method: string }> = [];
  let refreshes = 0;

  beforeEach(() => {
    calls.length = 0;
    refreshes = 0;
    setSession(session('expired-token'));
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit = {}) => {
        const headers = new Headers(init.headers);
        calls.push({ url, authorization: headers.get('authorization'), method: init.method ?? 'GET' });
        if (url === '/api/auth/refresh') {
          refreshes++;
          await new Promise((resolve) => setTimeout(resolve, 5));
          return json(200, session('fresh-token'));
        }
        if (headers.get('authorization') !== 'Bearer fresh-token') {
          return json(401, { code: 'invalid_token', detail: 'expired', requestId: 'req-1' });
        }
        return json(200, { ok: url });
      }),
    );
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    setSession(null);
  });

  it('refreshes the access token once on a 401 and retries the request', async () => {
    await expect(api.get('/models')).resolves.toEqual({ ok: '/api/models' });
    expect(calls.map((call) => `${call.method} ${call.url} ${call.authorization}`)).toEqual([
      'GET /api/models Bearer expired-token',
      'POST /api/auth/refresh null',
      'GET /api/models Bearer fresh-token',
    ]);
    expect(getAccessToken()).toBe('fresh-token');
  });

  it('does not refresh on a 401 about what was sent, such as a wrong current password', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        if (url === '/api/auth/refresh') refreshes++;
        return json(401, { code: 'invalid_credentials', detail: 'current password is wrong', requestId: 'req-7' });
      }),
    );
    const before = refreshes;
    await expect(api.post('/auth/password', { currentPassword: 'x', newPassword: 'y' })).rejects.toMatchObject({
      status: 401,
      code: 'invalid_credentials',
    });
    expect(refreshes).toBe(before);
  });

  it('shares one refresh between parallel requests (a reused refresh token would end the login)', async () => {
    await Promise.all([api.get('/a'), api.get('/b'), api.get('/c')]);
    expect(refreshes).toBe(1);
  });

  it('turns a problem+json answer into an ApiError with its code and request id', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(403, { code: 'registration_closed', detail: 'closed', requestId: 'req-42' })),
    );
    const error = await api
      .post('/auth/register', { email: 'a@b.c' }, { auth: false })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: 'registration_closed', requestId: 'req-42' });
  });

  it('ends the session when the refresh is refused', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url === '/api/auth/refresh' ? json(401, { code: 'invalid_refresh_token' }) : json(401, {}),
      ),
    );
    const ended = vi.fn();
    const { onSessionChange } = await import('./api-client');
    const unsubscribe = onSessionChange(ended);
    await expect(api.get('/models')).rejects.toMatchObject({ status: 401 });
    expect(ended).toHaveBeenCalledWith(null);
    expect(getAccessToken()).toBeNull();
    unsubscribe();
  });

  it('sends FormData as multipart, as it is, with the token and no JSON content type', async () => {
    const sent: RequestInit[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        sent.push(init);
        return json(200, { uploaded: 1 });
      }),
    );
    setSession(session('fresh-token'));
    const form = new FormData();
    form.append('file', new Blob(['print(1)']), 'src/a.py');
    await expect(api.post('/workspaces/w1/upload', form)).resolves.toEqual({ uploaded: 1 });
    const headers = new Headers(sent[0]!.headers);
    expect(sent[0]!.body).toBe(form);
    expect(headers.get('content-type')).toBeNull();
    expect(headers.get('authorization')).toBe('Bearer fresh-token');
  });
});
