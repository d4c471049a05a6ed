// Code review as a service: a review request (a snippet, uploaded files, a diff or files of a
// workspace) is stored and queued; a job runs the engine (static analysis on the worker pool, then
// the AI agents when the user has a provider), publishing progress as run events for SSE clients,
// and stores the findings and the report. Findings with a fix can be previewed as a diff and
// applied to the stored files, one fix at a time per file, and for a workspace review to the
// workspace file too while it is still the version reviewed.
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { keysetPage } from '../../platform/http.js';
import type { JobQueue } from '../../platform/queue.js';
import type { RunEvent, RunEventLog } from '../../platform/run-events.js';
import { languageOf, runReview, type AiReviewer, type ReviewProgress } from './engine.js';
import type { WorkspaceService } from '../workspace/service.js';
import { diffFiles, normalizeUploadPath, reviewedUnderFolder, snippetFile } from './input.js';
import {
  type Category,
  type Finding,
  type Fix,
  type Language,
  type ReportOverview,
  type ReviewFile,
  type ReviewReport,
} from './model.js';
import { formatReport, type ReportFormat } from './report/index.js';
import { createFixer, type FixWriteThrough } from './fixes.js';
import type { StaticAnalyzer } from './static/pool.js';
import type { ReviewFileRow, ReviewFindingRow, ReviewRow, ReviewStore } from './store.js';
import { lineCount, sha256 } from './text.js';

export const REVIEW_LIMITS = { files: 200, bytes: 5 * 1024 * 1024 };
const PROGRESS_WRITE_MS = 500;
const HEARTBEAT_MS = 15_000;
const EVENTS_POLL_MS = 200;

export interface ReviewRequest {
  snippet?: { content: string; filename?: string; language?: Language };
  files?: Array<{ path: string; content: string }>;
  diff?: string;
  /** Text files of a workspace: those at or under `paths` (files or folders), all when absent. */
  workspace?: { id: string; paths?: string[] };
  only?: Category[];
  /** Use the AI agents when the user has a provider (default true). */
  ai?: boolean;
  title?: string;
}

interface StoredOptions {
  only?: Category[];
  ai: boolean;
}

export interface ReviewJob {
  reviewId: string;
}

export interface ReviewDeps {
  store: ReviewStore;
  queue: JobQueue<ReviewJob>;
  events: RunEventLog;
  analyzer: StaticAnalyzer;
  /** The AI layer for a user, or why there is none (no provider configured). */
  aiFor?: (userId: string) => Promise<AiReviewer | { unavailable: string }>;
  /** Reads workspace files to review and writes fixes back to them. */
  workspaces?: Pick<WorkspaceService, 'textFilesUnder' | 'readTexts' | 'replaceTextIn'>;
  version: string;
  /** False with BullMQ: another instance may still be running what looks unfinished here. */
  inProcessQueue: boolean;
  concurrency?: number;
  log: FastifyBaseLogger;
}

export type FindingView = Finding & { fixState: ReviewFindingRow['fix_state'] };

const parseJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

export const toReviewSummary = (row: ReviewRow) => {
  const overview = parseJson<ReportOverview>(row.overview);
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    source: row.source,
    workspaceId: row.workspace_id,
    filesTotal: row.files_total,
    filesDone: row.files_done,
    findingsCount: row.findings_count,
    grade: overview?.summary.grade ?? null,
    score: overview?.summary.scores.overall ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
};

export function toFindingView(row: ReviewFindingRow): FindingView {
  const fix = parseJson<Fix>(row.fix);
  return {
    id: row.id,
    file: row.file,
    line: row.line,
    column: row.col,
    ...(row.end_line !== null ? { endLine: row.end_line } : {}),
    ...(row.end_col !== null ? { endColumn: row.end_col } : {}),
    ruleId: row.rule_id,
    severity: row.severity as Finding['severity'],
    category: row.category as Finding['category'],
    message: row.message,
    source: row.source as Finding['source'],
    ...(row.ai_message !== null ? { aiMessage: row.ai_message } : {}),
    ...(fix ? { fix } : {}),
    fixState: row.fix_state,
  };
}

const toFindingRow = (reviewId: string, finding: Finding, seq: number): ReviewFindingRow => ({
  review_id: reviewId,
  id: finding.id,
  seq,
  file: finding.file,
  line: finding.line,
  col: finding.column,
  end_line: finding.endLine ?? null,
  end_col: finding.endColumn ?? null,
  rule_id: finding.ruleId,
  severity: finding.severity,
  category: finding.category,
  message: finding.message,
  source: finding.source,
  ai_message: finding.aiMessage ?? null,
  fix: finding.fix ? JSON.stringify(finding.fix) : null,
  fix_state: finding.fix ? 'available' : null,
});

const toReviewFile = (row: ReviewFileRow): ReviewFile => ({
  path: row.path,
  content: row.content,
  ...(row.language ? { language: row.language as Language } : {}),
  ...(row.changed_lines ? { changedLines: JSON.parse(row.changed_lines) as number[] } : {}),
  ...(row.reconstructed ? { reconstructed: true } : {}),
});

function defaultTitle(source: ReviewRow['source'], files: readonly ReviewFile[], workspace?: string): string {
  const first = files[0]!.path;
  const more = files.length > 1 ? ` and ${files.length - 1} more` : '';
  const title =
    source === 'diff'
      ? `Diff of ${first}${more}`
      : source === 'snippet'
        ? `Snippet ${first} (${lineCount(files[0]!.content)} lines)`
        : `${workspace ? `${workspace}: ` : ''}${first}${more}`;
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

const tooManyFiles = (): never => {
  throw new AppError('review_too_large', 413, `at most ${REVIEW_LIMITS.files} files per review`);
};
const tooManyBytes = (): never => {
  throw new AppError('review_too_large', 413, `at most ${REVIEW_LIMITS.bytes / 1024 / 1024} MB of code per review`);
};

export function createReviewService(deps: ReviewDeps) {
  const { store, queue, events, analyzer, log } = deps;
  const fixer = createFixer(store);
  let started = false;

  async function reviewOf(userId: string, id: string) {
    const review = await store.find(userId, id);
    if (!review) throw new AppError('review_not_found', 404, `no review ${id}`);
    return review;
  }

  /**
   * The text files of a workspace a review reads, with the versions read: files named in
   * `paths` always, files under a folder when the review knows their language.
   */
  async function workspaceFiles(userId: string, input: NonNullable<ReviewRequest['workspace']>) {
    if (!deps.workspaces) throw new AppError('invalid_review_input', 400, 'workspace reviews are not available here');
    const { workspace, files } = await deps.workspaces.textFilesUnder(userId, input.id, input.paths);
    const chosen = files.filter((file) => file.named || reviewedUnderFolder(file.path));
    if (chosen.length === 0)
      throw new AppError('invalid_review_input', 400, 'no text files in a language the review reads were found there');
    // Refused before reading any content.
    if (chosen.length > REVIEW_LIMITS.files) tooManyFiles();
    if (chosen.reduce((sum, file) => sum + file.size, 0) > REVIEW_LIMITS.bytes) tooManyBytes();
    const read = await deps.workspaces.readTexts(
      userId,
      input.id,
      chosen.map((file) => file.path),
    );
    return { workspace, files: read.map(({ path, content }) => ({ path, content })) };
  }

  async function filesOf(
    userId: string,
    request: ReviewRequest,
  ): Promise<{ source: ReviewRow['source']; files: ReviewFile[]; workspace?: { id: string; name: string } }> {
    const given = [request.snippet, request.files, request.diff, request.workspace].filter(
      (input) => input !== undefined,
    ).length;
    if (given !== 1)
      throw new AppError(
        'invalid_review_input',
        400,
        'send exactly one of snippet, files (or a multipart upload), diff or workspace',
      );
    if (request.workspace) return { source: 'workspace', ...(await workspaceFiles(userId, request.workspace)) };
    if (request.snippet) return { source: 'snippet', files: [snippetFile(request.snippet)] };
    if (request.diff !== undefined) return { source: 'diff', files: await diffFiles(request.diff) };
    const files = request.files!.map((file) => ({ path: normalizeUploadPath(file.path), content: file.content }));
    const seen = new Set<string>();
    for (const file of files) {
      if (seen.has(file.path)) throw new AppError('duplicate_path', 400, `${file.path} was sent twice`);
      seen.add(file.path);
    }
    return { source: 'files', files };
  }

  /** Runs one queued review; the queue calls it on whichever instance takes the job. */
  async function execute({ reviewId }: ReviewJob, signal: AbortSignal) {
    const now = Date.now();
    // Each attempt has an event log of its own, so one process numbers all of its events.
    const runId = randomUUID();
    const claimed = await store.claim(
      reviewId,
      runId,
      new Date(now).toISOString(),
      new Date(now - 4 * HEARTBEAT_MS).toISOString(),
    );
    if (!claimed) return;
    const review = await store.findById(reviewId);
    if (!review) return;
    const options = JSON.parse(review.options) as StoredOptions;
    const files = (await store.files(reviewId)).map(toReviewFile);
    let lastWrite = 0;
    let pending: Promise<unknown> = Promise.resolve();
    // A review that stops getting heartbeats was abandoned (its process died); another worker may take it.
    const heartbeat = setInterval(() => {
      pending = pending.then(() => store.touch(reviewId, new Date().toISOString()));
    }, HEARTBEAT_MS);
    heartbeat.unref();
    await events.append(runId, 'started', { filesTotal: files.length });
    const publish = (progress: ReviewProgress) => {
      review.files_done = progress.filesDone;
      events
        .append(runId, 'progress', progress)
        .catch((error: unknown) => log.warn({ err: error, reviewId }, 'review progress event lost'));
      const now = Date.now();
      if (now - lastWrite >= PROGRESS_WRITE_MS || progress.filesDone === progress.filesTotal) {
        lastWrite = now;
        pending = pending.then(() =>
          store.progress(reviewId, progress.filesDone, progress.findings, new Date().toISOString()),
        );
      }
    };
    try {
      const ai = options.ai ? await aiFor(review.user_id) : undefined;
      const report = await runReview(
        files,
        { only: options.only, ...(ai ? { ai } : {}) },
        { analyzer, version: deps.version, signal, onProgress: publish },
      );
      clearInterval(heartbeat);
      await pending;
      const { findings, tool: _tool, createdAt: _createdAt, ...overview } = report;
      const now = new Date().toISOString();
      await store.complete(
        reviewId,
        {
          status: 'complete',
          files_done: files.length,
          findings_count: findings.length,
          overview: JSON.stringify(overview),
          updated_at: now,
          finished_at: now,
        },
        findings.map((finding, index) => toFindingRow(reviewId, finding, index)),
      );
      await events.append(
        runId,
        'done',
        { status: 'complete', findings: findings.length, summary: overview.summary, ai: overview.ai.status },
        true,
      );
    } catch (error) {
      clearInterval(heartbeat);
      await pending.catch(() => undefined);
      const interrupted = signal.aborted;
      const failure =
        error instanceof AppError && !error.internal
          ? error
          : new AppError(
              interrupted ? 'interrupted' : 'review_failed',
              500,
              interrupted ? 'the server stopped before the review finished; start it again' : 'the review failed',
            );
      if (!interrupted && !(error instanceof AppError && !error.internal))
        log.error({ err: error, reviewId }, 'review failed');
      const now = new Date().toISOString();
      await store.fail(reviewId, {
        error_code: failure.code,
        error_detail: failure.message,
        updated_at: now,
        finished_at: now,
      });
      await events.append(runId, 'error', { status: 'failed', code: failure.code, detail: failure.message }, true);
    }
  }

  /**
   * For a workspace review: the fix goes to the workspace file too, only if that is still the
   * version the review holds (the conditional update is the lock across instances).
   */
  function writeThroughFor(workspaceId: string | null): FixWriteThrough | undefined {
    const workspaces = deps.workspaces;
    if (!workspaceId || !workspaces) return undefined;
    return async (transaction, file) => {
      if (!(await workspaces.replaceTextIn(transaction, workspaceId, file.path, file.expectedSha256, file.content)))
        throw new AppError(
          'review_fix_stale',
          409,
          `${file.path} changed in the workspace (or is gone) since this review read it; review it again`,
          { extra: { path: file.path, reviewedSha256: file.expectedSha256 } },
        );
    };
  }

  /** The AI layer, or why not: a failure to set it up (keys, routing) leaves the static review. */
  async function aiFor(userId: string): Promise<AiReviewer | { unavailable: string } | undefined> {
    if (!deps.aiFor) return undefined;
    try {
      return await deps.aiFor(userId);
    } catch (error) {
      log.warn({ err: error, userId }, 'the AI review layer could not start');
      return {
        unavailable: error instanceof AppError && !error.internal ? error.message : 'the AI layer could not start',
      };
    }
  }

  /**
   * The events of the review's current attempt once a worker has started it (before that, a
   * `queued` event), or the stored outcome when its event log has expired.
   */
  async function* reviewEvents(reviewId: string, afterId: number, signal: AbortSignal): AsyncGenerator<RunEvent> {
    let announced = false;
    while (!signal.aborted) {
      const row = await store.findById(reviewId);
      if (!row) return;
      if (row.run_id && (await events.exists(row.run_id))) {
        yield* events.read(row.run_id, afterId, signal);
        return;
      }
      if (row.status === 'complete' || row.status === 'failed') {
        yield row.status === 'complete'
          ? {
              id: 0,
              event: 'done',
              data: {
                status: 'complete',
                findings: row.findings_count,
                summary: parseJson<ReportOverview>(row.overview)?.summary,
              },
            }
          : { id: 0, event: 'error', data: { status: 'failed', code: row.error_code, detail: row.error_detail } };
        return;
      }
      if (!announced) {
        announced = true;
        yield { id: 0, event: 'queued', data: { filesTotal: row.files_total } };
      }
      await sleep(EVENTS_POLL_MS, signal);
    }
  }

  async function reportOf(
    userId: string,
    id: string,
  ): Promise<{ report: ReviewReport; contents: Map<string, string> }> {
    const review = await reviewOf(userId, id);
    const overview = parseJson<ReportOverview>(review.overview);
    if (review.status !== 'complete' || !overview)
      throw new AppError('review_not_finished', 409, `review ${id} is ${review.status}; its report is not ready`);
    const findings = (await store.findings(id)).map(toFindingView).map(({ fixState: _state, ...finding }) => finding);
    const contents = new Map((await store.files(id)).map((file) => [file.path, file.content]));
    return {
      report: {
        tool: { name: 'xionimus-review', version: deps.version },
        createdAt: review.created_at,
        ...overview,
        findings,
      },
      contents,
    };
  }

  return {
    async create(userId: string, request: ReviewRequest) {
      const { source, files, workspace } = await filesOf(userId, request);
      if (files.length > REVIEW_LIMITS.files) tooManyFiles();
      const bytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);
      if (bytes > REVIEW_LIMITS.bytes) tooManyBytes();
      const now = new Date().toISOString();
      const options: StoredOptions = {
        ai: request.ai ?? true,
        ...(request.only?.length ? { only: request.only } : {}),
      };
      const review: ReviewRow = {
        id: randomUUID(),
        user_id: userId,
        status: 'queued',
        run_id: null,
        source,
        workspace_id: workspace?.id ?? null,
        title: request.title ?? defaultTitle(source, files, workspace?.name),
        options: JSON.stringify(options),
        files_total: files.length,
        files_done: 0,
        findings_count: 0,
        overview: null,
        error_code: null,
        error_detail: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      };
      await store.insert(
        review,
        files.map((file, position) => ({
          review_id: review.id,
          path: file.path,
          position,
          language: languageOf(file),
          content: file.content,
          sha256: sha256(file.content),
          changed_lines: file.changedLines ? JSON.stringify(file.changedLines) : null,
          reconstructed: file.reconstructed ? 1 : 0,
        })),
      );
      try {
        await queue.add({ reviewId: review.id }, { jobId: review.id });
      } catch (error) {
        log.error({ err: error, reviewId: review.id }, 'could not queue a review');
        const failedAt = new Date().toISOString();
        await store.fail(review.id, {
          error_code: 'queue_unavailable',
          error_detail: 'the job queue did not answer',
          updated_at: failedAt,
          finished_at: failedAt,
        });
        throw new AppError('queue_unavailable', 503, 'reviews cannot be queued right now; try again shortly', {
          internal: false,
          headers: { 'retry-after': '30' },
        });
      }
      return toReviewSummary(review);
    },

    async get(userId: string, id: string) {
      const review = await reviewOf(userId, id);
      const [findings, files] = await Promise.all([store.findings(id), store.files(id)]);
      return {
        ...toReviewSummary(review),
        options: JSON.parse(review.options) as StoredOptions,
        error: review.error_code ? { code: review.error_code, detail: review.error_detail ?? '' } : null,
        overview: parseJson<ReportOverview>(review.overview),
        files: files.map((file) => ({
          path: file.path,
          language: file.language,
          sha256: file.sha256,
          lines: lineCount(file.content),
        })),
        findings: findings.map(toFindingView),
      };
    },

    async list(userId: string, page: { limit: number; cursor?: string }) {
      const { rows, nextCursor } = await keysetPage(
        page,
        2,
        (after, limit) =>
          store.list(userId, { limit, ...(after ? { after: { createdAt: after[0]!, id: after[1]! } } : {}) }),
        (row) => [row.created_at, row.id],
      );
      return { items: rows.map(toReviewSummary), nextCursor };
    },

    /** Progress events after `afterId` (Last-Event-ID), then live until the review ends. */
    async events(userId: string, id: string, afterId: number, signal: AbortSignal): Promise<AsyncIterable<RunEvent>> {
      await reviewOf(userId, id);
      return reviewEvents(id, afterId, signal);
    },

    async report(userId: string, id: string, format: ReportFormat) {
      const { report, contents } = await reportOf(userId, id);
      return formatReport(report, format, (path) => contents.get(path));
    },

    async fixPreview(userId: string, id: string, findingId: string) {
      await reviewOf(userId, id);
      return fixer.preview(id, findingId);
    },

    async applyFix(userId: string, id: string, findingId: string, expectedSha256?: string) {
      const review = await reviewOf(userId, id);
      return fixer.apply(id, findingId, expectedSha256, writeThroughFor(review.workspace_id));
    },

    /** Starts taking review jobs in this process; marks reviews a stopped process left behind. */
    async start() {
      if (started) return;
      started = true;
      if (deps.inProcessQueue) {
        const now = new Date().toISOString();
        const interrupted = await store.failUnfinished(now, now);
        if (interrupted > 0) log.warn({ interrupted }, 'marked reviews left unfinished by a stopped process as failed');
      }
      queue.process(execute, { concurrency: deps.concurrency ?? 2 });
    },

    /** Stops taking jobs, interrupts running reviews and stops the worker threads. */
    async close() {
      await queue.close();
      await analyzer.close();
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
