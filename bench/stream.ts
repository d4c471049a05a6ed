// `npm run bench:stream` — what Xionimus adds to a streamed answer, against the floor.
//
// One run measures, over loopback, against a fake OpenAI server streaming 200 chunks:
//   (a) the fake server directly,
//   (b) a bare pass-through proxy on `undici.request` (the floor any gateway can reach),
//   (c) Xionimus started from its real entry with auth, routing and persistence (SQLite) on,
// in three phases: time to first token (sequential requests), completed streams per second
// (N connections), and concurrent slow streams held by one process with its RSS per stream.
// The server under test runs on CPU 0; this load generator (and the fake, except while it is the
// server under test) on CPU 1. The first two phases take turns between the targets over several
// rounds, each round starting with the next target, so that a slow patch of a shared machine
// (other load, a hypervisor pausing vCPUs) and the place in the order hit them all alike; figures
// are the median over rounds. It prints a table and writes a JSON summary
// to bench/results/; it asserts nothing about time.
//
// Options (after `npm run bench:stream --`):
//   --quick                 one round, short windows, 1000 slow streams (a smoke run)
//   --rounds=<n>            rounds of the TTFT and throughput phases (default 3)
//   --ttft=<s>              time-to-first-token window per target and round (default 1)
//   --ttft-gap-ms=<ms>      TTFT: the fake sends the first token at once, the rest this much later (default 5)
//   --duration=<s>          throughput window per target and round (default 2)
//   --connections=<n>       throughput connections (default 64)
//   --streams=<k,k,...>     slow-stream checkpoints (default 1000,2000,5000)
//   --slow-chunk-ms=<ms>    delay between chunks of a slow stream (default 1000)
//   --slow-seconds=<s>      most time to open the slow streams of one target (default 60)
//   --fetch=<v,v,...>       global fetch inside Xionimus for the TTFT and throughput phases: global,
//                           undici-request, undici-fetch (default global). The provider adapters no
//                           longer use it for the configured endpoint: providers/provider-fetch.ts
//   --server=src|dist       run server/src through tsx (default) or the compiled server/dist
//   --against=<dir>         also measure (c0): Xionimus from another checkout's server/dist (say a
//                           `git worktree` of the last commit, built), taking turns with (c) in the
//                           TTFT and throughput phases: an A/B of two builds on the same machine state
//   --cpu-prof              CPU profile of Xionimus (first fetch variant) over its throughput windows
//   --cpu-prof-slow         CPU profile of Xionimus while it opens and holds the slow streams
//   --heap-snapshot         heap snapshots of Xionimus before and after opening the slow streams
//   --skip=a,b,p,c,slow     leave parts out ((p): the proxy that also parses each event, PARSE=1)
// Environment: FAKE_CHUNKS (default 200) changes the length of the answer; BENCH_NO_PIN=1 turns
// pinning off.
/* eslint-disable security/detect-non-literal-fs-filename -- the benchmark's own files: /proc files, the results folder and a temporary folder of its own */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { Pool, type Dispatcher } from 'undici';
import type { ChildMessage, ChildStats, ParentMessage } from './ipc.js';
import { growthLines, heapCensus, heapGrowth, type HeapGrowth } from './heap-summary.js';
import { summarizeProfile, type ProfileSummary } from './profile-summary.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH_DIR);
const RESULTS_DIR = join(BENCH_DIR, 'results');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const CHUNKS = Number(process.env.FAKE_CHUNKS ?? 200);

// ---- options ------------------------------------------------------------------------------------

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [name, value] = arg.replace(/^--/, '').split('=');
    return [name!, value ?? 'true'] as const;
  }),
);
const quick = args.has('quick');
const numberList = (value: string) =>
  value
    .split(',')
    .map(Number)
    .filter((n) => Number.isFinite(n) && n > 0);
const options = {
  quick,
  rounds: Math.max(1, Number(args.get('rounds') ?? (quick ? 1 : 3))),
  ttftSeconds: Number(args.get('ttft') ?? 1),
  ttftGapMs: Number(args.get('ttft-gap-ms') ?? 5),
  durationSeconds: Number(args.get('duration') ?? 2),
  warmupSeconds: 0.5,
  connections: Number(args.get('connections') ?? 64),
  streams: numberList(args.get('streams') ?? (quick ? '1000' : '1000,2000,5000')).sort((x, y) => x - y),
  slowChunkMs: Number(args.get('slow-chunk-ms') ?? 1000),
  slowSeconds: Number(args.get('slow-seconds') ?? 60),
  fetchVariants: (args.get('fetch') ?? 'global').split(',').filter(Boolean),
  server: args.get('server') === 'dist' ? 'dist' : 'src',
  against: args.get('against'),
  cpuProf: args.has('cpu-prof'),
  cpuProfSlow: args.has('cpu-prof-slow'),
  heapSnapshot: args.has('heap-snapshot'),
  skip: new Set((args.get('skip') ?? '').split(',').filter(Boolean)),
  turnsPerSession: 4,
  users: 4,
};

// ---- processes ----------------------------------------------------------------------------------

const hasTaskset = !process.env.BENCH_NO_PIN && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
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
  const nodeArgs = ['--import', 'tsx', '--expose-gc', ...execArgv, join(BENCH_DIR, script)];
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
      // A heap snapshot of Xionimus (~100 MB of heap) takes longer than anything else asked.
      const patience = message.type === 'heap-snapshot' ? 600_000 : 30_000;
      const timer = setTimeout(() => reject(new Error(`${name} did not answer ${message.type}`)), patience);
      // A child that exits (as asked to) may not get its answer out: nothing to wait for then.
      timer.unref();
      void exited.then(() => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve({ type: 'ok' });
      });
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
      await Promise.race([call({ type: 'exit' }).catch(() => undefined), deadline(3000)]);
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
/** A bound for Promise.race that does not keep the process alive once the race is over. */
const deadline = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * How much of each CPU a busy process really gets: a busy loop pinned to each CPU counts the
 * time it did not run (gaps over 1 ms between two clock reads). On a quiet machine ~100%.
 */
async function cpuAvailability(seconds = 1): Promise<number[]> {
  const code = `const end = performance.now() + ${seconds * 1000}; let last = performance.now(); let lost = 0;
    for (let now = last; now < end; now = performance.now()) { if (now - last > 1) lost += now - last; last = now; }
    console.log(Math.round(100 - (100 * lost) / ${seconds * 1000}));`;
  const cores = [...new Set([SERVER_CPU, LOAD_CPU])];
  return Promise.all(
    cores.map(
      (cpu) =>
        new Promise<number>((resolve) => {
          const args = ['-e', code];
          const child = hasTaskset
            ? spawn('taskset', ['-c', String(cpu), process.execPath, ...args])
            : spawn(process.execPath, args);
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
          child.once('exit', () => resolve(Number(out.trim())));
        }),
    ),
  );
}

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

interface TtftSamples {
  ttft: number[];
  headers: number[];
  total: number[];
  errors: number;
  firstError?: string;
}

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
async function ttftRound(target: Target, fake: Child, samples: TtftSamples): Promise<void> {
  await fake.call({ type: 'mode', chunkDelayMs: 0, headGapMs: options.ttftGapMs });
  const pool = new Pool(target.url, { connections: 1, pipelining: 1, keepAliveTimeout: 30_000 });
  try {
    await target.prepare?.(Math.round(options.ttftSeconds * 1000) + 200);
    const warmupEnd = performance.now() + 250;
    while (performance.now() < warmupEnd) await openStream(pool, await target.next(0), target.protocol).result;
    const end = performance.now() + options.ttftSeconds * 1000;
    while (performance.now() < end) {
      const result = await openStream(pool, await target.next(0), target.protocol).result;
      if (!result.ok) {
        samples.errors++;
        samples.firstError ??= result.error;
        if (samples.errors > 20 && samples.ttft.length === 0) break;
        continue;
      }
      samples.ttft.push(result.ttftMs);
      samples.headers.push(result.headersMs);
      samples.total.push(result.totalMs);
    }
  } finally {
    await pool.close();
    await fake.call({ type: 'mode', chunkDelayMs: 0 });
  }
}

interface ThroughputRound {
  streamsPerSecond: number;
  errors: number;
  /** CPU used during the window in % of one core: the server under test, and load generator + fake. */
  serverCpuPercent: number;
  loadCpuPercent: number;
  /** Server CPU time per completed stream (as the guest accounts it). */
  serverCpuMsPerStream: number;
}

interface ThroughputResult {
  target: string;
  connections: number;
  secondsPerRound: number;
  rounds: ThroughputRound[];
  /** Median over rounds, and the slowest and fastest round. */
  streamsPerSecond: number;
  minStreamsPerSecond: number;
  maxStreamsPerSecond: number;
  serverCpuMsPerStream: number;
  ttftMs: Distribution;
  errors: number;
  firstError?: string;
  serverRssKbAfter: number;
}

interface WindowHooks {
  opened?: () => Promise<unknown>;
  closed?: () => Promise<unknown>;
}

/** Completed streams per second over `connections` keep-alive connections, after a warm-up. */
async function throughputRound(
  target: Target,
  fake: Child,
  ttft: number[],
  hooks: WindowHooks = {},
): Promise<ThroughputRound & { firstError?: string }> {
  const connections = options.connections;
  const pool = new Pool(target.url, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  let measuring = false;
  let stop = false;
  let warmedUp = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | undefined;
  let windowEnd = 0;
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
        if (ttft.length < 500_000) ttft.push(result.ttftMs);
      } else {
        errors++;
        firstError ??= result.error;
      }
    }
  };
  const startWorkers = () => Array.from({ length: connections }, (_, index) => worker(index));
  const windowMs = options.durationSeconds * 1000;
  let serverCpuMs = Number.NaN;
  let loadCpuMs = Number.NaN;
  try {
    let workers = startWorkers();
    await sleep(options.warmupSeconds * 1000);
    if (target.prepare) {
      // Xionimus: the sessions for the window are made now, at the warm-up's rate and then half.
      stop = true;
      await Promise.all(workers);
      await target.prepare(
        Math.ceil((warmedUp / options.warmupSeconds) * options.durationSeconds * 1.5) + connections * 4,
      );
      stop = false;
      workers = startWorkers();
      await sleep(250);
    }
    await hooks.opened?.();
    const loadPids = target.pid === fake.pid ? [process.pid] : [process.pid, fake.pid];
    const loadCpu = () => loadPids.reduce((sum, pid) => sum + cpuMs(pid), 0);
    const before = { server: cpuMs(target.pid), load: loadCpu() };
    windowEnd = performance.now() + windowMs;
    measuring = true;
    await sleep(windowMs);
    serverCpuMs = cpuMs(target.pid) - before.server;
    loadCpuMs = loadCpu() - before.load;
    await hooks.closed?.();
    stop = true;
    await Promise.race([Promise.all(workers), deadline(30_000)]);
  } finally {
    await pool.destroy();
  }
  return {
    streamsPerSecond: Math.round(completed / options.durationSeconds),
    errors,
    serverCpuPercent: Math.round((100 * serverCpuMs) / windowMs),
    loadCpuPercent: Math.round((100 * loadCpuMs) / windowMs),
    serverCpuMsPerStream: Math.round((serverCpuMs / Math.max(1, completed)) * 1000) / 1000,
    ...(firstError ? { firstError } : {}),
  };
}

const median = (values: number[]) => {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((x, y) => x - y);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface Checkpoint {
  streams: number;
  open: number;
  rssKb: number;
  kbPerStream: number;
  /** JS heap in use after a full GC, and its growth per open stream. */
  heapUsedKb: number;
  heapKbPerStream: number;
  /** Where the rest of the RSS is: the heap V8 keeps committed, and memory outside it (buffers). */
  heapTotalKb: number;
  externalKb: number;
  openFiles: number;
  secondsToOpen: number;
}

interface ConcurrencyResult {
  target: string;
  slowChunkMs: number;
  baselineRssKb: number;
  baselineHeapUsedKb: number;
  checkpoints: Checkpoint[];
  heapGrowth?: HeapGrowth[];
  reached: number;
  failed: number;
  firstError?: string;
  stoppedBecause?: string;
}

/** Opens slow streams up to each checkpoint and samples the server's memory once they all flow. */
async function measureConcurrency(
  target: Target,
  server: Child,
  fake: Child,
  hooks: WindowHooks = {},
): Promise<ConcurrencyResult> {
  const most = Math.max(...options.streams);
  const pool = new Pool(target.url, { connections: most + 100, pipelining: 1, keepAliveTimeout: 120_000 });
  const streams: OpenStream[] = [];
  let alive = 0;
  let failed = 0;
  let firstError: string | undefined;
  let stoppedBecause: string | undefined;
  const checkpoints: Checkpoint[] = [];
  try {
    // Warm up with ordinary streams, so that allocations made once (code, caches, pools) are not
    // counted per stream.
    await target.prepare?.(50 * options.turnsPerSession);
    await Promise.all(
      Array.from({ length: 16 }, async (_, index) => {
        for (let turn = 0; turn < 10; turn++) await openStream(pool, await target.next(index), target.protocol).result;
      }),
    );
    await fake.call({ type: 'mode', chunkDelayMs: options.slowChunkMs });
    await sleep(1000);
    const baselineRssKb = rssKb(server.pid);
    let memory: NodeJS.MemoryUsage | undefined;
    const liveHeapKb = async () => {
      await server.call({ type: 'gc' });
      memory = (await server.stats()).memory;
      return Math.round(memory.heapUsed / 1024);
    };
    const baselineHeapUsedKb = await liveHeapKb();
    const snapshots = options.heapSnapshot && target.key === 'c';
    const snapshotFile = (name: string) => join(RESULTS_DIR, `xionimus-${stamp}-${name}.heapsnapshot`);
    if (snapshots) await server.call({ type: 'heap-snapshot', file: snapshotFile('before') });
    await hooks.opened?.();
    // Only the time spent opening streams counts (and is limited), not making their sessions.
    let openingMs = 0;
    let worker = 100;
    // At most 64 streams being set up at once: the server sets each up before it flows.
    let pending = 0;
    const waiters: Array<() => void> = [];
    for (const checkpoint of options.streams) {
      const batch: Array<Promise<unknown>> = [];
      // Every slow stream has a session of its own, made before the stretch is opened.
      await target.prepare?.((checkpoint - streams.length) * options.turnsPerSession);
      const began = performance.now() - openingMs;
      const before = streams.length;
      while (streams.length < checkpoint && !stoppedBecause) {
        while (pending >= 64) await new Promise<void>((resolve) => waiters.push(resolve));
        if (performance.now() - began > options.slowSeconds * 1000) {
          stoppedBecause = `time limit: ${options.slowSeconds} s to open the streams`;
          break;
        }
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
      if (streams.length === before) break;
      await Promise.race([Promise.all(batch), deadline(30_000)]);
      openingMs = performance.now() - began;
      const secondsToOpen = Math.round(openingMs / 100) / 10;
      await sleep(1000);
      const rss = rssKb(server.pid);
      const heap = await liveHeapKb();
      const perStream = (kb: number) => Math.round((kb / Math.max(1, alive)) * 10) / 10;
      checkpoints.push({
        streams: checkpoint,
        open: alive,
        rssKb: rss,
        kbPerStream: perStream(rss - baselineRssKb),
        heapUsedKb: heap,
        heapKbPerStream: perStream(heap - baselineHeapUsedKb),
        heapTotalKb: Math.round((memory?.heapTotal ?? 0) / 1024),
        externalKb: Math.round((memory?.external ?? 0) / 1024),
        openFiles: openFiles(server.pid),
        secondsToOpen,
      });
      if (stoppedBecause) break;
    }
    await hooks.closed?.();
    let heapGrowthPerStream: HeapGrowth[] | undefined;
    if (snapshots) {
      await server.call({ type: 'heap-snapshot', file: snapshotFile('after') });
      heapGrowthPerStream = heapGrowth(heapCensus(snapshotFile('before')), heapCensus(snapshotFile('after')), alive);
    }
    return {
      target: target.key,
      slowChunkMs: options.slowChunkMs,
      baselineRssKb,
      baselineHeapUsedKb,
      checkpoints,
      ...(heapGrowthPerStream ? { heapGrowth: heapGrowthPerStream } : {}),
      reached: checkpoints.at(-1)?.open ?? 0,
      failed,
      ...(firstError ? { firstError } : {}),
      ...(stoppedBecause ? { stoppedBecause } : {}),
    };
  } finally {
    for (const stream of streams) stream.abort();
    await Promise.race([Promise.all(streams.map((stream) => stream.result)), deadline(10_000)]);
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
// The provider does not use the global fetch (providers/provider-fetch.ts): the variant is named
// only when the run compares several.
const xionimusLabel = (variant: string) =>
  options.fetchVariants.length > 1 ? `(c) Xionimus, ${FETCH_LABEL[variant] ?? variant}` : '(c) Xionimus';

interface Contender {
  target: Target;
  /** The fake itself is the server under test: it moves to the server's CPU while measured. */
  isFake?: boolean;
  hooks?: WindowHooks;
}

async function main() {
  const started = Date.now();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const temp = mkdtempSync(join(os.tmpdir(), 'xionimus-bench-'));
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  const limit = fileLimit();
  // The load generator holds one socket per stream; each server holds two.
  const fileBudget = Math.floor((limit - 200) / 2);
  if (Number.isFinite(limit) && Math.max(...options.streams) > fileBudget) {
    log(`ulimit -n is ${limit}: slow streams are capped at ${fileBudget}`);
    options.streams = options.streams.map((count) => Math.min(count, fileBudget));
  }
  const availability = await cpuAvailability();
  log(`CPU a busy process really gets: ${availability.map((share, index) => `CPU ${index} ${share}%`).join(', ')}`);
  if (hasTaskset) pin(process.pid, LOAD_CPU);

  const labels: Record<string, string> = {};
  const ttftSamples = new Map<string, TtftSamples>();
  const rounds = new Map<string, Array<ThroughputRound & { firstError?: string }>>();
  const ttftUnderLoad = new Map<string, number[]>();
  const rssAfter = new Map<string, number>();
  const concurrency: ConcurrencyResult[] = [];
  let profile: ProfileSummary | undefined;
  let slowProfile: ProfileSummary | undefined;
  const stoppers: Array<() => Promise<void>> = [];

  const fake = await startChild('fake', 'fake-openai.ts', { cpu: LOAD_CPU });
  try {
    log(`fake OpenAI on :${fake.port} (pid ${fake.pid}), ${CHUNKS} chunks per answer`);
    const contenders: Contender[] = [];
    if (!options.skip.has('a')) contenders.push({ target: openAiTarget('a', '(a) fake direct', fake), isFake: true });
    const upstream = { UPSTREAM: fake.url };
    if (!options.skip.has('b')) {
      const proxy = await startChild('proxy', 'bare-proxy.ts', { cpu: SERVER_CPU, env: upstream });
      stoppers.push(() => proxy.stop());
      log(`bare undici proxy on :${proxy.port} (pid ${proxy.pid})`);
      contenders.push({ target: openAiTarget('b', '(b) bare undici proxy', proxy) });
    }
    if (!options.skip.has('p')) {
      const parsing = await startChild('proxy', 'bare-proxy.ts', { cpu: SERVER_CPU, env: { ...upstream, PARSE: '1' } });
      stoppers.push(() => parsing.stop());
      log(`parsing undici proxy on :${parsing.port} (pid ${parsing.pid})`);
      contenders.push({ target: openAiTarget('p', '(p) proxy, parsing each event', parsing) });
    }
    let profileFile: string | undefined;
    if (!options.skip.has('c')) {
      for (const [index, variant] of options.fetchVariants.entries()) {
        const server = await startChild('xionimus', 'xionimus-server.ts', {
          cpu: SERVER_CPU,
          env: xionimusEnv(fake.port, mkdtempSync(join(temp, `c-${variant}-`)), variant),
        });
        stoppers.push(() => server.stop());
        const label = xionimusLabel(variant);
        log(`${label} (${options.server}) on :${server.port} (pid ${server.pid})`);
        const target = await xionimusTarget(index === 0 ? 'c' : `c:${variant}`, label, server);
        const contender: Contender = { target };
        if (options.cpuProf && index === 0) {
          // One profile over all of its throughput windows (idle time in between is left out).
          profileFile = join(RESULTS_DIR, `xionimus-${stamp}.cpuprofile`);
          let windows = 0;
          contender.hooks = {
            opened: () => (windows === 0 ? server.call({ type: 'profile-start' }) : Promise.resolve()),
            closed: () =>
              ++windows === options.rounds
                ? server.call({ type: 'profile-stop', file: profileFile! })
                : Promise.resolve(),
          };
        }
        contenders.push(contender);
      }
      if (options.against) {
        const server = await startChild('xionimus', 'xionimus-server.ts', {
          cpu: SERVER_CPU,
          env: { ...xionimusEnv(fake.port, mkdtempSync(join(temp, 'c0-')), 'global'), BENCH_ROOT: options.against },
        });
        stoppers.push(() => server.stop());
        const label = `(c0) Xionimus at ${options.against}`;
        log(`${label} on :${server.port} (pid ${server.pid})`);
        contenders.push({ target: await xionimusTarget('c0', label, server) });
      }
    }
    for (const { target } of contenders) labels[target.key] = target.label;

    const measured = async (contender: Contender, measure: () => Promise<void>) => {
      if (contender.isFake) pin(fake.pid, SERVER_CPU);
      try {
        await measure();
      } finally {
        if (contender.isFake) pin(fake.pid, LOAD_CPU);
      }
    };
    // Each round starts with the next contender: in a fixed order, the build measured right after
    // (b) came out 6–18 % slower per stream than the same build measured after it (A/A and swapped
    // A/B runs with --against on one machine).
    const inTurn = (round: number) => {
      const first = (round - 1) % contenders.length;
      return [...contenders.slice(first), ...contenders.slice(0, first)];
    };
    for (let round = 1; round <= options.rounds; round++) {
      log(`time to first token, round ${round} of ${options.rounds}`);
      for (const contender of inTurn(round)) {
        const key = contender.target.key;
        if (!ttftSamples.has(key)) ttftSamples.set(key, { ttft: [], headers: [], total: [], errors: 0 });
        await measured(contender, () => ttftRound(contender.target, fake, ttftSamples.get(key)!));
      }
    }
    for (let round = 1; round <= options.rounds; round++) {
      log(`throughput, round ${round} of ${options.rounds}`);
      for (const contender of inTurn(round)) {
        const key = contender.target.key;
        if (!ttftUnderLoad.has(key)) ttftUnderLoad.set(key, []);
        await measured(contender, async () => {
          const result = await throughputRound(contender.target, fake, ttftUnderLoad.get(key)!, contender.hooks);
          rounds.set(key, [...(rounds.get(key) ?? []), result]);
          rssAfter.set(key, rssKb(contender.target.pid));
        });
      }
    }
    while (stoppers.length) await stoppers.pop()!();
    if (profileFile)
      profile = summarizeProfile(JSON.parse(readFileSync(profileFile, 'utf8')), relative(ROOT, profileFile));

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
        const variant = options.fetchVariants[0] ?? 'global';
        const server = await startChild('xionimus', 'xionimus-server.ts', {
          cpu: SERVER_CPU,
          env: xionimusEnv(fake.port, mkdtempSync(join(temp, 'c-slow-')), variant),
        });
        const slowProfileFile = join(RESULTS_DIR, `xionimus-${stamp}-slow.cpuprofile`);
        try {
          log(`${xionimusLabel(variant)}: up to ${Math.max(...options.streams)} slow streams`);
          const target = await xionimusTarget('c', '(c)', server);
          const hooks: WindowHooks = options.cpuProfSlow
            ? {
                opened: () => server.call({ type: 'profile-start' }),
                closed: () => server.call({ type: 'profile-stop', file: slowProfileFile }),
              }
            : {};
          concurrency.push(await measureConcurrency(target, server, fake, hooks));
        } finally {
          await server.stop();
        }
        if (options.cpuProfSlow) {
          slowProfile = summarizeProfile(
            JSON.parse(readFileSync(slowProfileFile, 'utf8')),
            relative(ROOT, slowProfileFile),
          );
        }
      }
    }
  } finally {
    while (stoppers.length) await stoppers.pop()!().catch(() => undefined);
    await fake.stop();
    rmSync(temp, { recursive: true, force: true });
  }

  const ttft: TtftResult[] = [...ttftSamples].map(([target, samples]) => ({
    target,
    ttftMs: distribution(samples.ttft),
    headersMs: distribution(samples.headers),
    totalMs: distribution(samples.total),
    errors: samples.errors,
    ...(samples.firstError ? { firstError: samples.firstError } : {}),
  }));
  const throughput: ThroughputResult[] = [...rounds].map(([target, results]) => {
    const rates = results.map((result) => result.streamsPerSecond);
    const firstError = results.find((result) => result.firstError)?.firstError;
    return {
      target,
      connections: options.connections,
      secondsPerRound: options.durationSeconds,
      rounds: results.map(({ firstError: _, ...result }) => result),
      streamsPerSecond: Math.round(median(rates)),
      minStreamsPerSecond: Math.min(...rates),
      maxStreamsPerSecond: Math.max(...rates),
      serverCpuMsPerStream: Math.round(median(results.map((result) => result.serverCpuMsPerStream)) * 1000) / 1000,
      ttftMs: distribution(ttftUnderLoad.get(target) ?? []),
      errors: results.reduce((sum, result) => sum + result.errors, 0),
      ...(firstError ? { firstError } : {}),
      serverRssKbAfter: rssAfter.get(target) ?? Number.NaN,
    };
  });
  // Ratios round by round (the host's slow patches hit both sides of a round alike), then the median.
  const ratio = (over: string, under: string) => {
    const top = rounds.get(over);
    const bottom = rounds.get(under);
    if (!top || !bottom) return undefined;
    return (
      Math.round(
        median(top.map((result, index) => result.streamsPerSecond / bottom[index]!.streamsPerSecond)) * 10_000,
      ) / 10_000
    );
  };
  // The same per CPU time of the server: less sensitive to other load on the machine.
  const costRatio = (over: string, under: string) => {
    const top = rounds.get(over);
    const bottom = rounds.get(under);
    if (!top || !bottom) return undefined;
    return (
      Math.round(
        median(top.map((result, index) => bottom[index]!.serverCpuMsPerStream / result.serverCpuMsPerStream)) * 10_000,
      ) / 10_000
    );
  };
  const ratios: Record<string, number> = {};
  for (const { target } of throughput) {
    for (const base of ['a', 'b']) {
      const value = target === base ? undefined : ratio(target, base);
      if (value !== undefined) ratios[`${target}/${base}`] = value;
    }
    const perCpu = target === 'b' ? undefined : costRatio(target, 'b');
    if (perCpu !== undefined) ratios[`${target}/b per CPU`] = perCpu;
  }

  const summary: Summary = {
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      cpu: os.cpus()[0]?.model,
      cpus,
      memoryMb: Math.round(os.totalmem() / 2 ** 20),
      pinned: hasTaskset ? { server: SERVER_CPU, load: LOAD_CPU } : null,
      cpuAvailabilityPercent: availability,
      openFilesLimit: limit,
    },
    options: { ...options, skip: [...options.skip] },
    chunks: CHUNKS,
    labels,
    ttft,
    throughput,
    ratios,
    concurrency,
    ...(profile ? { profile } : {}),
    ...(slowProfile ? { slowProfile } : {}),
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  const file = join(RESULTS_DIR, `stream-${stamp}.json`);
  // Formatted as the repository's Prettier wants it, so `npm run lint` stays clean if it is kept.
  const json = JSON.stringify(summary, null, 2);
  const formatted = await format(json, { ...(await resolveConfig(file)), parser: 'json' }).catch(() => `${json}\n`);
  writeFileSync(file, formatted);
  console.log(`\n${report(summary)}\nwritten ${relative(ROOT, file)} in ${summary.seconds} s`);
}

// ---- report -------------------------------------------------------------------------------------

interface Summary {
  date: string;
  machine: {
    node: string;
    cpu?: string;
    cpus: number;
    memoryMb: number;
    pinned: object | null;
    cpuAvailabilityPercent: number[];
    openFilesLimit: number;
  };
  options: Omit<typeof options, 'skip'> & { skip: string[] };
  chunks: number;
  labels: Record<string, string>;
  ttft: TtftResult[];
  throughput: ThroughputResult[];
  ratios: Record<string, number>;
  concurrency: ConcurrencyResult[];
  profile?: ProfileSummary;
  slowProfile?: ProfileSummary;
  seconds: number;
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '—');
const signed = (value: number) => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(2)}` : '—');
const percent = (value: number | undefined) => (value === undefined ? '' : `${(100 * value).toFixed(1)}%`);
const row = (label: string, cells: Array<[string, number]>) =>
  `${label.padEnd(36)}${cells.map(([text, width]) => text.padStart(width)).join('')}`;

function report(summary: Summary): string {
  const { machine, labels, options: used } = summary;
  const lines: string[] = [
    `Streaming benchmark: fake OpenAI answer of ${summary.chunks} chunks over loopback; ${machine.node}, ${machine.cpus} × ${machine.cpu ?? 'CPU'}`,
    machine.pinned
      ? `server under test pinned to CPU ${SERVER_CPU}, load generator and fake to CPU ${LOAD_CPU}`
      : 'no taskset: processes are not pinned',
    `CPU a busy process really gets: ${machine.cpuAvailabilityPercent.map((share, index) => `CPU ${index} ${share}%`).join(', ')}` +
      (Math.min(...machine.cpuAvailabilityPercent) < 80
        ? ' — the machine is busy (other load or the hypervisor): streams/s and latencies are noisy; compare ratios'
        : ''),
    '',
  ];

  const a = summary.ttft.find((result) => result.target === 'a');
  if (summary.ttft.length) {
    lines.push(
      `Time to first token: sequential requests on one connection, ${used.rounds} × ${used.ttftSeconds} s per target; the fake sends`,
      `the first token at once and the other ${summary.chunks - 1} ${used.ttftGapMs} ms later. Milliseconds.`,
      row('', [
        ['n', 7],
        ['p50', 8],
        ['p99', 8],
        ['added p50', 11],
        ['added p99', 11],
        ['headers p50', 13],
        ['end p50', 9],
      ]),
    );
    for (const result of summary.ttft) {
      const added = a && result !== a;
      lines.push(
        row(labels[result.target] ?? result.target, [
          [String(result.ttftMs.n), 7],
          [ms(result.ttftMs.p50), 8],
          [ms(result.ttftMs.p99), 8],
          [added ? signed(result.ttftMs.p50 - a.ttftMs.p50) : '', 11],
          [added ? signed(result.ttftMs.p99 - a.ttftMs.p99) : '', 11],
          [ms(result.headersMs.p50), 13],
          [ms(result.totalMs.p50), 9],
        ]) + (result.errors ? `  errors ${result.errors}: ${result.firstError}` : ''),
      );
    }
    lines.push('  added: over (a). Target for Xionimus: added p50 < 2 ms, added p99 < 10 ms', '');
  }

  if (summary.throughput.length) {
    lines.push(
      `Completed streams per second: ${used.connections} connections, ${used.rounds} rounds × ${used.durationSeconds} s per target, median round`,
      row('', [
        ['streams/s', 10],
        ['rounds', 14],
        ['of (b)', 9],
        ['of (a)', 9],
        ['CPU ms/stream', 15],
        ['of (b)/CPU', 12],
        ['TTFT p50', 10],
        ['TTFT p99', 10],
        ['RSS MB', 8],
      ]),
    );
    for (const result of summary.throughput) {
      lines.push(
        row(labels[result.target] ?? result.target, [
          [String(result.streamsPerSecond), 10],
          [`${result.minStreamsPerSecond}–${result.maxStreamsPerSecond}`, 14],
          [result.target === 'b' ? '100%' : percent(summary.ratios[`${result.target}/b`]), 9],
          [result.target === 'a' ? '100%' : percent(summary.ratios[`${result.target}/a`]), 9],
          [result.serverCpuMsPerStream.toFixed(3), 15],
          [result.target === 'b' ? '100%' : percent(summary.ratios[`${result.target}/b per CPU`]), 12],
          [ms(result.ttftMs.p50), 10],
          [ms(result.ttftMs.p99), 10],
          [(result.serverRssKbAfter / 1024).toFixed(0), 8],
        ]) + (result.errors ? `  errors ${result.errors}: ${result.firstError}` : ''),
      );
    }
    lines.push(
      '  of (b), of (a): median of the per-round ratios of streams/s. CPU ms/stream: CPU time of the server process',
      '  per completed stream; of (b)/CPU: streams per CPU second against (b), the figure least moved by other load.',
      '  Target for Xionimus: at least 30% of (b)',
      '',
    );
  }

  if (summary.concurrency.length) {
    lines.push(
      `Concurrent slow streams (one chunk every ${used.slowChunkMs} ms, at most ${used.slowSeconds} s to open them), memory of the server process`,
      row('', [
        ['streams', 8],
        ['open', 7],
        ['RSS MB', 8],
        ['KB/stream', 11],
        ['live heap MB', 14],
        ['KB/stream', 11],
        ['fds', 7],
        ['opened in', 11],
      ]),
    );
    for (const result of summary.concurrency) {
      const label = result.target === 'b' ? '(b) bare undici proxy' : '(c) Xionimus';
      lines.push(
        row(label, [
          ['0', 8],
          ['0', 7],
          [(result.baselineRssKb / 1024).toFixed(1), 8],
          ['', 11],
          [(result.baselineHeapUsedKb / 1024).toFixed(1), 14],
        ]),
      );
      for (const checkpoint of result.checkpoints) {
        lines.push(
          row('', [
            [String(checkpoint.streams), 8],
            [String(checkpoint.open), 7],
            [(checkpoint.rssKb / 1024).toFixed(1), 8],
            [checkpoint.kbPerStream.toFixed(1), 11],
            [(checkpoint.heapUsedKb / 1024).toFixed(1), 14],
            [checkpoint.heapKbPerStream.toFixed(1), 11],
            [String(checkpoint.openFiles), 7],
            [`${checkpoint.secondsToOpen} s`, 11],
          ]),
        );
      }
      if (result.failed || result.stoppedBecause) {
        lines.push(
          `${''.padEnd(36)}failed ${result.failed}${result.firstError ? ` (${result.firstError})` : ''}` +
            (result.stoppedBecause ? `; stopped: ${result.stoppedBecause}` : ''),
        );
      }
    }
    for (const result of summary.concurrency) if (result.heapGrowth) lines.push(...growthLines(result.heapGrowth));
    lines.push(
      '  KB/stream: growth over the baseline / open streams (RSS; live heap after a forced full GC)',
      '  Target for Xionimus: 5000 streams at under 60 KB each',
      '',
    );
  }

  if (summary.profile) {
    lines.push(
      `CPU profile of Xionimus over its throughput windows (${summary.profile.file})`,
      ...summary.profile.lines,
      '',
    );
  }
  if (summary.slowProfile) {
    lines.push(
      `CPU profile of Xionimus opening and holding slow streams (${summary.slowProfile.file})`,
      ...summary.slowProfile.lines,
      '',
    );
  }
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  killAll();
  process.exit(1);
});
