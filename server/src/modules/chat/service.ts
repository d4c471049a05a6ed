// Chat sessions and streamed answers. Sending a message stores it with a placeholder for the
// answer, routes it (task kind → agent → model), and starts a run that streams from the
// provider into the run's event log. The run does not depend on the client: it goes on after a
// disconnect (bounded by the model's output limit and a wall-time limit), and clients attach to
// its events with Last-Event-ID. The finished answer, its usage and cost are stored together.
import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import {
  messageRow,
  type ChatStore,
  type ImageMeta,
  type ImageRow,
  type MessageRow,
  type PreferencesRow,
  type SessionRow,
} from './store.js';
import { isUniqueViolation } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { keysetPage } from '../../platform/http.js';
import { startEarly, type EarlyStream } from '../../platform/early-stream.js';
import { timeOrderedId } from '../../platform/ids.js';
import type { Metrics } from '../../platform/monitoring/metrics.js';
import { reportError } from '../../platform/monitoring/sentry.js';
import type { RunControl } from '../../platform/run-control.js';
import type { RunEventListener, RunEventLog } from '../../platform/run-events.js';
import { route, type DeveloperMode, type Route, type TaskKind } from '../agents/router.js';
import type { RoutingTable } from '../agents/routing-table.js';
import { ableModels } from '../agents/abilities.js';
import { MIB, checkedImage, dataUrlBytes, imageRefused } from '../providers/images.js';
import type { ChatTurn, ImageInput, ProviderEvent, ProvidersService } from '../providers/service.js';
import { costMicros, reasoningOptions, type ModelInfo, type ReasoningEffort } from '../providers/registry.js';
import type { UsageService } from '../usage/service.js';
import { estimateTokens, fitToContext } from './context.js';
import { plainText } from './plain-text.js';
import { createProgressSaver } from './progress.js';
import { createTokenCoalescer } from './token-coalescer.js';

const DEFAULT_TITLE = 'New chat';
const PROGRESS_INTERVAL_MS = 2000;
const RESERVED_FOR_ANSWER = 8192;

/** How a question is answered (a new one, or the last one again). */
export interface TurnOptions {
  model?: string;
  taskKind?: TaskKind;
  mode?: DeveloperMode;
  /** Let a model that can reason think longer (more output tokens). */
  think?: boolean;
}

export interface SendInput extends TurnOptions {
  content: string;
  /** Images for a vision model, as base64 data: URLs (PNG, JPEG, GIF, WebP). */
  images?: ReadonlyArray<{ dataUrl: string }>;
}

/** Images of one message: how many, each at most, and all of them at most. */
export const CHAT_IMAGE_LIMITS = { count: 6, bytes: 10 * MIB, totalBytes: 20 * MIB };
/**
 * The images a model is sent with the history, newest first: older ones stay in the session but
 * are left out (providers refuse requests past ~20 images or ~50 MB).
 */
const HISTORY_IMAGE_LIMITS = { count: 20, bytes: 50 * MIB };

/** How hard a model thinks when asked to in chat. */
const CHAT_REASONING: ReasoningEffort = 'medium';

export interface ChatDeps {
  store: ChatStore;
  providers: Pick<ProvidersService, 'stream' | 'availableModels'>;
  usage: Pick<UsageService, 'assertWithinBudget' | 'recordWith'>;
  events: RunEventLog;
  runControl: RunControl;
  routingTable?: () => Promise<RoutingTable | undefined>;
  limits: { maxDurationMs: number };
  metrics: Pick<Metrics, 'aiActiveStreams'>;
  log: FastifyBaseLogger;
}

export const toSessionView = (row: SessionRow) => ({
  id: row.id,
  title: row.title,
  instructions: row.instructions,
  forkedFrom: row.forked_from_session_id
    ? { sessionId: row.forked_from_session_id, messageId: row.forked_from_message_id }
    : null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const toMessageView = (row: MessageRow, images: readonly ImageMeta[] = []) => ({
  id: row.id,
  role: row.role,
  content: row.content,
  reasoning: row.reasoning,
  status: row.status,
  errorCode: row.error_code,
  runId: row.run_id,
  provider: row.provider,
  model: row.model,
  agent: row.agent,
  taskKind: row.task_kind,
  routeReason: row.route_reason,
  citations: row.citations ? (JSON.parse(row.citations) as Array<{ url: string; title?: string }>) : [],
  finishReason: row.finish_reason,
  inputTokens: row.input_tokens,
  outputTokens: row.output_tokens,
  costUsd: row.cost_micros === null ? null : row.cost_micros / 1_000_000,
  ttftMs: row.ttft_ms,
  durationMs: row.duration_ms,
  contextDropped: row.context_dropped ?? 0,
  images: images.map((image) => ({ id: image.id, mediaType: image.media_type, size: image.size })),
  createdAt: row.created_at,
});

/** Rows grouped by the message they belong to, in the order given. */
function byMessage<T extends { message_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.message_id);
    if (list) list.push(row);
    else grouped.set(row.message_id, [row]);
  }
  return grouped;
}

const hasImages = (messages: readonly MessageRow[]) => messages.some((message) => (message.image_count ?? 0) > 0);

/** The images of a new message, decoded and checked by content, within CHAT_IMAGE_LIMITS. */
async function readChatImages(images: ReadonlyArray<{ dataUrl: string }>): Promise<ImageInput[]> {
  const { count, bytes, totalBytes } = CHAT_IMAGE_LIMITS;
  if (images.length > count) {
    throw new AppError('too_many_images', 400, `a message may carry at most ${count} images, not ${images.length}`);
  }
  const read: ImageInput[] = [];
  let left = totalBytes;
  for (const [index, { dataUrl }] of images.entries()) {
    const path = `body/images/${index}`;
    const limit = Math.min(bytes, left);
    const tooLarge = () =>
      imageRefused(
        'image_too_large',
        path,
        limit < bytes
          ? `takes the images of this message past ${totalBytes / MIB} MiB`
          : `is larger than ${bytes / MIB} MiB`,
      );
    const image = await checkedImage(dataUrlBytes(dataUrl, path, limit, tooLarge), path);
    read.push(image);
    left -= image.data.byteLength;
  }
  return read;
}

const sessionBusy = () =>
  new AppError(
    'session_busy',
    409,
    'another answer is being written in this session, or a message was sent to it at the same time; reload the session and try again',
  );

/**
 * The agent's system prompt, then the user's instructions for every chat, then those for this
 * conversation: the more specific come later.
 */
const systemPrompt = (agent: string, instructions: { everyChat: string | null; chat: string | null }) =>
  [
    agent,
    ...(instructions.everyChat ? [`The user's instructions for all conversations:\n${instructions.everyChat}`] : []),
    ...(instructions.chat ? [`The user's instructions for this conversation:\n${instructions.chat}`] : []),
  ].join('\n\n');

export const INSTRUCTIONS_MAX = 10_000;

const toPreferencesView = (row: PreferencesRow | undefined) => ({
  instructions: row?.instructions ?? null,
  updatedAt: row?.updated_at ?? null,
});

const EXCERPT_CONTEXT = 2_000;

/**
 * At most `width` characters of a message's text (its Markdown as read, whitespace collapsed)
 * around the first place it holds `query`, with … where it was cut: what a search result shows
 * of the message it found.
 */
export function excerpt(content: string, query: string, width = 160): string {
  // A long message is read only around the text (a search page may find 50 messages of 200 KB).
  const raw = Math.max(0, content.toLowerCase().indexOf(query.toLowerCase()));
  const long = content.length > 4 * EXCERPT_CONTEXT;
  const cutBefore = long && raw > EXCERPT_CONTEXT;
  const cutAfter = long && raw + EXCERPT_CONTEXT < content.length;
  const around = long ? content.slice(Math.max(0, raw - EXCERPT_CONTEXT), raw + EXCERPT_CONTEXT) : content;
  const text = plainText(around).replace(/\s+/g, ' ').trim();
  const at = text.toLowerCase().indexOf(query.replace(/\s+/g, ' ').toLowerCase());
  // The match a third of the way in, so that some of what comes before it shows too.
  let start = at === -1 ? 0 : Math.max(0, Math.min(at - Math.floor((width - query.length) / 3), text.length - width));
  let end = Math.min(text.length, start + width);
  // Cut between words where one is near (and not into the text found).
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space !== -1 && space - start < 20 && (at === -1 || space < at)) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start && end - space < 20 && (at === -1 || space >= at + query.length)) end = space;
  }
  return `${start > 0 || cutBefore ? '…' : ''}${text.slice(start, end).trim()}${end < text.length || cutAfter ? '…' : ''}`;
}

const titleFrom = (content: string) => {
  const line = content.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || DEFAULT_TITLE;
};

export function createChatService(deps: ChatDeps) {
  const { store, events, runControl } = deps;
  const running = new Set<Promise<unknown>>();
  const progress = createProgressSaver({
    intervalMs: PROGRESS_INTERVAL_MS,
    save: (texts) => store.saveProgress(texts, new Date().toISOString()),
    onError: (error) => deps.log.error({ err: error }, 'could not save the text of running answers'),
  });

  async function sessionOf(userId: string, sessionId: string) {
    const session = await store.findSession(userId, sessionId);
    if (!session) throw new AppError('session_not_found', 404, `no chat session ${sessionId}`);
    return session;
  }

  /** The assistant message of a run, checked to belong to this user. */
  async function runMessage(userId: string, runId: string) {
    const message = await store.findMessageByRun(runId);
    if (!message || !(await store.findSession(userId, message.session_id))) {
      throw new AppError('run_not_found', 404, `no answer run ${runId}`);
    }
    return message;
  }

  /** One object literal: the run's event log keeps it, and a spread made a hidden class per run. */
  const meta = (
    run: { runId: string; messageId: string; route: Route; contextDropped: number; reasoning?: ReasoningEffort },
    model: ModelInfo,
    reason: string,
    attempts: number,
  ) => ({
    runId: run.runId,
    messageId: run.messageId,
    agent: run.route.agent.id,
    taskKind: run.route.taskKind,
    model: model.id,
    provider: model.provider,
    contextDropped: run.contextDropped,
    reason,
    attempts,
    thinking: reasoningOptions(model, run.reasoning) !== undefined,
  });

  /**
   * The images of earlier turns a model is sent with a new message: the newest, until the
   * message's own and these reach HISTORY_IMAGE_LIMITS. Only those are read with their bytes.
   */
  async function historyImages(sessionId: string, previous: readonly MessageRow[], added: readonly ImageInput[]) {
    if (!hasImages(previous)) return new Map<string, ImageRow[]>();
    const seqOf = new Map(previous.map((message) => [message.id, message.seq]));
    const newestFirst = (await store.imagesOf(sessionId)).toSorted(
      (a, b) => (seqOf.get(b.message_id) ?? 0) - (seqOf.get(a.message_id) ?? 0) || a.position - b.position,
    );
    let count = added.length;
    let bytes = added.reduce((sum, image) => sum + image.data.byteLength, 0);
    const chosen: string[] = [];
    for (const image of newestFirst) {
      if (count + 1 > HISTORY_IMAGE_LIMITS.count || bytes + image.size > HISTORY_IMAGE_LIMITS.bytes) break;
      count += 1;
      bytes += image.size;
      chosen.push(image.id);
    }
    return byMessage(await store.imageData(chosen));
  }

  /**
   * The turns a model reads: text, and the images of user messages (`images` by message id). Of
   * the answers to one question (it was answered again) only the last counts.
   */
  const history = (messages: MessageRow[], images: ReadonlyMap<string, readonly ImageRow[]>): ChatTurn[] =>
    messages
      .filter(
        (message) =>
          message.role !== 'system' &&
          message.status !== 'error' &&
          (message.content.trim() !== '' || images.has(message.id)),
      )
      .filter((message, index, kept) => message.role !== 'assistant' || kept[index + 1]?.role !== 'assistant')
      .map((message) =>
        message.role === 'user' && images.has(message.id)
          ? {
              role: 'user',
              content: message.content,
              images: images.get(message.id)!.map((image) => ({ data: image.data, mediaType: image.media_type })),
            }
          : { role: message.role as 'user' | 'assistant', content: message.content },
      );

  async function execute(run: {
    runId: string;
    userId: string;
    messageId: string;
    route: Route;
    turns: ChatTurn[];
    contextDropped: number;
    reasoning: ReasoningEffort | undefined;
    controller: AbortController;
    /** The provider's answer, asked for while the turn was being stored (see `send`). */
    answer: EarlyStream<ProviderEvent>;
    /** When the provider was asked: time to first token and duration count from here. */
    started: number;
  }) {
    const { started } = run;
    const emit = (event: string, data: unknown, final = false) => events.append(run.runId, event, data, final);
    const tokens = createTokenCoalescer((text) => emit('token', { text }));
    const thoughts = createTokenCoalescer((text) => emit('reasoning', { text }));
    let content = '';
    let reasoning = '';
    let ttftMs: number | null = null;
    let model: ModelInfo | undefined;
    const citations: Array<{ url: string; title?: string }> = [];
    let usage = { inputTokens: 0, outputTokens: 0, known: false };
    let finishReason: string | null = null;
    const saved = progress.start(run.messageId);
    let failure: AppError | undefined;
    let routeReason = run.route.reason;

    const wallClock = setTimeout(() => run.controller.abort('max_duration'), deps.limits.maxDurationMs);
    deps.metrics.aiActiveStreams.inc();
    try {
      for await (const event of run.answer) {
        if (event.type === 'start') {
          model = event.model;
          // The route announced one model; a fallback or retries are announced with a second meta.
          const fellBack = event.model.id !== run.route.candidates[0]?.id;
          const reason = fellBack
            ? `${run.route.reason}; fell back to ${event.model.id} (${event.skipped.map((skip) => `${skip.model}: ${skip.reason}`).join('; ')})`
            : run.route.reason;
          routeReason = reason;
          // The placeholder names the routed model already; only a fallback changes it mid-answer.
          if (fellBack) {
            await store.updateMessage(run.messageId, {
              provider: model.provider,
              model: model.id,
              route_reason: reason,
            });
          }
          if (fellBack || event.attempts > 1) {
            await emit('meta', { ...meta(run, model, reason, event.attempts), keySource: event.keySource });
          }
        } else if (event.type === 'reasoning') {
          reasoning += event.text;
          thoughts.push(event.text);
        } else if (event.type === 'text') {
          ttftMs ??= performance.now() - started;
          // The thinking so far reaches the log before the answer it led to.
          if (reasoning) await thoughts.flush();
          content += event.text;
          saved.content = content;
          tokens.push(event.text);
        } else if (event.type === 'citation') {
          if (!citations.some((citation) => citation.url === event.url)) {
            citations.push({ url: event.url, ...(event.title ? { title: event.title } : {}) });
            await tokens.flush();
            await emit('citation', { index: citations.length, url: event.url, title: event.title ?? null });
          }
        } else if (event.type === 'finish') {
          finishReason = event.finishReason;
          usage = { inputTokens: event.inputTokens, outputTokens: event.outputTokens, known: true };
        }
      }
      await thoughts.flush();
      await tokens.flush();
      if (finishReason === 'content-filter') {
        failure = new AppError('content_refused', 422, 'the model declined to answer this request');
      }
    } catch (error) {
      failure =
        error instanceof AppError
          ? error
          : new AppError('internal_error', 500, 'the answer failed', { cause: error, internal: true });
      if (failure.internal) {
        deps.log.error({ err: error, runId: run.runId }, 'chat run failed');
        reportError(error, { userId: run.userId, extra: { runId: run.runId } });
      }
    } finally {
      // Text already taken from the provider reaches the log before the final events (also on stop).
      for (const coalescer of [thoughts, tokens]) {
        await coalescer.flush().catch((error: unknown) => {
          failure ??= new AppError('internal_error', 500, 'the answer failed', { cause: error, internal: true });
        });
      }
      progress.end(run.messageId);
      deps.metrics.aiActiveStreams.dec();
      clearTimeout(wallClock);
      runControl.unregister(run.runId);
    }

    const aborted = run.controller.signal.aborted;
    const status = failure ? 'error' : aborted ? 'aborted' : 'complete';
    if (!usage.known && model) {
      // Aborted answers still cost money: estimate what the provider did not report.
      usage = {
        inputTokens: run.turns.reduce((sum, turn) => sum + estimateTokens(turn.content), 0),
        outputTokens: content ? estimateTokens(content) : 0,
        known: false,
      };
    }
    const cost = model ? costMicros(model, usage.inputTokens, usage.outputTokens) : 0;
    const durationMs = Math.round(performance.now() - started);
    const abortReason = String(run.controller.signal.reason ?? 'stopped');
    await store.finishMessage(
      run.messageId,
      {
        content,
        reasoning: reasoning || null,
        status,
        error_code: failure ? failure.code : aborted ? abortReason : null,
        citations: citations.length ? JSON.stringify(citations) : null,
        // No model answered: the placeholder's routed model did not write this.
        provider: model?.provider ?? null,
        model: model?.id ?? null,
        route_reason: routeReason,
        finish_reason: finishReason,
        input_tokens: model ? usage.inputTokens : null,
        output_tokens: model ? usage.outputTokens : null,
        cost_micros: model ? cost : null,
        ttft_ms: ttftMs === null ? null : Math.round(ttftMs),
        duration_ms: durationMs,
        updated_at: new Date().toISOString(),
      },
      model
        ? (trx) =>
            deps.usage.recordWith(trx, {
              userId: run.userId,
              messageId: run.messageId,
              source: 'chat',
              provider: model.provider,
              model: model.id,
              outcome: status,
              inputTokens: usage.inputTokens,
              outputTokens: usage.outputTokens,
              costMicros: cost,
              latencyMs: durationMs,
              ttftMs,
            })
        : undefined,
    );
    if (model) {
      await emit('usage', {
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        estimated: !usage.known,
        costUsd: cost / 1_000_000,
        ttftMs: ttftMs === null ? null : Math.round(ttftMs),
        durationMs,
      });
    }
    if (failure) {
      await emit(
        'error',
        { code: failure.code, detail: failure.internal ? 'the answer failed' : failure.message },
        true,
      );
    } else {
      await emit(
        'done',
        { messageId: run.messageId, status, reason: aborted ? abortReason : null, finishReason },
        true,
      );
    }
    return failure;
  }

  /** The session and what routing a turn in it needs; refuses a user over budget. */
  async function turnContext(userId: string, sessionId: string) {
    const session = await store.findTurnSession(userId, sessionId);
    if (!session) throw new AppError('session_not_found', 404, `no chat session ${sessionId}`);
    const [, available, table, previous] = await Promise.all([
      deps.usage.assertWithinBudget(userId),
      deps.providers.availableModels(userId),
      deps.routingTable?.(),
      store.messages(session.id),
    ]);
    return { session, available, table, previous };
  }

  /**
   * Routes a question, stores the answer's placeholder (after the user's message and its images,
   * for a new question) and starts the run.
   */
  async function begin(
    userId: string,
    input: TurnOptions,
    turn: {
      session: SessionRow & { user_instructions: string | null };
      available: ModelInfo[];
      table: RoutingTable | undefined;
      /** What the routing reads of the question; `vision`: it has images. */
      question: { content: string; vision: boolean };
      /** What the model reads, the question last. */
      turns: ChatTurn[];
      /** The answer's place in the session. */
      seq: number;
      now: string;
      /** A new question's message (none when the last one is answered again). */
      userMessage?: MessageRow;
      images: ImageRow[];
      title?: string;
    },
  ) {
    const { session, now } = turn;
    const named = input.model?.trim();
    const chosen = route({
      message: turn.question.content,
      taskKind: input.taskKind,
      model: input.model,
      mode: input.mode,
      // Images go only to models that read them; those of earlier turns are left out for others.
      available: ableModels(
        turn.available,
        named === 'auto' ? undefined : named,
        turn.question.vision ? ['vision'] : [],
      ),
      table: turn.table,
    });
    const system = systemPrompt(chosen.agent.systemPrompt, {
      everyChat: session.user_instructions,
      chat: session.instructions,
    });
    const smallestWindow = Math.min(...chosen.candidates.map((candidate) => candidate.contextWindow));
    const fitted = fitToContext(turn.turns, {
      contextWindow: smallestWindow,
      reservedForAnswer: Math.min(RESERVED_FOR_ANSWER, Math.floor(smallestWindow / 4)),
      system,
    });
    const runId = timeOrderedId();
    const answer = messageRow({
      id: timeOrderedId(),
      session_id: session.id,
      seq: turn.seq,
      role: 'assistant',
      content: '',
      status: 'streaming',
      created_at: now,
      run_id: runId,
      provider: chosen.candidates[0]!.provider,
      model: chosen.candidates[0]!.id,
      agent: chosen.agent.id,
      task_kind: chosen.taskKind,
      route_reason: chosen.reason,
      context_dropped: fitted.dropped,
    });
    // The provider is asked now, while the turn is stored: its round trip to the first token
    // overlaps the commit instead of following it. Only its first step runs; the run reads on
    // once the turn is stored. A turn that cannot be stored (session_busy) cancels the request.
    const controller = new AbortController();
    const reasoning = input.think ? CHAT_REASONING : undefined;
    const started = performance.now();
    const early = startEarly(
      deps.providers.stream({
        userId,
        candidates: chosen.candidates,
        system,
        messages: fitted.turns,
        reasoning,
        signal: controller.signal,
      }),
    );
    const cancel = (reason: string) => {
      controller.abort(reason);
      early.cancel();
    };
    // One turn of the event loop first: undici writes a request on a reused keep-alive
    // connection in the check phase (after it looked for stray bytes on it), and a commit
    // asked for now would run there before it and delay the request by its length.
    await setImmediatePromise();
    await store
      .insertTurn(
        turn.userMessage ? [turn.userMessage, answer] : [answer],
        { updatedAt: now, title: turn.title },
        turn.images,
      )
      .catch((error: unknown) => {
        cancel('not_stored');
        throw isUniqueViolation(error) ? sessionBusy() : error;
      });

    runControl.register(runId, controller);
    const run = {
      runId,
      userId,
      messageId: answer.id,
      route: chosen,
      turns: fitted.turns,
      contextDropped: fitted.dropped,
      reasoning,
      controller,
      answer: early,
      started,
    };
    // The first event exists before anyone reads the run, on whichever instance they ask.
    await events.append(runId, 'meta', meta(run, chosen.candidates[0]!, chosen.reason, 1)).catch((error: unknown) => {
      runControl.unregister(runId);
      cancel('not_started');
      throw error;
    });
    const done = execute(run).catch((error: unknown) => {
      deps.log.error({ err: error, runId }, 'chat run could not be stored');
      reportError(error, { userId, extra: { runId } });
      return new AppError('internal_error', 500, 'the answer could not be stored', { internal: true });
    });
    running.add(done);
    void done.finally(() => running.delete(done));
    return {
      runId,
      sessionId: session.id,
      messageId: answer.id,
      route: chosen,
      done,
      /** The run's events for the sender, who is known to own it (no lookup as in `events`). */
      follow: (listener: RunEventListener) => events.follow(runId, 0, listener),
    };
  }

  return {
    preferences: async (userId: string) => toPreferencesView(await store.preferences(userId)),
    /** Sets or clears (null or blank) the user's instructions for every chat. */
    async savePreferences(userId: string, changes: { instructions: string | null }) {
      const row: PreferencesRow = {
        user_id: userId,
        instructions: changes.instructions?.trim() || null,
        updated_at: new Date().toISOString(),
      };
      await store.savePreferences(row);
      return toPreferencesView(row);
    },

    async createSession(userId: string, options: { title?: string; instructions?: string } = {}) {
      const now = new Date().toISOString();
      const row: SessionRow = {
        id: timeOrderedId(),
        user_id: userId,
        title: options.title?.trim() || DEFAULT_TITLE,
        instructions: options.instructions?.trim() || null,
        forked_from_session_id: null,
        forked_from_message_id: null,
        created_at: now,
        updated_at: now,
      };
      await store.insertSession(row);
      return toSessionView(row);
    },

    async listSessions(userId: string, options: { limit: number; cursor?: string; query?: string }) {
      const { rows, nextCursor } = await keysetPage(
        options,
        2,
        (after, limit) =>
          store.listSessions(userId, {
            limit,
            query: options.query?.trim() || undefined,
            after: after ? { updatedAt: after[0]!, id: after[1]! } : undefined,
          }),
        (row) => [row.updated_at, row.id],
      );
      const query = options.query?.trim();
      if (!query) return { items: rows.map(toSessionView), nextCursor };
      const found = new Map(
        (await store.messagesById(rows.flatMap((row) => (row.match_id ? [row.match_id] : [])))).map((message) => [
          message.id,
          message,
        ]),
      );
      return {
        items: rows.map((row) => {
          const message = row.match_id ? found.get(row.match_id) : undefined;
          return {
            ...toSessionView(row),
            match: message
              ? { messageId: message.id, role: message.role, excerpt: excerpt(message.content, query) }
              : null,
          };
        }),
        nextCursor,
      };
    },

    async getSession(userId: string, sessionId: string) {
      const session = await sessionOf(userId, sessionId);
      const messages = await store.messages(session.id);
      const images = hasImages(messages) ? byMessage(await store.imagesOf(session.id)) : new Map<string, ImageMeta[]>();
      return {
        ...toSessionView(session),
        messages: messages.map((message) => toMessageView(message, images.get(message.id))),
      };
    },

    /** An image of one of this user's messages, to show. */
    async image(userId: string, imageId: string) {
      const image = await store.findImage(userId, imageId);
      if (!image) throw new AppError('image_not_found', 404, `no chat image ${imageId}`);
      return { mediaType: image.media_type, data: image.data };
    },

    /** Renames a session, or sets or clears (null or blank) its instructions. */
    async updateSession(userId: string, sessionId: string, changes: { title?: string; instructions?: string | null }) {
      const session = await sessionOf(userId, sessionId);
      const updated: SessionRow = {
        ...session,
        ...(changes.title === undefined ? {} : { title: changes.title.trim() }),
        ...(changes.instructions === undefined ? {} : { instructions: changes.instructions?.trim() || null }),
        updated_at: new Date().toISOString(),
      };
      await store.updateSession(session.id, {
        title: updated.title,
        instructions: updated.instructions,
        updated_at: updated.updated_at,
      });
      return toSessionView(updated);
    },

    async deleteSession(userId: string, sessionId: string) {
      const session = await sessionOf(userId, sessionId);
      for (const message of await store.messages(session.id)) {
        if (message.status === 'streaming' && message.run_id) await runControl.stop(message.run_id, 'deleted');
      }
      await store.deleteSession(userId, session.id);
    },

    /** A new session whose history is this one's up to and including `messageId`. */
    async forkSession(userId: string, sessionId: string, messageId: string) {
      const session = await sessionOf(userId, sessionId);
      const messages = await store.messages(session.id);
      const at = messages.find((message) => message.id === messageId);
      if (!at) throw new AppError('message_not_found', 404, `no message ${messageId} in session ${sessionId}`);
      const now = new Date().toISOString();
      const fork: SessionRow = {
        id: timeOrderedId(),
        user_id: userId,
        title: `${session.title} (fork)`.slice(0, 200),
        instructions: session.instructions,
        forked_from_session_id: session.id,
        forked_from_message_id: at.id,
        created_at: now,
        updated_at: now,
      };
      const copied = messages.filter((message) => message.seq <= at.seq);
      const copyIds = new Map(copied.map((message) => [message.id, timeOrderedId()]));
      const copies = copied.map((message) => ({
        ...message,
        id: copyIds.get(message.id)!,
        session_id: fork.id,
        run_id: null,
        // An answer still streaming in the original is copied as far as it got.
        status: message.status === 'streaming' ? ('aborted' as const) : message.status,
      }));
      const images = hasImages(copied)
        ? (await store.imageDataOf(session.id))
            .filter((image) => copyIds.has(image.message_id))
            .map((image) => ({
              ...image,
              id: timeOrderedId(),
              session_id: fork.id,
              message_id: copyIds.get(image.message_id)!,
            }))
        : [];
      await store.forkSession(fork, copies, images);
      const imagesByMessage = byMessage(images);
      return {
        ...toSessionView(fork),
        messages: copies.map((message) => toMessageView(message, imagesByMessage.get(message.id))),
      };
    },

    async exportSession(userId: string, sessionId: string, format: 'markdown' | 'json') {
      const session = await this.getSession(userId, sessionId);
      if (format === 'json') return { filename: `${session.id}.json`, body: JSON.stringify(session, null, 2) };
      const lines = [`# ${session.title}`, '', `_Exported ${new Date().toISOString()}_`, ''];
      if (session.instructions) lines.push('**Instructions**', '', session.instructions, '');
      for (const [index, message] of session.messages.entries()) {
        // An answer followed by another was answered again (regenerate).
        const earlier = message.role === 'assistant' && session.messages[index + 1]?.role === 'assistant';
        const about = [message.model, message.agent, earlier && 'earlier answer'].filter(Boolean).join(', ');
        const who = message.role === 'user' ? 'You' : `Assistant${about ? ` (${about})` : ''}`;
        lines.push(`## ${who}`, '');
        if (message.reasoning) {
          lines.push('<details><summary>Thinking</summary>', '', message.reasoning, '', '</details>', '');
        }
        if (message.content || message.images.length === 0) lines.push(message.content || '_(no content)_', '');
        if (message.images.length > 0) {
          lines.push(`_(${message.images.length} ${message.images.length === 1 ? 'image' : 'images'})_`, '');
        }
        if (message.citations.length > 0) {
          lines.push(...message.citations.map((citation, index) => `[${index + 1}]: ${citation.url}`), '');
        }
        if (message.status !== 'complete')
          lines.push(`_Status: ${message.status}${message.errorCode ? ` (${message.errorCode})` : ''}_`, '');
      }
      return { filename: `${session.id}.md`, body: lines.join('\n') };
    },

    /**
     * Stores the user's message and the answer's placeholder, routes, and starts the run.
     * Everything that can be refused (budget, no provider, context too long) is refused here,
     * before any event is sent.
     */
    async send(userId: string, sessionId: string, input: SendInput) {
      const images = input.images?.length ? await readChatImages(input.images) : [];
      if (input.content === '' && images.length === 0) {
        throw new AppError('empty_message', 400, 'body/content is empty: send some text, an image, or both');
      }
      const { session, available, table, previous } = await turnContext(userId, sessionId);
      const now = new Date().toISOString();
      // The unique (session, seq) index refuses a concurrent send that read the same history (session_busy).
      const seq = (previous.at(-1)?.seq ?? 0) + 1;
      const userMessage = messageRow({
        id: timeOrderedId(),
        session_id: session.id,
        seq,
        role: 'user',
        content: input.content,
        status: 'complete',
        created_at: now,
        image_count: images.length || null,
      });
      return begin(userId, input, {
        session,
        available,
        table,
        question: { content: input.content, vision: images.length > 0 },
        seq: seq + 1,
        turns: [
          ...history(previous, await historyImages(session.id, previous, images)),
          { role: 'user', content: input.content, ...(images.length > 0 ? { images } : {}) },
        ],
        now,
        userMessage,
        images: images.map((image, position) => ({
          id: timeOrderedId(),
          session_id: session.id,
          message_id: userMessage.id,
          position,
          media_type: image.mediaType,
          size: image.data.byteLength,
          data: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength),
          created_at: now,
        })),
        ...(session.title === DEFAULT_TITLE && previous.length === 0
          ? {
              title: input.content
                ? titleFrom(input.content)
                : images.length === 1
                  ? 'Image'
                  : `${images.length} images`,
            }
          : {}),
      });
    },

    /**
     * Answers the session's last question again: a new answer follows the earlier one(s), which
     * stay in the session but leave the model's history (see `history`). No message is added.
     */
    async regenerate(userId: string, sessionId: string, input: TurnOptions) {
      const { session, available, table, previous } = await turnContext(userId, sessionId);
      const at = previous.findLastIndex((message) => message.role === 'user');
      if (at === -1) {
        throw new AppError('nothing_to_regenerate', 409, `session ${sessionId} has no question to answer again`);
      }
      if (previous.some((message) => message.status === 'streaming')) throw sessionBusy();
      const question = previous[at]!;
      const asked = previous.slice(0, at + 1);
      return begin(userId, input, {
        session,
        available,
        table,
        question: { content: question.content, vision: (question.image_count ?? 0) > 0 },
        turns: history(asked, await historyImages(session.id, asked, [])),
        seq: previous.at(-1)!.seq + 1,
        now: new Date().toISOString(),
        images: [],
      });
    },

    /**
     * Checks that the run is this user's and still kept, then gives what follows its events after
     * `afterId`, live until it ends (platform/sse.ts relayRun).
     */
    async events(userId: string, runId: string, afterId: number) {
      const message = await runMessage(userId, runId);
      if (!(await events.exists(runId))) {
        throw new AppError(
          'run_expired',
          410,
          `the events of run ${runId} are no longer kept; read the stored message ${message.id} instead`,
          { extra: { messageId: message.id, sessionId: message.session_id, messageStatus: message.status } },
        );
      }
      return (listener: RunEventListener) => events.follow(runId, afterId, listener);
    },

    async stop(userId: string, runId: string) {
      const message = await runMessage(userId, runId);
      if (message.status !== 'streaming') return { runId, status: message.status };
      await runControl.stop(runId, 'stopped');
      return { runId, status: 'stopping' as const };
    },

    /** Answers still being written, for a jobs panel to reattach to. */
    async activeRuns(userId: string) {
      return (await store.streamingForUser(userId)).map((row) => ({
        runId: row.run_id!,
        sessionId: row.session_id,
        messageId: row.id,
        startedAt: row.created_at,
      }));
    },

    /** Answers a dead process left half-written are marked aborted (their text so far is kept). */
    recoverInterrupted: () =>
      store.interruptStale(new Date(Date.now() - deps.limits.maxDurationMs - 60_000).toISOString()),

    /** Resolves when every run of this process has finished and been stored. */
    async drain() {
      await Promise.all(running);
    },
  };
}

export type ChatService = ReturnType<typeof createChatService>;
