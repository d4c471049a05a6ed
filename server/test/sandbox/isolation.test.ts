import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin, startTestApp, type TestApp } from '../support/app.js';
import { isolationWorks, run, runEvents } from './support.js';

describe.skipIf(!isolationWorks)('the sandbox’s isolation and the run API', () => {
  let server: TestApp;
  let token: string;
  let listener: Server;
  let port: number;
  let secretDir: string;
  let secretFile: string;
  beforeAll(async () => {
    process.env.XIONIMUS_PLANTED_SECRET = 'planted-secret-value';
    server = await startTestApp({ env: { SANDBOX_TIMEOUT_SECONDS: '10' } });
    ({ token } = await registerAndLogin(server));
    listener = createServer((socket) => socket.end('reached\n'));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
    secretDir = mkdtempSync(join(tmpdir(), 'sandbox-secret-'));
    secretFile = join(secretDir, 'secret.txt');
    writeFileSync(secretFile, 'top secret');
  });
  afterAll(async () => {
    delete process.env.XIONIMUS_PLANTED_SECRET;
    listener.close();
    rmSync(secretDir, { recursive: true, force: true });
    await server.close();
  });

  it('has no network: a connection to a server on the host and a DNS lookup both fail', async () => {
    const { stored } = await run(server, token, {
      language: 'python',
      code: [
        'import socket',
        'for attempt in (',
        `    lambda: socket.create_connection(("127.0.0.1", ${port}), timeout=2).recv(10),`,
        '    lambda: socket.getaddrinfo("example.com", 80),',
        '):',
        '    try:',
        '        print("reached", attempt())',
        '    except OSError as error:',
        '        print("failed", type(error).__name__)',
      ].join('\n'),
    });
    expect(stored.stdout).toBe('failed ConnectionRefusedError\nfailed gaierror\n');
  });

  it('cannot read the server’s files or see its environment', async () => {
    const { stored } = await run(server, token, {
      language: 'bash',
      code: [`cat /etc/shadow ${secretFile} ${process.cwd()}/package.json 2>&1 | sed 's/^.*: //'`, 'env | sort'].join(
        '\n',
      ),
    });
    expect(stored.stdout).not.toMatch(/top secret|planted-secret-value|@xionimus|root:/);
    expect(stored.stdout).toMatch(/^No such file or directory\nNo such file or directory\nNo such file or directory\n/);
    const variables = stored.stdout
      .split('\n')
      .slice(3)
      .filter(Boolean)
      .map((line: string) => line.split('=')[0]);
    expect(variables).not.toContain('XIONIMUS_PLANTED_SECRET');
    expect(variables).not.toContain('DATABASE_URL');
    expect(variables).toEqual(expect.arrayContaining(['HOME', 'LANG', 'PATH']));
  });

  it('stops a running run', async () => {
    const created = await server.request('POST', '/api/sandbox/runs', {
      token,
      body: { language: 'bash', code: 'echo started; sleep 30' },
    });
    const response = await fetch(`${server.url}/api/sandbox/runs/${created.body.id}/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = '';
    while (!seen.includes('started')) seen += (await reader.read()).value ?? '';
    const stopped = await server.request('POST', `/api/sandbox/runs/${created.body.id}/stop`, { token });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ status: 'stopped', stdout: 'started\n', limit: null });
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += value;
    }
    expect(seen).toMatch(/event: exit\ndata: \{"status":"stopped"/);
  });

  it('resumes the event stream after Last-Event-ID without loss or repetition', async () => {
    const { id, events } = await run(server, token, {
      language: 'bash',
      code: 'for i in 1 2 3; do echo "line $i"; sleep 0.2; done; echo err >&2',
    });
    const numbered = events.filter((event) => event.id !== undefined);
    expect(numbered.length).toBeGreaterThan(3);
    const resumeAt = numbered[1]!.id!;
    const resumed = await runEvents(server, token, id, { 'last-event-id': resumeAt });
    expect(resumed).toEqual(numbered.slice(2));
    expect(resumed.at(-1)?.event).toBe('exit');
  });

  it('lists the user’s runs newest first, and hides them from another user', async () => {
    const first = await run(server, token, { language: 'perl', code: 'print "a";' });
    const second = await run(server, token, { language: 'perl', code: 'print "b";' });
    const list = await server.request('GET', '/api/sandbox/runs?limit=2', { token });
    expect(list.body.items.map((item: any) => item.id)).toEqual([second.id, first.id]);
    expect(list.body.nextCursor).toEqual(expect.any(String));

    const other = await registerAndLogin(server, 'other');
    for (const path of [`/api/sandbox/runs/${first.id}`, `/api/sandbox/runs/${first.id}/events`]) {
      const reply = await server.request('GET', path, { token: other.token });
      expect(reply.status).toBe(404);
      expect(reply.body.code).toBe('sandbox_run_not_found');
    }
    expect((await server.request('POST', `/api/sandbox/runs/${first.id}/stop`, { token: other.token })).status).toBe(
      404,
    );
    expect((await server.request('GET', '/api/sandbox/runs', { token: other.token })).body.items).toEqual([]);
  });

  it('answers bad input with a 400 problem naming the field', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ language: 'cobol', code: 'DISPLAY "HI"' }, /language/],
      [{ language: 'python' }, /code/],
      [{ language: 'python', code: 'print(1)', stdin: 'x'.repeat(64 * 1024 + 1) }, /stdin/],
      [{ language: 'python', code: 'print(1)', filename: '../escape.py' }, /filename/],
      [{ language: 'python', code: 'print(1)', filename: 'main.rb' }, /\.py/],
      [{ language: 'python', code: 'print(1)', timeoutSeconds: 0 }, /timeoutSeconds/],
    ];
    for (const [body, field] of cases) {
      const reply = await server.request('POST', '/api/sandbox/runs', { token, body });
      expect(reply.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(reply.body.detail).toMatch(field);
    }
    expect(
      (await server.request('POST', '/api/sandbox/runs', { body: { language: 'python', code: '1' } })).status,
    ).toBe(401);
  });
});

describe('a server whose sandbox is turned off', () => {
  let server: TestApp;
  let token: string;
  beforeAll(async () => {
    server = await startTestApp({ env: { SANDBOX_ENABLED: 'false' } });
    ({ token } = await registerAndLogin(server));
  });
  afterAll(() => server.close());

  it('reports itself unavailable and runs nothing', async () => {
    const languages = await server.request('GET', '/api/sandbox/languages', { token });
    expect(languages.body).toMatchObject({ available: false, reason: expect.stringMatching(/SANDBOX_ENABLED/) });
    expect(languages.body.languages.every((language: any) => language.available === false)).toBe(true);
    const reply = await server.request('POST', '/api/sandbox/runs', { token, body: { language: 'python', code: '1' } });
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ code: 'sandbox_unavailable', detail: expect.stringMatching(/SANDBOX_ENABLED/) });
  });
});
