// `npm run loadtest`: a time-bounded load test of a running Xionimus with autocannon. Every
// connection repeats a user's day in miniature: log in, list sessions, read one session's
// history, ask a question and read the streamed answer to its end (three times per login).
// Prints throughput, p50/p99 per kind of request and overall, and every error.
//
// Without --url it starts its own instance (bench/xionimus-server.ts, SQLite in a temporary
// folder) and the fake OpenAI server (bench/fake-openai.ts) on 127.0.0.1, so it works offline.
// With --url it targets that instance (loopback only unless --allow-remote) and needs an
// existing account (--email, --password) whose provider answers chats: point it at a test
// provider, never at a paid API.
//
// Options (after `npm run loadtest --`):
//   --duration=<s>      how long to load (default 20)
//   --connections=<n>   concurrent connections (default 16)
//   --url=<base>        a running instance (default: start one)
//   --email, --password an account on that instance
//   --json=<file>       also write the figures as JSON
/* eslint-disable security/detect-non-literal-fs-filename -- the operator's own --json path */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, value ?? 'true'];
  }),
) as Record<string, string | undefined>;

const DURATION_S = Number(args.duration ?? 20);
const CONNECTIONS = Number(args.connections ?? 16);
const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(BENCH_DIR, '..');
const PASSWORD = 'load test password 0123';
const KINDS = ['login', 'list sessions', 'history', 'chat (streamed)'] as const;
type Kind = (typeof KINDS)[number];

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

/** Starts a bench process and resolves with the port it reports over IPC. */
function startChild(script: string, env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH_DIR, script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + String(chunk)).slice(-4000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 60 s\n${stderr}`)), 60_000);
    child.on('message', (message: { type: string; port?: number }) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      resolve(message.port!);
    });
    child.once('exit', () => reject(new Error(`${script} exited before it was ready\n${stderr}`)));
  });
}

async function call(base: string, method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(base + path, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function target(): Promise<{ base: string; email: string; password: string }> {
  if (args.url) {
    const base = args.url.replace(/\/$/, '');
    const host = new URL(base).hostname;
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(host) && args['allow-remote'] !== 'true') {
      throw new Error(`${host} is not loopback: add --allow-remote to load another machine on purpose`);
    }
    if (!args.email || !args.password) throw new Error('--email and --password of an account are needed with --url');
    return { base, email: args.email, password: args.password };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'xionimus-loadtest-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const fakePort = await startChild('fake-openai.ts', { FAKE_CHUNKS: '50' });
  const port = await startChild('xionimus-server.ts', {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${join(dataDir, 'loadtest.db')}`,
    SECRET_KEY: 'loadtest-secret-key-that-is-long-enough-0123',
    OPENAI_API_KEY: 'sk-loadtest',
    OPENAI_BASE_URL: `http://127.0.0.1:${fakePort}/v1`,
    // The limits would turn the load into 429s; they are tested elsewhere.
    RATE_LIMIT_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  });
  const base = `http://127.0.0.1:${port}`;
  const email = `load-${Date.now()}@example.test`;
  await call(base, 'POST', '/api/auth/register', { email, password: PASSWORD });
  return { base, email, password: PASSWORD };
}

interface ConnectionState {
  token?: string;
  sessionId?: string;
  kind?: Kind;
  sentAt?: number;
}

async function main() {
  const { base, email, password } = await target();
  // One session with some history per connection, so "history" reads a real conversation.
  const { accessToken } = (await call(base, 'POST', '/api/auth/login', {
    email,
    password,
    tokenDelivery: 'body',
  })) as { accessToken: string };
  const sessions: string[] = [];
  for (let index = 0; index < CONNECTIONS; index++) {
    const session = await call(base, 'POST', '/api/chat/sessions', { title: `load ${index}` }, accessToken);
    sessions.push(String(session.id));
  }

  const latencies = new Map<Kind, number[]>(KINDS.map((kind) => [kind, []]));
  const failures = new Map<string, number>();
  let connection = 0;
  const step = (kind: Kind, request: (state: ConnectionState) => autocannon.Request) => ({
    setupRequest: (req: autocannon.Request, context: ConnectionState) => {
      context.sessionId ??= sessions[connection++ % sessions.length];
      context.kind = kind;
      context.sentAt = performance.now();
      return { ...req, ...request(context) };
    },
    onResponse: (status: number, body: string, context: ConnectionState) => {
      latencies.get(kind)!.push(performance.now() - context.sentAt!);
      const failed = status >= 400 || (kind === 'chat (streamed)' && !body.includes('event: done'));
      if (failed) {
        const key = `${kind}: ${status} ${(/"code":"([^"]+)"/.exec(body)?.[1] ?? /event: error/.test(body)) ? 'stream error' : ''}`;
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
      if (kind === 'login' && status === 200) context.token = (JSON.parse(body) as { accessToken: string }).accessToken;
    },
  });
  const auth = (state: ConnectionState) => ({
    authorization: `Bearer ${state.token}`,
    'content-type': 'application/json',
  });
  const login = step('login', () => ({
    method: 'POST',
    path: '/api/auth/login',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, tokenDelivery: 'body' }),
  }));
  const list = step('list sessions', (state) => ({
    method: 'GET',
    path: '/api/chat/sessions?limit=20',
    headers: auth(state),
  }));
  const history = step('history', (state) => ({
    method: 'GET',
    path: `/api/chat/sessions/${state.sessionId}`,
    headers: auth(state),
  }));
  const chat = step('chat (streamed)', (state) => ({
    method: 'POST',
    path: `/api/chat/sessions/${state.sessionId}/messages`,
    headers: { ...auth(state), accept: 'text/event-stream' },
    body: JSON.stringify({ content: 'Say hello in a few words.' }),
  }));

  console.log(`Loading ${base} for ${DURATION_S} s with ${CONNECTIONS} connections…`);
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION_S,
    timeout: 30,
    requests: [login, list, history, chat, list, history, chat, list, history, chat],
  });

  const percentile = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
  };
  const rows = KINDS.map((kind) => {
    const values = latencies.get(kind)!;
    return {
      kind,
      requests: values.length,
      perSecond: values.length / DURATION_S,
      p50: percentile(values, 50),
      p99: percentile(values, 99),
    };
  });
  const errors = [...failures.values()].reduce((sum, count) => sum + count, 0) + result.errors + result.timeouts;
  const pad = (value: string | number, width: number) => String(value).padStart(width);
  console.log(`\n${'request'.padEnd(18)}${pad('count', 9)}${pad('per s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}`);
  for (const row of rows) {
    console.log(
      `${row.kind.padEnd(18)}${pad(row.requests, 9)}${pad(row.perSecond.toFixed(1), 9)}${pad(row.p50.toFixed(1), 9)}${pad(row.p99.toFixed(1), 9)}`,
    );
  }
  console.log(
    `${'all'.padEnd(18)}${pad(result.requests.total, 9)}${pad(result.requests.average.toFixed(1), 9)}${pad(result.latency.p50, 9)}${pad(result.latency.p99, 9)}`,
  );
  console.log(`\nerrors: ${errors} (connection errors ${result.errors}, timeouts ${result.timeouts})`);
  for (const [failure, count] of failures) console.log(`  ${count} × ${failure}`);
  if (args.json) {
    writeFileSync(
      args.json,
      JSON.stringify({ durationS: DURATION_S, connections: CONNECTIONS, rows, errors }, null, 2),
    );
  }
  process.exitCode = errors > 0 ? 1 : 0;
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => children.forEach((child) => child.kill('SIGTERM')));
