// Runs the static analysis of many files in parallel on a pool of worker threads (piscina), so a
// large review never blocks the event loop; small inputs in the CLI run inline, where starting
// threads would cost more than it saves.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { failedAnalysis, type FileAnalysis, type FileTask } from './file-analysis.js';
import type { TypecheckResult, TypecheckTask } from './typecheck.js';

export interface StaticAnalyzer {
  /** Analyses every file; `onFile` is called as each one finishes (in completion order). */
  analyze(
    tasks: readonly FileTask[],
    options?: { onFile?: (analysis: FileAnalysis) => void; signal?: AbortSignal },
  ): Promise<FileAnalysis[]>;
  typecheck(task: TypecheckTask, signal?: AbortSignal): Promise<TypecheckResult>;
  readonly threads: number;
  close(): Promise<void>;
}

export interface AnalyzerOptions {
  /** Worker threads; 0 runs everything inline on the calling thread. Default: CPUs, at most 4. */
  threads?: number;
  /** Inputs with fewer files and bytes than this run inline even with threads (CLI). */
  inlineBelow?: { files: number; bytes: number };
  /** How long an idle worker stays alive. */
  idleTimeoutMs?: number;
}

/** One per CPU, at most `max`: each worker holds its own ESLint and TypeScript (about 150 MB). */
export const defaultThreads = (max = 4) => Math.max(1, Math.min(max, availableParallelism()));

// From TypeScript sources (tests, tsx) the worker is a .ts file and needs tsx's loader too.
function workerEntry() {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url).href;
  const hasTsx = process.execArgv.some((arg) => arg.includes('tsx'));
  return { filename, execArgv: fromSource && !hasTsx ? [...process.execArgv, '--import', 'tsx'] : process.execArgv };
}

function throwIfAborted(signal?: AbortSignal) {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('review cancelled');
}

export function createStaticAnalyzer(options: AnalyzerOptions = {}): StaticAnalyzer {
  const threads = options.threads ?? defaultThreads();
  let pool: Piscina | undefined;
  const poolOf = () =>
    (pool ??= new Piscina({
      ...workerEntry(),
      maxThreads: threads,
      minThreads: 0,
      idleTimeout: options.idleTimeoutMs ?? 60_000,
    }));

  const inline = (tasks: readonly FileTask[]) =>
    threads === 0 ||
    (options.inlineBelow !== undefined &&
      tasks.length < options.inlineBelow.files &&
      tasks.reduce((sum, task) => sum + task.content.length, 0) < options.inlineBelow.bytes);

  return {
    threads,
    async analyze(tasks, { onFile, signal } = {}) {
      if (inline(tasks)) {
        // Loaded on first use: ESLint and TypeScript cost the process about 100 MB.
        const { analyzeFile } = await import('./analyze.js');
        const results: FileAnalysis[] = [];
        for (const task of tasks) {
          throwIfAborted(signal);
          const result = await analyzeFile(task);
          onFile?.(result);
          results.push(result);
          // Lets timers and I/O run between files.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        return results;
      }
      const workers = poolOf();
      return Promise.all(
        tasks.map(async (task) => {
          const result = await (workers.run(task, signal ? { signal } : {}) as Promise<FileAnalysis>).catch(
            (error: unknown) => {
              if (signal?.aborted) throw error;
              return failedAnalysis(task, error);
            },
          );
          onFile?.(result);
          return result;
        }),
      );
    },
    async typecheck(task, signal) {
      if (threads === 0) return (await import('./typecheck.js')).typecheck(task);
      return (await poolOf().run(task, signal ? { signal } : {})) as TypecheckResult;
    },
    async close() {
      await pool?.destroy();
      pool = undefined;
    },
  };
}
