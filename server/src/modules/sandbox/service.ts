// Sandboxed code execution: a run (code in one of the supported languages, optional stdin) is
// stored and queued; a worker on any instance compiles and runs it under bubblewrap with limits
// on time, memory, processes, files and output, and no network, publishing its output as run
// events for SSE clients, then stores the outcome with the output kept up to the cap. Without
// working isolation the sandbox refuses to run anything: code never runs unconfined.
import { randomUUID } from 'node:crypto';
import { chown, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { keysetPage } from '../../platform/http.js';
import type { Metrics } from '../../platform/monitoring/metrics.js';
import { breadcrumb } from '../../platform/monitoring/sentry.js';
import type { JobQueue } from '../../platform/queue.js';
import type { RunControl } from '../../platform/run-control.js';
import type { RunEvent, RunEventLog } from '../../platform/run-events.js';
import type { WorkspaceService } from '../workspace/service.js';
import { NOBODY, probeIsolation, sandboxArgv, systemRoot, type ResourceLimits } from './isolation.js';
import {
  LANGUAGE_IDS,
  detectToolchain,
  languageSpecs,
  type LanguageId,
  type LanguageSpec,
  type Toolchain,
} from './languages.js';
import { createOutputCapture } from './output.js';
import { runConfined, type ProcessOutcome } from './runner.js';
import type { SandboxRunRow, SandboxStore } from './store.js';

export const SANDBOX_INPUT_LIMITS = { codeBytes: 256 * 1024, stdinBytes: 64 * 1024 };
const MB = 1024 * 1024;
const EVENTS_POLL_MS = 200;
const STOP_WAIT_MS = 5000;
// Compilers get limits of their own: cc1plus and mcs need more room than most programs.
const COMPILE = { timeoutMs: 30_000, memoryMb: 1024 };
const FILES = { fileSizeBytes: 16 * MB, tmpfsBytes: 64 * MB, openFiles: 256, processes: 64 };

export interface SandboxSettings {
  enabled: boolean;
  /** The longest (and default) wall-clock time of a run. */
  timeoutSeconds: number;
  memoryMb: number;
  maxOutputBytes: number;
  concurrency: number;
}

export interface SandboxRunRequest {
  language: LanguageId;
  code: string;
  stdin?: string;
  timeoutSeconds?: number;
  filename?: string;
  workspaceId?: string;
}

export interface SandboxJob {
  runId: string;
}

export interface SandboxDeps {
  store: SandboxStore;
  queue: JobQueue<SandboxJob>;
  events: RunEventLog;
  runControl: Pick<RunControl, 'register' | 'unregister' | 'stop'>;
  metrics: Pick<Metrics, 'sandboxRuns' | 'sandboxRunDuration'>;
  workspaces?: Pick<WorkspaceService, 'files'>;
  settings: SandboxSettings;
  /** False with BullMQ: another instance may still be running what looks unfinished here. */
  inProcessQueue: boolean;
  log: FastifyBaseLogger;
}

interface Environment {
  /** Why code cannot run here; undefined when isolation works. */
  unavailable: string | undefined;
  root: string[];
  asRoot: boolean;
  specs: Record<LanguageId, LanguageSpec>;
  toolchains: Record<LanguageId, Toolchain>;
}

export const toSandboxRunView = (row: SandboxRunRow) => ({
  id: row.id,
  language: row.language,
  filename: row.filename,
  workspaceId: row.workspace_id,
  status: row.status,
  exitCode: row.exit_code,
  signal: row.signal,
  limit: row.limit_hit,
  stdout: row.stdout,
  stderr: row.stderr,
  outputTruncated: row.output_truncated === 1,
  durationMs: row.duration_ms,
  error: row.error_code ? { code: row.error_code, detail: row.error_detail ?? '' } : null,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
});

const exitData = (row: SandboxRunRow) => ({
  status: row.status,
  exitCode: row.exit_code,
  signal: row.signal,
  durationMs: row.duration_ms,
  limit: row.limit_hit,
  outputTruncated: row.output_truncated === 1,
});

const outcomeLabel = (status: SandboxRunRow['status'], outcome?: ProcessOutcome) =>
  status !== 'complete' ? status : (outcome?.limit ?? (outcome?.exitCode === 0 ? 'ok' : 'error'));

export function createSandboxService(deps: SandboxDeps) {
  const { store, queue, events, settings, log } = deps;
  let environment: Promise<Environment> | undefined;
  let started = false;

  async function detect(): Promise<Environment> {
    const root = systemRoot();
    const asRoot = process.getuid?.() === 0;
    const specs = languageSpecs();
    const [unavailable, ...found] = await Promise.all([
      settings.enabled
        ? probeIsolation(root, asRoot)
        : Promise.resolve('the sandbox is turned off (SANDBOX_ENABLED=false)'),
      ...LANGUAGE_IDS.map((id) => detectToolchain(specs[id])),
    ]);
    const toolchains = Object.fromEntries(LANGUAGE_IDS.map((id, index) => [id, found[index]!])) as Record<
      LanguageId,
      Toolchain
    >;
    if (unavailable) log.warn({ reason: unavailable }, 'the code sandbox is unavailable');
    return { unavailable, root, asRoot, specs, toolchains };
  }

  const environmentOf = () => (environment ??= detect());

  async function runOf(userId: string, id: string) {
    const run = await store.find(userId, id);
    if (!run) throw new AppError('sandbox_run_not_found', 404, `no sandbox run ${id}`);
    return run;
  }

  async function usable(language: LanguageId) {
    const env = await environmentOf();
    if (env.unavailable)
      throw new AppError('sandbox_unavailable', 503, `code cannot run here: ${env.unavailable}`, { internal: false });
    const spec = env.specs[language];
    if (!env.toolchains[language].available)
      throw new AppError(
        'sandbox_language_unavailable',
        422,
        `${spec.label} is not installed on this server; install ${spec.install}`,
        { extra: { language } },
      );
    return { env, spec };
  }

  /** The run directory: the source (and for TypeScript, the JavaScript it became), owned by who runs it. */
  async function prepare(env: Environment, spec: LanguageSpec, run: SandboxRunRow) {
    const dir = await mkdtemp(join(tmpdir(), 'xionimus-sandbox-'));
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- our own temporary folder; the file name is validated (no slashes)
    await writeFile(join(dir, run.filename), run.code);
    let filename = run.filename;
    let compileErrors = '';
    if (spec.transpile) {
      const result = spec.transpile(run.code, run.filename);
      filename = result.filename;
      compileErrors = result.errors;
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- our own temporary folder; the file name is validated (no slashes)
      if (!compileErrors) await writeFile(join(dir, filename), result.output);
    }
    if (env.asRoot) {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- our own temporary folder; the file name is validated (no slashes)
      await chown(dir, NOBODY, NOBODY);
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- our own temporary folder; the file name is validated (no slashes)
      for (const name of await readdir(dir)) await chown(join(dir, name), NOBODY, NOBODY);
    }
    return { dir, filename, compileErrors };
  }

  function limitsFor(memoryMb: number, cpuSeconds: number, spec: LanguageSpec): ResourceLimits {
    return {
      addressSpaceBytes: (memoryMb + (spec.addressSpaceOverheadMb ?? 0)) * MB,
      cpuSeconds,
      processes: FILES.processes,
      fileSizeBytes: FILES.fileSizeBytes,
      openFiles: FILES.openFiles,
    };
  }

  /** Runs one claimed run; the queue calls it on whichever instance takes the job. */
  async function execute({ runId }: SandboxJob, queueSignal: AbortSignal) {
    if (!(await store.claim(runId, new Date().toISOString()))) return;
    const run = await store.findById(runId);
    if (!run) return;
    const stop = new AbortController();
    const interrupt = () => stop.abort('the server is shutting down');
    queueSignal.addEventListener('abort', interrupt, { once: true });
    deps.runControl.register(runId, stop);
    const publish = (event: string, data: unknown, final = false) =>
      events
        .append(runId, event, data, final)
        .catch((error: unknown) => log.warn({ err: error, runId }, 'sandbox event lost'));
    const capture = createOutputCapture({
      capBytes: settings.maxOutputBytes,
      onChunk: (chunk) => void publish(chunk.stream, { text: chunk.text }),
    });
    const language = run.language as LanguageId;
    breadcrumb('sandbox', 'sandbox run', { runId, language });
    let outcome: ProcessOutcome | undefined;
    let dir: string | undefined;
    try {
      const { env, spec } = await usable(language);
      const prepared = await prepare(env, spec, run);
      dir = prepared.dir;
      const timeoutMs = run.timeout_seconds * 1000;
      if (spec.transpile || spec.compile) await publish('status', { status: 'compiling' });
      if (prepared.compileErrors) {
        capture.write('stderr', Buffer.from(prepared.compileErrors));
        outcome = { exitCode: 1, signal: null, limit: null, durationMs: 0, stopped: false };
      } else if (spec.compile) {
        const argv = sandboxArgv(
          {
            workDir: dir,
            binds: spec.binds,
            limits: limitsFor(COMPILE.memoryMb, COMPILE.timeoutMs / 1000, spec),
            tmpfsBytes: FILES.tmpfsBytes,
            argv: spec.compile(prepared.filename).argv,
          },
          env,
        );
        const compiled = await runConfined(argv, { timeoutMs: COMPILE.timeoutMs, capture, signal: stop.signal });
        if (compiled.exitCode !== 0 || compiled.limit || compiled.stopped) outcome = compiled;
      }
      if (!outcome) {
        await publish('status', { status: 'running' });
        // eslint-disable-next-line security/detect-non-literal-fs-filename -- our own temporary folder; the file name is validated (no slashes)
        const files = (await readdir(dir)).map((name) => ({ source: join(dir!, name), name }));
        const argv = sandboxArgv(
          {
            files,
            binds: spec.binds,
            // One second of CPU beyond the wall clock: a busy loop meets the timeout, several threads the CPU limit.
            limits: limitsFor(settings.memoryMb, run.timeout_seconds + 1, spec),
            tmpfsBytes: FILES.tmpfsBytes,
            argv: spec.run(prepared.filename, settings.memoryMb).argv,
          },
          env,
        );
        outcome = await runConfined(argv, {
          ...(run.stdin !== null ? { stdin: run.stdin } : {}),
          timeoutMs,
          capture,
          signal: stop.signal,
        });
      }
      capture.end();
      const output = capture.result();
      const interrupted = queueSignal.aborted;
      const now = new Date().toISOString();
      const finished: SandboxRunRow = {
        ...run,
        status: interrupted ? 'failed' : outcome.stopped ? 'stopped' : 'complete',
        exit_code: outcome.exitCode,
        signal: outcome.signal,
        limit_hit: outcome.limit,
        stdout: output.stdout,
        stderr: output.stderr,
        output_truncated: output.outputTruncated ? 1 : 0,
        duration_ms: outcome.durationMs,
        error_code: interrupted ? 'interrupted' : null,
        error_detail: interrupted ? 'the server stopped before the run finished; run it again' : null,
        updated_at: now,
        finished_at: now,
      };
      await store.finish(runId, finished);
      record(finished, outcome);
      await publish('exit', exitData(finished), true);
    } catch (error) {
      capture.end();
      const known = error instanceof AppError && !error.internal;
      if (!known) log.error({ err: error, runId }, 'sandbox run failed');
      const failure = known ? error : new AppError('sandbox_failed', 500, 'the sandbox could not run this code');
      const now = new Date().toISOString();
      const output = capture.result();
      const failed: SandboxRunRow = {
        ...run,
        status: 'failed',
        stdout: output.stdout,
        stderr: output.stderr,
        output_truncated: output.outputTruncated ? 1 : 0,
        error_code: failure.code,
        error_detail: failure.message,
        updated_at: now,
        finished_at: now,
      };
      await store.finish(runId, failed);
      record(failed);
      await publish('error', { status: 'failed', code: failure.code, detail: failure.message }, true);
    } finally {
      queueSignal.removeEventListener('abort', interrupt);
      deps.runControl.unregister(runId);
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  }

  function record(row: SandboxRunRow, outcome?: ProcessOutcome) {
    const label = outcomeLabel(row.status, outcome);
    deps.metrics.sandboxRuns.inc({ language: row.language, outcome: label });
    if (row.duration_ms !== null)
      deps.metrics.sandboxRunDuration.observe({ language: row.language }, row.duration_ms / 1000);
    breadcrumb('sandbox', 'sandbox run finished', {
      runId: row.id,
      language: row.language,
      outcome: label,
      exitCode: row.exit_code,
      durationMs: row.duration_ms,
    });
  }

  /**
   * The events of the run once a worker has started it (before that, a `queued` status), or
   * the stored outcome when its event log has expired or it never ran.
   */
  async function* runEvents(runId: string, afterId: number, signal: AbortSignal): AsyncGenerator<RunEvent> {
    let announced = false;
    while (!signal.aborted) {
      if (await events.exists(runId)) {
        yield* events.read(runId, afterId, signal);
        return;
      }
      const row = await store.findById(runId);
      if (!row) return;
      if (row.status === 'complete' || row.status === 'stopped' || row.status === 'failed') {
        if (afterId > 0) return;
        if (row.stdout) yield { id: 0, event: 'stdout', data: { text: row.stdout } };
        if (row.stderr) yield { id: 0, event: 'stderr', data: { text: row.stderr } };
        yield row.error_code && row.status === 'failed'
          ? { id: 0, event: 'error', data: { status: 'failed', code: row.error_code, detail: row.error_detail } }
          : { id: 0, event: 'exit', data: exitData(row) };
        return;
      }
      if (!announced) {
        announced = true;
        yield { id: 0, event: 'status', data: { status: 'queued' } };
      }
      await sleep(EVENTS_POLL_MS, undefined, { signal }).catch(() => undefined);
    }
  }

  return {
    async languages() {
      const env = await environmentOf();
      return {
        available: !env.unavailable,
        reason: env.unavailable ?? null,
        languages: LANGUAGE_IDS.map((id) => {
          const spec = env.specs[id];
          const toolchain = env.toolchains[id];
          return {
            id,
            label: spec.label,
            extension: spec.extension,
            available: !env.unavailable && toolchain.available,
            version: toolchain.version,
            install: toolchain.available ? null : spec.install,
          };
        }),
        limits: {
          timeoutSeconds: settings.timeoutSeconds,
          memoryMb: settings.memoryMb,
          maxOutputBytes: settings.maxOutputBytes,
        },
      };
    },

    async create(userId: string, request: SandboxRunRequest) {
      const { spec } = await usable(request.language);
      const filename = request.filename ?? `main${spec.extension}`;
      if (!filename.endsWith(spec.extension))
        throw new AppError('invalid_sandbox_filename', 400, `a ${spec.label} file name ends with ${spec.extension}`, {
          extra: { field: 'filename' },
        });
      if (Buffer.byteLength(request.code) > SANDBOX_INPUT_LIMITS.codeBytes)
        throw new AppError('sandbox_code_too_large', 413, 'code is limited to 256 KiB');
      if (request.stdin !== undefined && Buffer.byteLength(request.stdin) > SANDBOX_INPUT_LIMITS.stdinBytes)
        throw new AppError('sandbox_stdin_too_large', 413, 'stdin is limited to 64 KiB');
      if (request.workspaceId) await deps.workspaces?.files(userId, request.workspaceId);
      const now = new Date().toISOString();
      const run: SandboxRunRow = {
        id: randomUUID(),
        user_id: userId,
        workspace_id: request.workspaceId ?? null,
        language: request.language,
        filename,
        code: request.code,
        stdin: request.stdin ?? null,
        timeout_seconds: Math.min(request.timeoutSeconds ?? settings.timeoutSeconds, settings.timeoutSeconds),
        status: 'queued',
        exit_code: null,
        signal: null,
        limit_hit: null,
        stdout: '',
        stderr: '',
        output_truncated: 0,
        duration_ms: null,
        error_code: null,
        error_detail: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      };
      await store.insert(run);
      try {
        await queue.add({ runId: run.id }, { jobId: run.id });
      } catch (error) {
        log.error({ err: error, runId: run.id }, 'could not queue a sandbox run');
        await store.stopQueued(run.id, new Date().toISOString());
        throw new AppError('queue_unavailable', 503, 'runs cannot be queued right now; try again shortly', {
          internal: false,
          headers: { 'retry-after': '30' },
        });
      }
      return toSandboxRunView(run);
    },

    async get(userId: string, id: string) {
      return toSandboxRunView(await runOf(userId, id));
    },

    async list(userId: string, page: { limit: number; cursor?: string }) {
      const { rows, nextCursor } = await keysetPage(
        page,
        2,
        (after, limit) =>
          store.list(userId, { limit, ...(after ? { after: { createdAt: after[0]!, id: after[1]! } } : {}) }),
        (row) => [row.created_at, row.id],
      );
      return { items: rows.map(toSandboxRunView), nextCursor };
    },

    /** Output and status events after `afterId` (Last-Event-ID), then live until the run ends. */
    async events(userId: string, id: string, afterId: number, signal: AbortSignal): Promise<AsyncIterable<RunEvent>> {
      await runOf(userId, id);
      return runEvents(id, afterId, signal);
    },

    /** Stops a queued or running run (on whichever instance runs it); a finished run is left as it is. */
    async stop(userId: string, id: string) {
      const run = await runOf(userId, id);
      if (run.status === 'queued' && (await store.stopQueued(id, new Date().toISOString())))
        return toSandboxRunView((await store.findById(id))!);
      if (run.status === 'queued' || run.status === 'running') {
        await deps.runControl.stop(id, 'stopped by the user');
        const deadline = Date.now() + STOP_WAIT_MS;
        while (Date.now() < deadline) {
          const current = (await store.findById(id))!;
          if (current.status !== 'running' && current.status !== 'queued') return toSandboxRunView(current);
          await sleep(50);
        }
      }
      return toSandboxRunView((await store.findById(id))!);
    },

    /** Detects isolation and toolchains, and starts taking runs in this process. */
    async start() {
      if (started) return;
      started = true;
      await environmentOf();
      if (deps.inProcessQueue) {
        const interrupted = await store.failUnfinished(new Date().toISOString());
        if (interrupted > 0) log.warn({ interrupted }, 'marked sandbox runs left unfinished by a stopped process');
      }
      queue.process(execute, { concurrency: settings.concurrency });
    },

    async close() {
      await queue.close();
    },
  };
}

export type SandboxService = ReturnType<typeof createSandboxService>;
