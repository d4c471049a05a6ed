import { Readable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/commands.js';
import { startTestApp, TEST_SECRET_KEY, type TestApp } from './support/app.js';

describe('xionimus CLI', () => {
  let server: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startTestApp({ loopbackOnly: false });
    env = { DATABASE_URL: server.databaseUrl, SECRET_KEY: TEST_SECRET_KEY, NODE_ENV: 'test' };
  });
  afterAll(() => server.close());

  async function cli(args: string[], stdin = '') {
    const lines: string[] = [];
    let error: unknown;
    try {
      await run(new Command('xionimus'), ['node', 'xionimus', ...args], env, {
        out: (line) => lines.push(line),
        stdin: Readable.from([stdin]),
      });
    } catch (caught) {
      error = caught;
    }
    return { output: lines.join('\n'), error };
  }

  it('creates an admin whatever the registration mode, reading the password from stdin', async () => {
    const { output, error } = await cli(
      ['user', 'create', '--email', 'Root@Example.test', '--admin', '--password-stdin'],
      'a long admin password\n',
    );
    expect(error).toBeUndefined();
    expect(output).toMatch(/created admin root@example\.test/);
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: 'root@example.test', password: 'a long admin password' },
    });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('admin');
    // The setup token is spent: no sign-up can claim admin any more.
    const setupToken = server.logs.map((line) => /admin: (\S+)"/.exec(line)?.[1]).find(Boolean);
    const late = await server.request('POST', '/api/auth/register', {
      body: { email: 'late@example.test', password: 'a long enough password', setupToken },
    });
    expect(late.status).toBe(400);
  });

  it('generates a password when none is given and prints it once', async () => {
    const { output } = await cli(['user', 'create', '--email', 'gen@example.test', '--name', 'Gen']);
    const password = /password: (\S+)/.exec(output)?.[1];
    expect(password).toBeDefined();
    const login = await server.request('POST', '/api/auth/login', { body: { email: 'gen@example.test', password } });
    expect(login.body.user).toMatchObject({ role: 'user', name: 'Gen' });
  });

  it('resets a password, ends the sessions and records it', async () => {
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: 'root@example.test', password: 'a long admin password', tokenDelivery: 'body' },
    });
    const { output } = await cli([
      'user',
      'reset-password',
      '--email',
      'root@example.test',
      '--password',
      'the new admin password',
    ]);
    expect(output).toContain('password reset for root@example.test');
    expect(
      (await server.request('POST', '/api/auth/refresh', { body: { refreshToken: login.body.refreshToken } })).status,
    ).toBe(401);
    const relogin = await server.request('POST', '/api/auth/login', {
      body: { email: 'root@example.test', password: 'the new admin password' },
    });
    expect(relogin.status).toBe(200);
    const audit = await server.request('GET', '/api/admin/audit?event=password_reset', {
      token: relogin.body.accessToken,
    });
    expect(audit.body.items).toHaveLength(1);
  });

  it('refuses a weak password and an unknown account with a clear error', async () => {
    const weak = await cli(['user', 'create', '--email', 'weak@example.test', '--password', 'short']);
    expect(String(weak.error)).toMatch(/at least 10 characters/);
    const unknown = await cli([
      'user',
      'reset-password',
      '--email',
      'ghost@example.test',
      '--password',
      'whatever long',
    ]);
    expect(String(unknown.error)).toMatch(/no account with email ghost@example\.test/);
  });

  it('migrates an up-to-date database without changes', async () => {
    const { output } = await cli(['migrate']);
    expect(output).toBe('database is up to date');
  });

  it('prints help for each command', async () => {
    for (const args of [
      ['--help'],
      ['user', 'create', '--help'],
      ['user', 'reset-password', '--help'],
      ['start', '--help'],
    ]) {
      const { output, error } = await cli(args);
      expect(output).toMatch(/Usage: xionimus/);
      expect((error as { exitCode?: number }).exitCode).toBe(0);
    }
  });

  it('reports invalid configuration before doing anything', async () => {
    const saved = env;
    env = { ...env, PORT: 'nope' };
    const { error } = await cli(['migrate']);
    env = saved;
    expect(String(error)).toMatch(/PORT="nope"/);
  });
});
