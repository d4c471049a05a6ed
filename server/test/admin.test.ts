import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccount, registerAndLogin, startTestApp, type TestApp } from './support/app.js';

/** The newest setup token a server printed. */
const setupTokenFrom = (logs: string[]) =>
  logs.map((line) => /setup token to make it admin: (\S+)"/.exec(line)?.[1]).findLast(Boolean);

describe('first admin on a public bind', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp({ loopbackOnly: false });
  });
  afterAll(() => server.close());

  it('prints a setup token and does not make the first sign-up without it admin', async () => {
    expect(setupTokenFrom(server.logs)).toEqual(expect.any(String));
    const first = await registerAndLogin(server);
    expect(first.user.role).toBe('user');
  });

  it('prints the same token on every instance, and a new one after SECRET_KEY changed', async () => {
    const second = await startTestApp({ loopbackOnly: false, databaseUrl: server.databaseUrl });
    const rekeyed = await startTestApp({
      loopbackOnly: false,
      databaseUrl: server.databaseUrl,
      env: { SECRET_KEY: 'another-secret-key-that-is-long-enough-9876543210' },
    });
    await second.close();
    await rekeyed.close();
    expect(setupTokenFrom(second.logs)).toBe(setupTokenFrom(server.logs));
    const replaced = setupTokenFrom(rekeyed.logs);
    expect(replaced).toEqual(expect.any(String));
    expect(replaced).not.toBe(setupTokenFrom(server.logs));
    // Back under the original key, the rekeyed token no longer opens, so a fresh one is issued.
    const third = await startTestApp({ loopbackOnly: false, databaseUrl: server.databaseUrl });
    await third.close();
    const current = setupTokenFrom(third.logs);
    expect(current).not.toBe(replaced);
    server.logs.push(...third.logs);
  });

  it('refuses a wrong setup token', async () => {
    const reply = await server.request('POST', '/api/auth/register', {
      body: { ...newAccount(), setupToken: 'guessed-token' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid_setup_token');
  });

  it('makes the account that presents the setup token admin, once', async () => {
    const token = setupTokenFrom(server.logs)!;
    const admin = await server.request('POST', '/api/auth/register', { body: { ...newAccount(), setupToken: token } });
    expect(admin.status).toBe(201);
    expect(admin.body.user.role).toBe('admin');
    const again = await server.request('POST', '/api/auth/register', { body: { ...newAccount(), setupToken: token } });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('invalid_setup_token');
  });
});

describe('admin API', () => {
  let server: TestApp;
  let admin: Awaited<ReturnType<typeof registerAndLogin>>;
  let member: Awaited<ReturnType<typeof registerAndLogin>>;
  beforeAll(async () => {
    server = await startTestApp();
    admin = await registerAndLogin(server, 'admin');
    member = await registerAndLogin(server, 'member');
  });
  afterAll(() => server.close());

  it('is closed to users who are not admins', async () => {
    for (const [method, path] of [
      ['GET', '/api/admin/users'],
      ['GET', '/api/admin/audit'],
      ['GET', '/api/admin/settings'],
      ['POST', '/api/admin/invitations'],
    ] as const) {
      const reply = await server.request(method, path, {
        token: member.token,
        body: method === 'POST' ? {} : undefined,
      });
      expect(reply.status, `${method} ${path}`).toBe(403);
      expect(reply.body.code).toBe('forbidden');
    }
  });

  it('lists users in pages', async () => {
    await registerAndLogin(server, 'extra');
    const first = await server.request('GET', '/api/admin/users?limit=2', { token: admin.token });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await server.request('GET', `/api/admin/users?limit=2&cursor=${first.body.nextCursor}`, {
      token: admin.token,
    });
    const ids = [...first.body.items, ...second.body.items].map((user: { id: string }) => user.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(member.user.id);
    const bad = await server.request('GET', '/api/admin/users?cursor=garbage', { token: admin.token });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_cursor');
  });

  it('changes a role, records it in the audit log, and the new role applies at once', async () => {
    const promoted = await server.request('PATCH', `/api/admin/users/${member.user.id}`, {
      token: admin.token,
      body: { role: 'admin' },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('admin');
    expect((await server.request('GET', '/api/admin/settings', { token: member.token })).status).toBe(200);
    await server.request('PATCH', `/api/admin/users/${member.user.id}`, { token: admin.token, body: { role: 'user' } });

    const audit = await server.request('GET', '/api/admin/audit?event=role_change', { token: admin.token });
    expect(audit.body.items.map((entry: { details: unknown }) => entry.details)).toEqual([
      { from: 'admin', to: 'user' },
      { from: 'user', to: 'admin' },
    ]);
    expect(audit.body.items[0]).toMatchObject({ actorId: admin.user.id, targetId: member.user.id, outcome: 'success' });
  });

  it('refuses to demote or disable the last admin', async () => {
    const reply = await server.request('PATCH', `/api/admin/users/${admin.user.id}`, {
      token: admin.token,
      body: { disabled: true },
    });
    expect(reply.status).toBe(409);
    expect(reply.body.code).toBe('last_admin');
  });

  it('disabling a user ends access with their current token', async () => {
    const victim = await registerAndLogin(server, 'disabled');
    const disabled = await server.request('PATCH', `/api/admin/users/${victim.user.id}`, {
      token: admin.token,
      body: { disabled: true },
    });
    expect(disabled.body.disabled).toBe(true);
    expect((await server.request('GET', '/api/auth/me', { token: victim.token })).status).toBe(401);
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: victim.email, password: victim.password },
    });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('account_disabled');
  });

  it('answers 404 for an unknown user and 400 for an empty change', async () => {
    const missing = await server.request('PATCH', '/api/admin/users/nope', {
      token: admin.token,
      body: { role: 'user' },
    });
    expect(missing.status).toBe(404);
    const empty = await server.request('PATCH', `/api/admin/users/${member.user.id}`, { token: admin.token, body: {} });
    expect(empty.status).toBe(400);
  });

  it('filters the audit log by event, outcome and time, newest first, in pages', async () => {
    await server.request('POST', '/api/auth/login', { body: { email: member.email, password: 'wrong password!!' } });
    const failures = await server.request('GET', '/api/admin/audit?event=login&outcome=failure', {
      token: admin.token,
    });
    expect(failures.body.items.length).toBeGreaterThan(0);
    expect(failures.body.items[0]).toMatchObject({ event: 'login', outcome: 'failure', ip: '127.0.0.1' });
    expect(failures.body.items[0].userAgent).toEqual(expect.any(String));

    const all = await server.request('GET', '/api/admin/audit?limit=200', { token: admin.token });
    const times = all.body.items.map((entry: { createdAt: string }) => entry.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    const page = await server.request('GET', '/api/admin/audit?limit=2', { token: admin.token });
    const next = await server.request('GET', `/api/admin/audit?limit=2&cursor=${page.body.nextCursor}`, {
      token: admin.token,
    });
    expect(next.body.items[0].id).toBe(all.body.items[2].id);

    const future = await server.request('GET', '/api/admin/audit?since=2999-01-01T00:00:00Z', { token: admin.token });
    expect(future.body.items).toEqual([]);
  });

  it('switches registration to invite-only, and an invitation works exactly once', async () => {
    const closed = await server.request('PUT', '/api/admin/settings', {
      token: admin.token,
      body: { registration: 'invite' },
    });
    expect(closed.body).toEqual({ registration: 'invite' });
    const uninvited = await server.request('POST', '/api/auth/register', { body: newAccount() });
    expect(uninvited.status).toBe(403);
    expect(uninvited.body.code).toBe('invitation_required');

    const invitation = await server.request('POST', '/api/admin/invitations', { token: admin.token, body: {} });
    expect(invitation.status).toBe(201);
    expect(invitation.body.url).toContain(encodeURIComponent(invitation.body.token));
    const invited = await server.request('POST', '/api/auth/register', {
      body: { ...newAccount(), inviteToken: invitation.body.token },
    });
    expect(invited.status).toBe(201);
    const reused = await server.request('POST', '/api/auth/register', {
      body: { ...newAccount(), inviteToken: invitation.body.token },
    });
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('invalid_invitation');

    const listed = await server.request('GET', '/api/admin/invitations', { token: admin.token });
    expect(listed.body.items[0]).toMatchObject({ id: invitation.body.id, usedAt: expect.any(String) });
    expect(listed.body.items[0].token).toBeUndefined();
  });

  it('binds an invitation to its email and lets an admin revoke it', async () => {
    const bound = await server.request('POST', '/api/admin/invitations', {
      token: admin.token,
      body: { email: 'invitee@example.test', role: 'user', expiresInHours: 1 },
    });
    const stranger = await server.request('POST', '/api/auth/register', {
      body: { ...newAccount(), inviteToken: bound.body.token },
    });
    expect(stranger.status).toBe(400);
    const revoked = await server.request('DELETE', `/api/admin/invitations/${bound.body.id}`, { token: admin.token });
    expect(revoked.status).toBe(204);
    const invitee = await server.request('POST', '/api/auth/register', {
      body: { email: 'invitee@example.test', password: 'long enough password', inviteToken: bound.body.token },
    });
    expect(invitee.status).toBe(400);
    expect(
      (await server.request('DELETE', `/api/admin/invitations/${bound.body.id}`, { token: admin.token })).status,
    ).toBe(404);
  });

  it('closes registration entirely', async () => {
    await server.request('PUT', '/api/admin/settings', { token: admin.token, body: { registration: 'closed' } });
    const reply = await server.request('POST', '/api/auth/register', { body: newAccount() });
    expect(reply.status).toBe(403);
    expect(reply.body.code).toBe('registration_closed');
    const audit = await server.request('GET', '/api/admin/audit?event=registration_mode_changed', {
      token: admin.token,
    });
    expect(audit.body.items[0].details).toEqual({ from: 'invite', to: 'closed' });
  });
});
