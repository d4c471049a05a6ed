import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKey } from '../src/platform/crypto.js';
import { newAccount, registerAndLogin, startTestApp, TEST_SECRET_KEY, type TestApp } from './support/app.js';

const refreshCookie = (headers: Headers) =>
  headers.getSetCookie().find((cookie) => cookie.startsWith('xionimus_refresh='));
const cookieValue = (cookie: string | undefined) => cookie?.split(';')[0]?.split('=')[1];

describe('auth', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp();
  });
  afterAll(() => server.close());

  describe('register', () => {
    it('creates an account, signs it in and sets the refresh cookie httpOnly and SameSite=Strict', async () => {
      const account = newAccount();
      const reply = await server.request('POST', '/api/auth/register', { body: { ...account, name: 'Ada' } });
      expect(reply.status).toBe(201);
      expect(reply.body.user).toMatchObject({ email: account.email, name: 'Ada', disabled: false });
      expect(reply.body.tokenType).toBe('Bearer');
      expect(reply.body.expiresIn).toBe(900);
      expect(reply.body.refreshToken).toBeUndefined();
      expect(reply.body.user.password_hash).toBeUndefined();
      const cookie = refreshCookie(reply.headers);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\/api\/auth/);
      expect(reply.headers.get('cache-control')).toBe('no-store');
    });

    it('makes the first account admin on a loopback-only server and later ones users', async () => {
      const fresh = await startTestApp({ loopbackOnly: true });
      try {
        const first = await registerAndLogin(fresh);
        const second = await registerAndLogin(fresh);
        expect(first.user.role).toBe('admin');
        expect(second.user.role).toBe('user');
      } finally {
        await fresh.close();
      }
    });

    it('makes exactly one admin when the first sign-ups race', async () => {
      const fresh = await startTestApp({ loopbackOnly: true });
      try {
        const replies = await Promise.all(
          Array.from({ length: 6 }, () => fresh.request('POST', '/api/auth/register', { body: newAccount('racer') })),
        );
        expect(replies.map((reply) => reply.status)).toEqual(Array(6).fill(201));
        expect(replies.filter((reply) => reply.body.user.role === 'admin')).toHaveLength(1);
      } finally {
        await fresh.close();
      }
    });

    it('rejects a duplicate email, whatever its case', async () => {
      const account = newAccount();
      expect((await server.request('POST', '/api/auth/register', { body: account })).status).toBe(201);
      const again = await server.request('POST', '/api/auth/register', {
        body: { ...account, email: account.email.toUpperCase() },
      });
      expect(again.status).toBe(409);
      expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(again.body).toMatchObject({ status: 409, code: 'email_taken' });
    });

    it('rejects a password shorter than 10 characters or equal to the email', async () => {
      const account = newAccount();
      const short = await server.request('POST', '/api/auth/register', { body: { ...account, password: 'short' } });
      expect(short.status).toBe(400);
      expect(short.body.code).toBe('validation_failed');
      expect(short.body.detail).toMatch(/body\/password/);
      const same = await server.request('POST', '/api/auth/register', {
        body: { email: 'samesame12@example.test', password: 'samesame12@example.test' },
      });
      expect(same.status).toBe(400);
      expect(same.body.code).toBe('weak_password');
      const local = await server.request('POST', '/api/auth/register', {
        body: { email: 'samesame12@example.test', password: 'SameSame12' },
      });
      expect(local.body.code).toBe('weak_password');
    });

    it('rejects unknown fields instead of ignoring them', async () => {
      const reply = await server.request('POST', '/api/auth/register', { body: { ...newAccount(), role: 'admin' } });
      expect(reply.status).toBe(400);
      expect(reply.body.errors).toContainEqual({ path: 'body/role', message: 'is not an allowed field' });
    });
  });

  describe('login', () => {
    it('answers a wrong password and an unknown account alike', async () => {
      const { email } = await registerAndLogin(server);
      const wrong = await server.request('POST', '/api/auth/login', { body: { email, password: 'not the password' } });
      const unknown = await server.request('POST', '/api/auth/login', {
        body: { email: 'nobody@example.test', password: 'not the password' },
      });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      const { requestId: _a, ...wrongBody } = wrong.body;
      const { requestId: _b, ...unknownBody } = unknown.body;
      expect(wrongBody).toEqual(unknownBody);
    });

    it('returns the refresh token in the body only when an API client asks for it', async () => {
      const account = await registerAndLogin(server);
      const reply = await server.request('POST', '/api/auth/login', {
        body: { email: account.email, password: account.password, tokenDelivery: 'body' },
      });
      expect(reply.status).toBe(200);
      expect(reply.body.refreshToken).toEqual(expect.any(String));
      expect(refreshCookie(reply.headers)).toBeUndefined();
    });

    it('throttles an account after 5 failures, for known and unknown accounts alike', async () => {
      const throttled = await startTestApp();
      try {
        const account = await registerAndLogin(throttled);
        for (const email of [account.email, 'ghost@example.test']) {
          for (let attempt = 0; attempt < 5; attempt++) {
            const reply = await throttled.request('POST', '/api/auth/login', {
              body: { email, password: 'wrong password!' },
            });
            expect(reply.status).toBe(401);
          }
          const blocked = await throttled.request('POST', '/api/auth/login', {
            body: { email, password: 'wrong password!' },
          });
          expect(blocked.status).toBe(429);
          expect(blocked.body.code).toBe('login_throttled');
          expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
        }
        // Even the right password waits out the backoff.
        const right = await throttled.request('POST', '/api/auth/login', {
          body: { email: account.email, password: account.password },
        });
        expect(right.status).toBe(429);
      } finally {
        await throttled.close();
      }
    });
  });

  describe('access tokens', () => {
    it('lets a Bearer token read /me and refuses a request without one', async () => {
      const account = await registerAndLogin(server);
      const me = await server.request('GET', '/api/auth/me', { token: account.token });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: account.user.id, email: account.email });
      const anonymous = await server.request('GET', '/api/auth/me');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('unauthenticated');
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('refuses an expired token', async () => {
      const account = await registerAndLogin(server);
      const expired = await new SignJWT({ role: 'user' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(account.user.id)
        .setIssuer('xionimus')
        .setAudience('xionimus-api')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(deriveKey(TEST_SECRET_KEY, 'jwt-access/v1'));
      const reply = await server.request('GET', '/api/auth/me', { token: expired });
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('token_expired');
    });

    it('refuses alg none, a token signed with another key, and a tampered payload', async () => {
      const account = await registerAndLogin(server);
      const [header, payload, signature] = account.token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      const otherKey = await new SignJWT({ role: 'admin' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(account.user.id)
        .setIssuer('xionimus')
        .setAudience('xionimus-api')
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode('a-completely-different-secret-key-0123456789'));
      const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
      const tampered = `${header}.${promoted}.${signature}`;
      for (const token of [none, otherKey, tampered, 'not-a-jwt']) {
        const reply = await server.request('GET', '/api/auth/me', { token });
        expect(reply.status).toBe(401);
        expect(reply.body.code).toBe('invalid_token');
      }
    });
  });

  describe('refresh tokens', () => {
    it('rotates the refresh cookie and issues a working access token', async () => {
      const account = newAccount();
      const registered = await server.request('POST', '/api/auth/register', { body: account });
      const first = cookieValue(refreshCookie(registered.headers));
      const refreshed = await server.request('POST', '/api/auth/refresh', {
        headers: { cookie: `xionimus_refresh=${first}` },
      });
      expect(refreshed.status).toBe(200);
      const second = cookieValue(refreshCookie(refreshed.headers));
      expect(second).toBeTruthy();
      expect(second).not.toBe(first);
      const me = await server.request('GET', '/api/auth/me', { token: refreshed.body.accessToken });
      expect(me.body.email).toBe(account.email);
    });

    it('revokes the whole family when a rotated token is used again', async () => {
      const account = await registerAndLogin(server);
      const login = await server.request('POST', '/api/auth/login', {
        body: { email: account.email, password: account.password, tokenDelivery: 'body' },
      });
      const original = login.body.refreshToken as string;
      const rotated = await server.request('POST', '/api/auth/refresh', { body: { refreshToken: original } });
      expect(rotated.status).toBe(200);
      const successor = rotated.body.refreshToken as string;
      expect(successor).toEqual(expect.any(String));

      const replay = await server.request('POST', '/api/auth/refresh', { body: { refreshToken: original } });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('refresh_token_reused');
      // The thief's replay also ended the legitimate successor.
      const afterReuse = await server.request('POST', '/api/auth/refresh', { body: { refreshToken: successor } });
      expect(afterReuse.status).toBe(401);
      expect(afterReuse.body.code).toBe('invalid_refresh_token');

      const reuse = await server.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('event', '=', 'refresh_token_reuse')
        .where('actor_id', '=', account.user.id)
        .execute();
      expect(reuse).toHaveLength(1);
    });

    it('stores refresh tokens hashed, never in clear', async () => {
      const account = await registerAndLogin(server);
      const login = await server.request('POST', '/api/auth/login', {
        body: { email: account.email, password: account.password, tokenDelivery: 'body' },
      });
      const rows = await server.database.db.selectFrom('refresh_tokens').select('token_hash').execute();
      expect(rows.map((row) => row.token_hash)).not.toContain(login.body.refreshToken);
      expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
    });

    it('refuses a refresh without any token', async () => {
      const reply = await server.request('POST', '/api/auth/refresh');
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('invalid_refresh_token');
    });
  });

  it('logout revokes the refresh token and clears the cookie', async () => {
    const account = await registerAndLogin(server);
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: account.email, password: account.password, tokenDelivery: 'body' },
    });
    const logout = await server.request('POST', '/api/auth/logout', {
      token: login.body.accessToken,
      body: { refreshToken: login.body.refreshToken },
    });
    expect(logout.status).toBe(204);
    expect(refreshCookie(logout.headers)).toMatch(/Expires=Thu, 01 Jan 1970/);
    const refresh = await server.request('POST', '/api/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
    });
    expect(refresh.status).toBe(401);
  });

  it('changing the password ends other sessions and needs the current password', async () => {
    const account = await registerAndLogin(server);
    const other = await server.request('POST', '/api/auth/login', {
      body: { email: account.email, password: account.password, tokenDelivery: 'body' },
    });
    const wrong = await server.request('POST', '/api/auth/password', {
      token: account.token,
      body: { currentPassword: 'not my password', newPassword: 'a brand new passphrase' },
    });
    expect(wrong.status).toBe(401);
    const changed = await server.request('POST', '/api/auth/password', {
      token: account.token,
      body: { currentPassword: account.password, newPassword: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(200);
    expect(
      (await server.request('POST', '/api/auth/refresh', { body: { refreshToken: other.body.refreshToken } })).status,
    ).toBe(401);
    const relogin = await server.request('POST', '/api/auth/login', {
      body: { email: account.email, password: 'a brand new passphrase' },
    });
    expect(relogin.status).toBe(200);
  });
});
