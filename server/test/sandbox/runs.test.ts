import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin, startTestApp, type TestApp } from '../support/app.js';
import { isolationWorks, run, streamed } from './support.js';

const HELLO: Record<string, string> = {
  python: 'print("hello from python")',
  javascript: 'console.log("hello from javascript")',
  typescript: 'const who: string = "typescript";\nconsole.log(`hello from ${who}`);',
  bash: 'echo "hello from bash"',
  c: '#include <stdio.h>\nint main(void) { printf("hello from c\\n"); return 0; }',
  cpp: '#include <iostream>\nint main() { std::cout << "hello from cpp" << std::endl; }',
  csharp: 'class P { static void Main() { System.Console.WriteLine("hello from csharp"); } }',
  perl: 'print "hello from perl\\n";',
};

describe.skipIf(!isolationWorks)('sandboxed runs', () => {
  let server: TestApp;
  let token: string;
  let available: string[];
  beforeAll(async () => {
    server = await startTestApp({ env: { SANDBOX_TIMEOUT_SECONDS: '5', SANDBOX_MAX_OUTPUT_KB: '64' } });
    ({ token } = await registerAndLogin(server));
    const languages = await server.request('GET', '/api/sandbox/languages', { token });
    expect(languages.status).toBe(200);
    expect(languages.body).toMatchObject({ available: true, reason: null });
    available = languages.body.languages
      .filter((language: any) => language.available)
      .map((language: any) => language.id);
  });
  afterAll(() => server.close());

  it('lists every language with its toolchain version', async () => {
    const { body } = await server.request('GET', '/api/sandbox/languages', { token });
    expect(body.languages.map((language: any) => language.id)).toEqual(Object.keys(HELLO));
    const python = body.languages.find((language: any) => language.id === 'python');
    expect(python).toMatchObject({ available: true, version: expect.stringMatching(/^Python 3\./), install: null });
    expect(body.limits).toEqual({ timeoutSeconds: 5, memoryMb: 256, maxOutputBytes: 64 * 1024 });
  });

  it.each(Object.keys(HELLO))('runs hello world in %s, streamed and stored', async (language) => {
    if (!available.includes(language)) return void console.warn(`${language}: toolchain not installed here`);
    const { events, stored, exit } = await run(server, token, { language, code: HELLO[language] });
    expect(streamed(events, 'stdout')).toBe(`hello from ${language}\n`);
    const statuses = events.filter((event) => event.event === 'status').map((event) => event.data.status);
    expect(statuses).toContain('running');
    if (['c', 'cpp', 'csharp', 'typescript'].includes(language)) expect(statuses).toContain('compiling');
    expect(exit).toMatchObject({ event: 'exit', data: { status: 'complete', exitCode: 0, limit: null } });
    expect(stored).toMatchObject({
      language,
      status: 'complete',
      exitCode: 0,
      stdout: `hello from ${language}\n`,
      outputTruncated: false,
      durationMs: expect.any(Number),
    });
  });

  it('feeds stdin to the program', async () => {
    const { stored } = await run(server, token, {
      language: 'python',
      code: 'import sys\nprint(sys.stdin.read().upper(), end="")',
      stdin: 'echo me\n',
    });
    expect(stored.stdout).toBe('ECHO ME\n');
  });

  it('reports a non-zero exit code and stderr', async () => {
    const { stored, events } = await run(server, token, { language: 'bash', code: 'echo oops >&2; exit 3' });
    expect(streamed(events, 'stderr')).toBe('oops\n');
    expect(stored).toMatchObject({ status: 'complete', exitCode: 3, signal: null, limit: null, stderr: 'oops\n' });
  });

  it('reports a C compile error on stderr with the compiler’s exit code, without running', async () => {
    const { stored, events } = await run(server, token, { language: 'c', code: 'int main(void) { return nope; }' });
    expect(stored.exitCode).toBe(1);
    expect(stored.stderr).toMatch(/nope.*undeclared/);
    expect(events.filter((event) => event.event === 'status').map((event) => event.data.status)).toEqual(
      expect.not.arrayContaining(['running']),
    );
  });

  it('reports a TypeScript syntax error from the transpiler', async () => {
    const { stored } = await run(server, token, { language: 'typescript', code: 'const x: = 1;' });
    expect(stored.exitCode).toBe(1);
    expect(stored.stderr).toMatch(/main\.ts\(1,\d+\): error TS/);
  });

  it('stops an infinite loop at the timeout the request asked for', async () => {
    const { stored } = await run(server, token, { language: 'python', code: 'while True: pass', timeoutSeconds: 1 });
    expect(stored).toMatchObject({ status: 'complete', limit: 'timeout', signal: 'SIGKILL', exitCode: null });
    expect(stored.durationMs).toBeGreaterThanOrEqual(1000);
    const metrics = await server.request('GET', '/metrics');
    expect(metrics.text).toMatch(/xionimus_sandbox_runs_total\{language="python",outcome="timeout"\} 1/);
    expect(metrics.text).toMatch(/xionimus_sandbox_run_duration_seconds_count\{language="python"\} \d+/);
  });

  it('refuses a timeout above the configured maximum, naming the field', async () => {
    const reply = await server.request('POST', '/api/sandbox/runs', {
      token,
      body: { language: 'python', code: 'print(1)', timeoutSeconds: 6 },
    });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(reply.body.detail).toMatch(/timeoutSeconds/);
  });

  it('stops a program that allocates 1 GB', async () => {
    const { stored } = await run(server, token, {
      language: 'python',
      code: 'x = bytearray(1024 * 1024 * 1024)\nprint("allocated")',
    });
    expect(stored.stdout).toBe('');
    expect(stored.exitCode).not.toBe(0);
    expect(stored.limit).toBe('memory');
  });

  it('contains a fork bomb: the run ends and the server goes on', async () => {
    const { stored, exit } = await run(server, token, {
      language: 'bash',
      code: ':(){ :|:& };:; wait',
      timeoutSeconds: 3,
    });
    expect(exit?.event).toBe('exit');
    expect(stored.status).toBe('complete');
    const after = await run(server, token, { language: 'bash', code: 'echo still fine' });
    expect(after.stored.stdout).toBe('still fine\n');
  });

  it('limits the number of processes', async () => {
    const { stored } = await run(server, token, {
      language: 'python',
      code: [
        'import os, time',
        'children = 0',
        'try:',
        '    while children < 1000:',
        '        if os.fork() == 0:',
        '            time.sleep(5)',
        '            os._exit(0)',
        '        children += 1',
        'except OSError as error:',
        '    print("refused after", children, type(error).__name__)',
      ].join('\n'),
    });
    expect(stored.stdout).toMatch(/^refused after \d+ BlockingIOError\n$/);
    expect(Number(stored.stdout.split(' ')[2])).toBeLessThan(64);
  });

  it('caps an output flood and keeps the stored output within the cap', async () => {
    const { stored, events, exit } = await run(server, token, {
      language: 'python',
      code: 'import sys\nwhile True: sys.stdout.write("x" * 1000)',
    });
    expect(exit?.data).toMatchObject({ outputTruncated: true, limit: 'output' });
    expect(stored.outputTruncated).toBe(true);
    expect(Buffer.byteLength(stored.stdout) + Buffer.byteLength(stored.stderr)).toBeLessThanOrEqual(64 * 1024);
    expect(stored.stdout.length).toBeGreaterThan(60 * 1024);
    // Coalesced: far fewer events than the program's 1000-byte writes.
    expect(events.filter((event) => event.event === 'stdout').length).toBeLessThan(20);
  });
});
