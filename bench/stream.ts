// `npm run bench:stream` — what Xionimus adds to a streamed answer, against the floor.
//
// One run measures, over loopback, against a fake OpenAI server streaming 200 chunks:
//   (a) the fake server directly,
//   (b) a bare pass-through proxy on `undici.request` (the floor any gateway can reach),
//   (c) Xionimus started from its real entry with auth, routing and persistence (SQLite) on,
// in three phases: time to first token (sequential requests), completed streams per second
// (N connections for a fixed time), and concurrent slow streams held by one process with its RSS
// per stream. The servers under test run on CPU 0, this load generator (and the fake, except
// while it is the server under test) on CPU 1. It prints figures and writes a JSON summary to
// bench/results/; it asserts nothing about time.
//
// Options (after `npm run bench:stream --`):
//   --quick                 shorter phases and 1000 slow streams (a smoke run)
//   --duration=<s>          throughput window per target (default 5)
//   --ttft=<s>              time-to-first-token window per target (default 3)
//   --connections=<n>       throughput connections (default 64)
//   --streams=<k,k,...>     slow-stream checkpoints (default 1000,2000,5000)
//   --slow-chunk-ms=<ms>    delay between chunks of a slow stream (default 1000)
//   --ttft-gap-ms=<ms>      TTFT phase: the fake sends the first token, the rest this much later (default 5)
//   --fetch=<v,v,...>       fetch inside Xionimus for the TTFT and throughput phases:
//                           global (the SDK default), undici-request, undici-fetch
//                           (default global,undici-request)
//   --server=src|dist       run server/src through tsx (default) or the compiled server/dist
//   --cpu-prof              profile Xionimus (first fetch variant) over its throughput window, print hot spots
//   --skip=a,b,c,slow       leave parts out
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool, type Dispatcher } from 'undici';
import type { ChildMessage, ChildStats, ParentMessage } from './ipc.js';
import { summarizeProfile, type ProfileSummary } from './profile-summary.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH_DIR);
const RESULTS_DIR = join(BENCH_DIR, 'results');

// ---- options ------------------------------------------------------------------------------------

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [name, value] = arg.replace(/^--/, '').split('=');
    return [name!, value ?? 'true'] as const;
  }),
);
const quick = args.has('quick');
const numberList = (value: string) => value.split(',').map(Number).filter((n) => Number.isFinite(n) && n > 0);
const options = {
  quick,
  ttftSeconds: Number(args.get('ttft') ?? (quick ? 1 : 3)),
  durationSeconds: Number(args.get('duration') ?? (quick ? 2 : 5)),
  warmupSeconds: quick ? 0.5 : 1,
  connections: Number(args.get('connections') ?? 64),
  streams: numberList(args.get('streams') ?? (quick ? '1000' : '1000,2000,5000')),
  slowChunkMs: Number(args.get('slow-chunk-ms') ?? 1000),
  ttftGapMs: Number(args.get('ttft-gap-ms') ?? 5),
  fetchVariants: (args.get('fetch') ?? 'global,undici-request').split(',').filter(Boolean),
  server: args.get('server') === 'dist' ? 'dist' : 'src',
  cpuProf: args.has('cpu-prof'),
  skip: new Set((args.get('skip') ?? '').split(',').filter(Boolean)),
  turnsPerSession: 4,
  users: 4,
};

// ---- processes ----------------------------------------------------------------------------------

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const cpus = os.cpus().length;
const SERVER_CPU = 0;
const LOAD_CPU = cpus > 1 ? 1 : 0;

function pin(pid: number, cpu: number) {
  if (hasTaskset) spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

interface Child {
  name: string;
  pid: number;
  port: number;
  url: string;
  call(message: ParentMessage): Promise<ChildMessage>;
  stats(): Promise<ChildStats>;
  stop(): Promise<void>;
  output: string[];
}

const children = new Set<ChildProcess>();
const killAll = () => {
  for (const child of children) child.kill('SIGKILL');
};
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

async function startChild(
  name: string,
  script: string,
  { cpu, env = {}, execArgv = [] }: { cpu: number; env?: Record<string, string>; execArgv?: string[] },
): Promise<Child> {
  const nodeArgs = ['--import', 'tsx', ...execArgv, join(BENCH_DIR, script)];
  const [command, commandArgs] = hasTaskset
    ? ['taskset', ['-c', String(cpu), process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...String(chunk).split('\n').filter(Boolean));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));

  let nextId = 1;
  const waiting = new Map<number, (message: ChildMessage) => void>();
  const ready = new Promise<{ port: number; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 60 s:\n${output.join('\n')}`)), 60_000);
    child.on('message', (message: ChildMessage & { id?: number }) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      } else if (message.id !== undefined) {
        waiting.get(message.id)?.(message);
        waiting.delete(message.id);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready:\n${output.join('\n')}`));
    });
  });
  const { port } = await ready;
  const call = (message: ParentMessage) =>
    new Promise<ChildMessage>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`${name} did not answer ${message.type}`)), 30_000);
      waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      child.send({ ...message, id });
    });
  return {
    name,
    pid: child.pid!,
    port,
    url: `http://127.0.0.1:${port}`,
    call,
    stats: () => call({ type: 'stats' }) as Promise<ChildStats>,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // A normal exit first (a CPU profile is written then), then no more patience.
      await Promise.race([call({ type: 'exit' }).catch(() => undefined), sleep(3000)]);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
    output,
  };
}

/** Resident set size of a process, in KB. */
function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU time (user + system) a process has used so far, in ms. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

function openFiles(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return Number.NaN;
  }
}

function fileLimit(): number {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const soft = /Max open files\s+(\d+|unlimited)/.exec(limits)?.[1];
  return soft === undefined || soft === 'unlimited' ? Infinity : Number(soft);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---- one stream ---------------------------------------------------------------------------------

interface StreamRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface StreamResult {
  ok: boolean;
  status: number;
  /** Milliseconds from sending the request to the response headers, the first token, the end. */
  headersMs: number;
  ttftMs: number;
  totalMs: number;
  bytes: number;
  error?: string;
}

interface Protocol {
  /** Bytes that mark the first content token in the response body. */
  token: Buffer;
  /** Bytes that must be near the end of a complete response body. */
  end: Buffer;
}

const OPENAI_PROTOCOL: Protocol = { token: Buffer.from('"delta":{"content":"'), end: Buffer.from('data: [DONE]') };
const XIONIMUS_PROTOCOL: Protocol = { token: Buffer.from('event: token'), end: Buffer.from('event: done') };

interface OpenStream {
  /** Resolves at the first token with true, or with false when the stream ends before one. */
  firstToken: Promise<boolean>;
  result: Promise<StreamResult>;
  abort(): void;
}

/** Sends one request and reads its event stream to the end with undici's raw dispatch API. */
function openStream(pool: Dispatcher, request: StreamRequest, protocol: Protocol): OpenStream {
  const started = performance.now();
  let status = 0;
  let headersMs = Number.NaN;
  let ttftMs = Number.NaN;
  let bytes = 0;
  let carry: Buffer | undefined;
  let last: Buffer | undefined;
  let previous: Buffer | undefined;
  let errorText = '';
  let control: Dispatcher.DispatchController | undefined;
  let aborted = false;
  let markFirst!: (flowing: boolean) => void;
  const firstToken = new Promise<boolean>((resolve) => (markFirst = resolve));
  const result = new Promise<StreamResult>((resolve) => {
    const finish = (error?: string) => {
      markFirst(false);
      const tail = previous && last && last.length < protocol.end.length + 4 ? Buffer.concat([previous, last]) : last;
      const complete = !error && status === 200 && tail !== undefined && tail.includes(protocol.end);
      resolve({
        ok: complete,
        status,
        headersMs,
        ttftMs,
        totalMs: performance.now() - started,
        bytes,
        ...(complete ? {} : { error: error ?? (status === 200 ? 'incomplete stream' : `HTTP ${status} ${errorText}`) }),
      });
    };
    pool.dispatch(
      { path: request.path, method: 'POST', headers: request.headers, body: request.body },
      {
        onRequestStart(controller) {
          control = controller;
          if (aborted) controller.abort(new Error('aborted by the benchmark'));
        },
        onResponseStart(_controller, statusCode) {
          status = statusCode;
          headersMs = performance.now() - started;
        },
        onResponseData(_controller, chunk) {
          bytes += chunk.length;
          if (status !== 200) {
            if (errorText.length < 400) errorText += chunk.toString('utf8', 0, 400);
            return;
          }
          if (Number.isNaN(ttftMs)) {
            // The marker may straddle two chunks: look at the seam too, without copying whole chunks.
            const seam = carry ? Buffer.concat([carry, chunk.subarray(0, protocol.token.length)]) : undefined;
            if (chunk.includes(protocol.token) || seam?.includes(protocol.token)) {
              ttftMs = performance.now() - started;
              markFirst(true);
            } else {
              carry = chunk.subarray(Math.max(0, chunk.length - protocol.token.length));
            }
          }
          previous = last;
          last = chunk;
        },
        onResponseEnd() {
          finish();
        },
        onResponseError(_controller, error) {
          finish(aborted ? 'aborted' : error.message);
        },
      },
    );
  });
  return {
    firstToken,
    result,
    abort() {
      aborted = true;
      control?.abort(new Error('aborted by the benchmark'));
    },
  };
}

// ---- statistics ---------------------------------------------------------------------------------

const percentile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN;

interface Distribution {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

function distribution(values: number[]): Distribution {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((x, y) => x - y);
  const sum = sorted.reduce((total, value) => total + value, 0);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 0.5)),
    p90: round(percentile(sorted, 0.9)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? Number.NaN),
    mean: round(sorted.length ? sum / sorted.length : Number.NaN),
  };
}

// ---- targets ------------------------------------------------------------------------------------

interface Target {
  key: string;
  label: string;
  url: string;
  pid: number;
  protocol: Protocol;
  /** The request a worker sends next (Xionimus: a session of this worker, rotated every few turns). */
  next(worker: number): StreamRequest | Promise<StreamRequest>;
  /** Prepares `count` requests ahead, so that setting up is not measured. */
  prepare?(count: number): Promise<void>;
}

const COMPLETION_BODY = JSON.stringify({
  model: 'gpt-4.1-nano',
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
  stream_options: { include_usage: true },
});
const CHAT_BODY = JSON.stringify({ content: 'hi', model: 'gpt-4.1-nano' });

function openAiTarget(key: string, label: string, child: Child): Target {
  const request = {
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
    body: COMPLETION_BODY,
  };
  return { key, label, url: child.url, pid: child.pid, protocol: OPENAI_PROTOCOL, next: () => request };
}

async function jsonRequest(url: string, path: string, body: unknown, token?: string) {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Xionimus with a few users; every conversation is a session of `turnsPerSession` turns. */
async function xionimusTarget(key: string, label: string, child: Child): Promise<Target> {
  const tokens: string[] = [];
  for (let index = 0; index < options.users; index++) {
    const account = { email: `bench${index}-${Date.now()}@example.test`, password: 'correct horse battery staple' };
    const reply = await jsonRequest(child.url, '/api/auth/register', account);
    tokens.push(String(reply.accessToken));
  }
  let created = 0;
  const ready: Array<{ id: string; token: string }> = [];
  const createSession = async () => {
    const token = tokens[created++ % tokens.length]!;
    const session = await jsonRequest(child.url, '/api/chat/sessions', {}, token);
    return { id: String(session.id), token };
  };
  const current = new Map<number, { id: string; token: string; turns: number }>();
  const target: Target = {
    key,
    label,
    url: child.url,
    pid: child.pid,
    protocol: XIONIMUS_PROTOCOL,
    async prepare(count) {
      const sessions = Math.ceil(count / options.turnsPerSession) - ready.length;
      const queue = Array.from({ length: Math.max(0, sessions) }, (_, index) => index);
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (queue.pop() !== undefined) ready.push(await createSession());
        }),
      );
    },
    async next(worker) {
      let conversation = current.get(worker);
      if (!conversation || conversation.turns >= options.turnsPerSession) {
        conversation = { ...(ready.pop() ?? (await createSession())), turns: 0 };
        current.set(worker, conversation);
      }
      conversation.turns++;
      return {
        path: `/api/chat/sessions/${conversation.id}/messages`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${conversation.token}` },
        body: CHAT_BODY,
      };
    },
  };
  return target;
}

// ---- phases -------------------------------------------------------------------------------------

interface TtftResult {
  target: string;
  ttftMs: Distribution;
  headersMs: Distribution;
  totalMs: Distribution;
  errors: number;
  firstError?: string;
}

/**
 * Time to first token of sequential requests on one keep-alive connection. The fake sends the
 * first token at once and the rest `ttftGapMs` later (a model's next tokens take that long), so
 * the first token is measured on its own, not behind the processing of the whole answer.
 */
async function measureTtft(target: Target, fake: Child): Promise<TtftResult> {
  await fake.call({ type: 'mode', chunkDelayMs: 0, headGapMs: options.ttftGapMs });
  const pool = new Pool(target.url, { connections: 1, pipelining: 1, keepAliveTimeout: 30_000 });
  const ttft: number[] = [];
  const headers: number[] = [];
  const total: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  try {
    await target.prepare?.(Math.round(options.ttftSeconds * 2000) + 500);
    const warmupEnd = performance.now() + options.warmupSeconds * 500;
    while (performance.now() < warmupEnd) await openStream(pool, await target.next(0), target.protocol).result;
    const end = performance.now() + options.ttftSeconds * 1000;
    while (performance.now() < end) {
      const result = await openStream(pool, await target.next(0), target.protocol).result;
      if (!result.ok) {
        errors++;
        firstError ??= result.error;
        if (errors > 20 && ttft.length === 0) break;
        continue;
      }
      ttft.push(result.ttftMs);
      headers.push(result.headersMs);
      total.push(result.totalMs);
    }
  } finally {
    await pool.close();
    await fake.call({ type: 'mode', chunkDelayMs: 0 });
  }
  return {
    target: target.key,
    ttftMs: distribution(ttft),
    headersMs: distribution(headers),
    totalMs: distribution(total),
    errors,
    ...(firstError ? { firstError } : {}),
  };
}

interface ThroughputResult {
  target: string;
  connections: number;
  seconds: number;
  completed: number;
  streamsPerSecond: number;
  ttftMs: Distribution;
  errors: number;
  firstError?: string;
  serverRssKbAfter: number;
  /** CPU used during the window, in % of one core: the server under test, and CPU 1 (load + fake). */
  serverCpuPercent: number;
  loadCpuPercent: number;
}

/** Completed streams per second over `connections` keep-alive connections, after a warm-up. */
async function measureThroughput(
  target: Target,
  fake: Child,
  window: { opened?: () => Promise<unknown>; closed?: () => Promise<unknown> } = {},
): Promise<ThroughputResult> {
  const connections = options.connections;
  const pool = new Pool(target.url, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  let measuring = false;
  let stop = false;
  let warmedUp = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | undefined;
  const ttft: number[] = [];
  let windowEnd = 0;
  let serverCpuPercent = Number.NaN;
  let loadCpuPercent = Number.NaN;
  const worker = async (index: number) => {
    while (!stop) {
      const result = await openStream(pool, await target.next(index), target.protocol).result;
      if (!measuring) {
        warmedUp++;
        continue;
      }
      if (performance.now() > windowEnd) continue;
      if (result.ok) {
        completed++;
        if (ttft.length < 200_000) ttft.push(result.ttftMs);
      } else {
        errors++;
        firstError ??= result.error;
      }
    }
  };
  const startWorkers = () => Array.from({ length: connections }, (_, index) => worker(index));
  try {
    let workers = startWorkers();
    await sleep(options.warmupSeconds * 1000);
    if (target.prepare) {
      // Xionimus: the sessions for the window are made now, at the warm-up's rate plus half.
      stop = true;
      await Promise.all(workers);
      await target.prepare(Math.ceil((warmedUp / options.warmupSeconds) * options.durationSeconds * 1.5) + connections * 4);
      stop = false;
      workers = startWorkers();
      await sleep(250);
    }
    await window.opened?.();
    const loadPids = target.pid === fake.pid ? [process.pid] : [process.pid, fake.pid];
    const loadCpu = () => loadPids.reduce((sum, pid) => sum + cpuMs(pid), 0);
    const before = { server: cpuMs(target.pid), load: loadCpu() };
    windowEnd = performance.now() + options.durationSeconds * 1000;
    measuring = true;
    await sleep(options.durationSeconds * 1000);
    const windowMs = options.durationSeconds * 1000;
    serverCpuPercent = Math.round((100 * (cpuMs(target.pid) - before.server)) / windowMs);
    loadCpuPercent = Math.round((100 * (loadCpu() - before.load)) / windowMs);
    await window.closed?.();
    stop = true;
    await Promise.race([Promise.all(workers), sleep(30_000)]);
  } finally {
    await pool.destroy();
  }
  return {
    target: target.key,
    connections,
    seconds: options.durationSeconds,
    completed,
    streamsPerSecond: Math.round(completed / options.durationSeconds),
    ttftMs: distribution(ttft),
    errors,
    ...(firstError ? { firstError } : {}),
    serverRssKbAfter: rssKb(target.pid),
    serverCpuPercent,
    loadCpuPercent,
  };
}

interface Checkpoint {
  streams: number;
  open: number;
  rssKb: number;
  kbPerStream: number;
  heapUsedKb: number;
  openFiles: number;
  secondsToOpen: number;
}

interface ConcurrencyResult {
  target: string;
  slowChunkMs: number;
  baselineRssKb: number;
  baselineHeapUsedKb: number;
  checkpoints: Checkpoint[];
  reached: number;
  failed: number;
  firstError?: string;
  stoppedBecause?: string;
}

/** Opens slow streams up to each checkpoint and samples the server's memory once they all flow. */
async function measureConcurrency(target: Target, server: Child, fake: Child): Promise<ConcurrencyResult> {
  const most = Math.max(...options.streams);
  const pool = new Pool(target.url, { connections: most + 100, pipelining: 1, keepAliveTimeout: 120_000 });
  const streams: OpenStream[] = [];
  let alive = 0;
  let failed = 0;
  let firstError: string | undefined;
  let stoppedBecause: string | undefined;
  const checkpoints: Checkpoint[] = [];
  try {
    // Warm up with ordinary streams so that start-up allocations are not counted per stream.
    await target.prepare?.((most + 100) * options.turnsPerSession);
    await Promise.all(
      Array.from({ length: 16 }, async (_, index) => {
        for (let turn = 0; turn < 20; turn++) await openStream(pool, await target.next(index), target.protocol).result;
      }),
    );
    await fake.call({ type: 'mode', chunkDelayMs: options.slowChunkMs });
    await sleep(1000);
    const baselineRssKb = rssKb(server.pid);
    const baselineHeapUsedKb = Math.round((await server.stats()).memory.heapUsed / 1024);
    const began = performance.now();
    let worker = 100;
    // At most 64 streams being set up at once: the server sets each up before it flows.
    let pending = 0;
    const waiters: Array<() => void> = [];
    for (const checkpoint of options.streams.sort((x, y) => x - y)) {
      const batch: Array<Promise<unknown>> = [];
      while (streams.length < checkpoint && !stoppedBecause) {
        while (pending >= 64) await new Promise<void>((resolve) => waiters.push(resolve));
        const stream = openStream(pool, await target.next(worker++), target.protocol);
        streams.push(stream);
        pending++;
        batch.push(stream.firstToken);
        let flowed = false;
        void stream.firstToken.then((flowing) => {
          pending--;
          waiters.shift()?.();
          flowed = flowing;
          if (flowing) alive++;
        });
        void stream.result.then((result) => {
          if (result.error === 'aborted') return;
          if (flowed) alive--;
          if (result.ok) return;
          failed++;
          firstError ??= result.error;
          if (failed > 50) stoppedBecause = `more than 50 streams failed (first: ${firstError})`;
        });
      }
      await Promise.race([Promise.all(batch), sleep(60_000)]);
      await sleep(1000);
      const rss = rssKb(server.pid);
      const heap = Math.round((await server.stats()).memory.heapUsed / 1024);
      checkpoints.push({
        streams: checkpoint,
        open: alive,
        rssKb: rss,
        kbPerStream: Math.round(((rss - baselineRssKb) / Math.max(1, alive)) * 10) / 10,
        heapUsedKb: heap,
        openFiles: openFiles(server.pid),
        secondsToOpen: Math.round((performance.now() - began) / 100) / 10,
      });
      if (stoppedBecause) break;
    }
    return {
      target: target.key,
      slowChunkMs: options.slowChunkMs,
      baselineRssKb,
      baselineHeapUsedKb,
      checkpoints,
      reached: checkpoints.at(-1)?.open ?? 0,
      failed,
      ...(firstError ? { firstError } : {}),
      ...(stoppedBecause ? { stoppedBecause } : {}),
    };
  } finally {
    for (const stream of streams) stream.abort();
    await Promise.race([Promise.all(streams.map((stream) => stream.result)), sleep(10_000)]);
    await pool.destroy().catch(() => undefined);
    await fake.call({ type: 'release' }).catch(() => undefined);
    await fake.call({ type: 'mode', chunkDelayMs: 0 }).catch(() => undefined);
  }
}

// ---- the run ------------------------------------------------------------------------------------

function xionimusEnv(fakePort: number, dataDir: string, fetchVariant: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${join(dataDir, 'bench.db')}`,
    SECRET_KEY: 'bench-secret-key-that-is-long-enough-0123456789',
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: `http://127.0.0.1:${fakePort}/v1`,
    RATE_LIMIT_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    BENCH_SERVER: options.server,
    BENCH_FETCH: fetchVariant,
  };
}

const FETCH_LABEL: Record<string, string> = {
  global: 'global fetch',
  'undici-request': 'undici.request fetch',
  'undici-fetch': 'undici.fetch v7',
};

async function main() {
  const started = Date.now();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const temp = mkdtempSync(join(os.tmpdir(), 'xionimus-bench-'));
  if (hasTaskset) pin(process.pid, LOAD_CPU);
  const limit = fileLimit();
  // The load generator holds one socket per stream; each server holds two.
  const fileBudget = Math.floor((limit - 200) / 2);
  if (Number.isFinite(limit) && Math.max(...options.streams) > fileBudget) {
    console.log(`note: ulimit -n is ${limit}; slow streams are capped at ${fileBudget}`);
    options.streams = options.streams.map((count) => Math.min(count, fileBudget));
  }
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);

  const ttft: TtftResult[] = [];
  const throughput: ThroughputResult[] = [];
  const concurrency: ConcurrencyResult[] = [];
  const labels: Record<string, string> = {};
  let profile: ProfileSummary | undefined;
  const fake = await startChild('fake', 'fake-openai.ts', { cpu: LOAD_CPU });
  try {
    log(`fake OpenAI on :${fake.port} (pid ${fake.pid})`);
    const run = async (target: Target, window?: Parameters<typeof measureThroughput>[1]) => {
      labels[target.key] = target.label;
      log(`${target.label}: time to first token`);
      ttft.push(await measureTtft(target, fake));
      log(`${target.label}: throughput`);
      throughput.push(await measureThroughput(target, fake, window));
    };

    if (!options.skip.has('a')) {
      // The fake is the server under test here, so it gets the server's CPU.
      pin(fake.pid, SERVER_CPU);
      await run(openAiTarget('a', '(a) fake direct', fake));
      pin(fake.pid, LOAD_CPU);
    }
    const upstream = { UPSTREAM: fake.url };
    if (!options.skip.has('b')) {
      const proxy = await startChild('proxy', 'bare-proxy.ts', { cpu: SERVER_CPU, env: upstream });
      try {
        await run(openAiTarget('b', '(b) bare undici proxy', proxy));
      } finally {
        await proxy.stop();
      }
    }
    if (!options.skip.has('c')) {
      for (const [index, variant] of options.fetchVariants.entries()) {
        const dataDir = mkdtempSync(join(temp, `c-${variant}-`));
        const profiling = options.cpuProf && index === 0;
        const profileFile = join(RESULTS_DIR, `xionimus-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
        const server = await startChild('xionimus', 'xionimus-server.ts', {
          cpu: SERVER_CPU,
          env: xionimusEnv(fake.port, dataDir, variant),
        });
        try {
          log(`Xionimus (${options.server}, ${FETCH_LABEL[variant] ?? variant}) on :${server.port} (pid ${server.pid})`);
          const key = index === 0 ? 'c' : `c:${variant}`;
          const target = await xionimusTarget(key, `(c) Xionimus, ${FETCH_LABEL[variant] ?? variant}`, server);
          await run(
            target,
            profiling
              ? {
                  opened: () => server.call({ type: 'profile-start' }),
                  closed: () => server.call({ type: 'profile-stop', file: profileFile }),
                }
              : undefined,
          );
        } finally {
          await server.stop();
        }
        if (profiling) {
          profile = summarizeProfile(JSON.parse(readFileSync(profileFile, 'utf8')), relative(ROOT, profileFile));
        }
      }
    }

    if (!options.skip.has('slow')) {
      if (!options.skip.has('b')) {
        const proxy = await startChild('proxy', 'bare-proxy.ts', { cpu: SERVER_CPU, env: upstream });
        try {
          log(`(b) bare undici proxy: up to ${Math.max(...options.streams)} slow streams`);
          concurrency.push(await measureConcurrency(openAiTarget('b', '(b)', proxy), proxy, fake));
        } finally {
          await proxy.stop();
        }
      }
      if (!options.skip.has('c')) {
        const dataDir = mkdtempSync(join(temp, 'c-slow-'));
        const variant = options.fetchVariants[0] ?? 'global';
        const server = await startChild('xionimus', 'xionimus-server.ts', {
          cpu: SERVER_CPU,
          env: xionimusEnv(fake.port, dataDir, variant),
        });
        try {
          log(`(c) Xionimus, ${FETCH_LABEL[variant] ?? variant}: up to ${Math.max(...options.streams)} slow streams`);
          const target = await xionimusTarget('c', '(c)', server);
          concurrency.push(await measureConcurrency(target, server, fake));
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    await fake.stop();
    rmSync(temp, { recursive: true, force: true });
  }

  const summary = {
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      cpu: os.cpus()[0]?.model,
      cpus,
      memoryMb: Math.round(os.totalmem() / 2 ** 20),
      pinned: hasTaskset ? { server: SERVER_CPU, load: LOAD_CPU } : null,
      openFilesLimit: limit,
    },
    options: { ...options, skip: [...options.skip] },
    labels,
    ttft,
    throughput,
    concurrency,
    ...(profile ? { profile } : {}),
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  const file = join(RESULTS_DIR, `stream-${summary.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`\n${report(summary)}\nwritten ${relative(ROOT, file)} in ${summary.seconds} s`);
}

// ---- report -------------------------------------------------------------------------------------

type Summary = {
  machine: { node: string; cpu?: string; cpus: number; pinned: object | null };
  options: typeof options & { skip: string[] };
  labels: Record<string, string>;
  ttft: TtftResult[];
  throughput: ThroughputResult[];
  concurrency: ConcurrencyResult[];
  profile?: ProfileSummary;
};

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '—');
const signed = (value: number) => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(2)}` : '—');
const pad = (text: string, width: number) => text.padEnd(width);
const lpad = (text: string, width: number) => text.padStart(width);

function report(summary: Summary): string {
  const lines: string[] = [];
  const { machine, labels } = summary;
  const chunks = Number(process.env.FAKE_CHUNKS ?? 200);
  lines.push(
    `Streaming benchmark: fake OpenAI answer of ${chunks} chunks, loopback, ${machine.node}, ${machine.cpus} × ${machine.cpu ?? 'CPU'}`,
    machine.pinned
      ? `server under test pinned to CPU ${SERVER_CPU}; load generator and fake on CPU ${LOAD_CPU}`
      : 'no taskset: processes are not pinned',
    '',
  );

  const a = summary.ttft.find((result) => result.target === 'a');
  if (summary.ttft.length) {
    lines.push(
      `Time to first token, sequential requests on one connection, ${summary.options.ttftSeconds} s each; the fake sends`,
      `the first token at once and the other ${chunks - 1} ${summary.options.ttftGapMs} ms later. Milliseconds.`,
      `${pad('', 38)}${lpad('n', 7)}${lpad('p50', 8)}${lpad('p99', 8)}${lpad('added p50', 11)}${lpad('added p99', 11)}${lpad('headers p50', 13)}${lpad('end p50', 9)}`,
    );
    for (const result of summary.ttft) {
      const added = a && result !== a;
      lines.push(
        `${pad(labels[result.target] ?? result.target, 38)}${lpad(String(result.ttftMs.n), 7)}${lpad(ms(result.ttftMs.p50), 8)}${lpad(ms(result.ttftMs.p99), 8)}` +
          `${lpad(added ? signed(result.ttftMs.p50 - a.ttftMs.p50) : '', 11)}${lpad(added ? signed(result.ttftMs.p99 - a.ttftMs.p99) : '', 11)}` +
          `${lpad(ms(result.headersMs.p50), 13)}${lpad(ms(result.totalMs.p50), 9)}${result.errors ? `  errors ${result.errors}: ${result.firstError}` : ''}`,
      );
    }
    lines.push('  target for Xionimus: added p50 < 2 ms, added p99 < 10 ms', '');
  }

  const b = summary.throughput.find((result) => result.target === 'b');
  const aRate = summary.throughput.find((result) => result.target === 'a');
  if (summary.throughput.length) {
    lines.push(
      `Completed streams per second, ${summary.options.connections} connections, ${summary.options.durationSeconds} s after a warm-up`,
      `${pad('', 38)}${lpad('streams/s', 10)}${lpad('of (b)', 9)}${lpad('of (a)', 9)}${lpad('TTFT p50', 10)}${lpad('TTFT p99', 10)}${lpad('RSS MB', 8)}${lpad('CPU srv', 9)}${lpad('CPU load', 10)}`,
    );
    for (const result of summary.throughput) {
      const ofB = b ? `${((100 * result.streamsPerSecond) / b.streamsPerSecond).toFixed(1)}%` : '';
      const ofA = aRate ? `${((100 * result.streamsPerSecond) / aRate.streamsPerSecond).toFixed(1)}%` : '';
      lines.push(
        `${pad(labels[result.target] ?? result.target, 38)}${lpad(String(result.streamsPerSecond), 10)}${lpad(ofB, 9)}${lpad(ofA, 9)}` +
          `${lpad(ms(result.ttftMs.p50), 10)}${lpad(ms(result.ttftMs.p99), 10)}${lpad((result.serverRssKbAfter / 1024).toFixed(0), 8)}` +
          `${lpad(`${result.serverCpuPercent}%`, 9)}${lpad(`${result.loadCpuPercent}%`, 10)}` +
          `${result.errors ? `  errors ${result.errors}: ${result.firstError}` : ''}`,
      );
    }
    lines.push(
      '  CPU srv: the server under test (one core = 100%); CPU load: load generator + fake (their own core)',
      '  target for Xionimus: at least 30% of (b)',
      '',
    );
  }

  if (summary.concurrency.length) {
    lines.push(
      `Concurrent slow streams (one chunk every ${summary.options.slowChunkMs} ms), RSS of the server process`,
      `${pad('', 38)}${lpad('streams', 8)}${lpad('open', 7)}${lpad('RSS MB', 8)}${lpad('KB/stream', 11)}${lpad('heap MB', 9)}${lpad('fds', 7)}${lpad('opened in', 11)}`,
    );
    for (const result of summary.concurrency) {
      const label = result.target === 'b' ? '(b) bare undici proxy' : '(c) Xionimus';
      lines.push(
        `${pad(label, 38)}${lpad('0', 8)}${lpad('0', 7)}${lpad((result.baselineRssKb / 1024).toFixed(1), 8)}${lpad('', 11)}${lpad((result.baselineHeapUsedKb / 1024).toFixed(1), 9)}`,
      );
      for (const checkpoint of result.checkpoints) {
        lines.push(
          `${pad('', 38)}${lpad(String(checkpoint.streams), 8)}${lpad(String(checkpoint.open), 7)}${lpad((checkpoint.rssKb / 1024).toFixed(1), 8)}` +
            `${lpad(checkpoint.kbPerStream.toFixed(1), 11)}${lpad((checkpoint.heapUsedKb / 1024).toFixed(1), 9)}${lpad(String(checkpoint.openFiles), 7)}${lpad(`${checkpoint.secondsToOpen} s`, 11)}`,
        );
      }
      if (result.failed || result.stoppedBecause) {
        lines.push(`${pad('', 38)}failed ${result.failed}${result.firstError ? ` (${result.firstError})` : ''}${result.stoppedBecause ? `; stopped: ${result.stoppedBecause}` : ''}`);
      }
    }
    lines.push('  target for Xionimus: 5000 streams at under 60 KB each', '');
  }

  if (summary.profile) {
    lines.push(`CPU profile of Xionimus over its throughput window (${summary.profile.file})`);
    lines.push(...summary.profile.lines, '');
  }
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  killAll();
  process.exit(1);
});
