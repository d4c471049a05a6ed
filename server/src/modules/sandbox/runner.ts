// Runs one confined process: feeds it stdin, streams its output through the capture, and ends
// it (the whole sandbox: bubblewrap's pid namespace dies with it) on the wall-clock timeout, on
// an output flood, or when the run is stopped.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { OutputCapture } from './output.js';

export type LimitHit = 'timeout' | 'memory' | 'output' | 'cpu';

export interface ProcessOutcome {
  exitCode: number | null;
  signal: string | null;
  limit: LimitHit | null;
  durationMs: number;
  /** The stop signal's reason, when the run was stopped. */
  stopped: boolean;
}

const FLUSH_MS = 50;
const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name]));
// What runtimes print when an allocation fails under RLIMIT_AS.
const OUT_OF_MEMORY =
  /MemoryError|out of memory|Cannot allocate memory|std::bad_alloc|heap out of memory|OutOfMemoryException|Array buffer allocation failed/i;

/**
 * bubblewrap exits with the program's code, or 128 + the signal that killed it. A program that
 * itself exits with 129..159 is read as killed by a signal: the two cannot be told apart.
 */
export function decodeExit(code: number | null, signal: NodeJS.Signals | null) {
  if (signal) return { exitCode: null, signal: signal as string };
  if (code !== null && code > 128 && code < 160) {
    const name = SIGNAL_NAMES.get(code - 128);
    if (name) return { exitCode: null, signal: name };
  }
  return { exitCode: code, signal: null };
}

export function limitOf(
  outcome: { exitCode: number | null; signal: string | null },
  stderr: string,
  flags: { timedOut: boolean; flooded: boolean },
): LimitHit | null {
  if (flags.timedOut) return 'timeout';
  if (flags.flooded) return 'output';
  if (outcome.signal === 'SIGXCPU') return 'cpu';
  if ((outcome.exitCode !== 0 || outcome.signal) && OUT_OF_MEMORY.test(stderr.slice(-4096))) return 'memory';
  return null;
}

export function runConfined(
  argv: readonly string[],
  options: { stdin?: string; timeoutMs: number; capture: OutputCapture; signal: AbortSignal },
): Promise<ProcessOutcome> {
  const started = performance.now();
  const child = spawn(argv[0]!, argv.slice(1), {
    env: { PATH: '/usr/local/bin:/usr/bin:/bin' },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let timedOut = false;
  let flooded = false;
  let stderrTail = '';
  const kill = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, options.timeoutMs);
  const flusher = setInterval(() => options.capture.flush(), FLUSH_MS);
  const onAbort = () => kill();
  options.signal.addEventListener('abort', onAbort, { once: true });
  const take = (stream: 'stdout' | 'stderr') => (data: Buffer) => {
    if (stream === 'stderr') stderrTail = (stderrTail + data.toString('utf8')).slice(-4096);
    options.capture.write(stream, data);
    if (options.capture.truncated && !flooded) {
      flooded = true;
      kill();
    }
  };
  child.stdout.on('data', take('stdout'));
  child.stderr.on('data', take('stderr'));
  // A program that does not read its stdin closes the pipe; that is not an error of the run.
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.stdin ?? '');

  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      clearInterval(flusher);
      options.signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(flusher);
      options.signal.removeEventListener('abort', onAbort);
      // The sandbox may leave a descendant holding no pipe; its namespace goes with bwrap, this is belt and braces.
      kill();
      const exit = decodeExit(code, signal);
      const stopped = options.signal.aborted && !timedOut && !flooded;
      resolve({
        ...exit,
        limit: stopped ? null : limitOf(exit, stderrTail, { timedOut, flooded }),
        durationMs: Math.round(performance.now() - started),
        stopped,
      });
    });
  });
}
