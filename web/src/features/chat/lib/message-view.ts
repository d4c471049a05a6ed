// What a message bubble shows: the stored message, overlaid with the live run while it streams.
import type { ChatMessage } from '../api/types';
import type { LiveRun, LiveStatus } from './run-store';

/** An image stored with a question: its bytes are fetched by id; its size counts in the limits when it is edited. */
export interface StoredImage {
  id: string;
  mediaType: string;
  size: number;
}

/** An image of a question: stored, or just sent and not stored yet. */
export type MessageImage = StoredImage | { dataUrl: string };

export const isStoredImage = (image: MessageImage): image is StoredImage => 'id' in image;

export interface MessageView {
  key: string;
  id: string | null;
  role: 'user' | 'assistant';
  content: string;
  /** The model's visible thinking, shown apart from the answer ('' when there is none). */
  reasoning: string;
  status: LiveStatus;
  runId: string | null;
  model: string | null;
  /** The live run's model thinks longer for this answer; stored messages do not record it. */
  thinking: boolean;
  provider: string | null;
  agent: string | null;
  taskKind: string | null;
  reason: string | null;
  contextDropped: number;
  inputTokens: number | null;
  outputTokens: number | null;
  estimated: boolean;
  costUsd: number | null;
  ttftMs: number | null;
  durationMs: number | null;
  citations: Array<{ index: number; url: string; title?: string | null }>;
  error: { code: string; detail?: string } | null;
  stopping: boolean;
  images: MessageImage[];
}

const errorOf = (run: LiveRun): MessageView['error'] => {
  if (!run.error) return null;
  return { code: run.error.code, detail: run.error.detail };
};

export function storedView(message: ChatMessage, live?: LiveRun): MessageView {
  const base: MessageView = {
    key: message.id,
    id: message.id,
    role: message.role === 'user' ? 'user' : 'assistant',
    content: message.content,
    reasoning: message.reasoning ?? '',
    status: message.status,
    runId: message.runId,
    model: message.model,
    thinking: false,
    provider: message.provider,
    agent: message.agent,
    taskKind: message.taskKind,
    reason: message.routeReason,
    contextDropped: message.contextDropped,
    inputTokens: message.inputTokens,
    outputTokens: message.outputTokens,
    estimated: false,
    costUsd: message.costUsd,
    ttftMs: message.ttftMs,
    durationMs: message.durationMs,
    citations: message.citations.map((citation, index) => ({ ...citation, index: index + 1 })),
    error: message.status === 'error' ? { code: message.errorCode ?? 'internal_error' } : null,
    stopping: false,
    images: (message.images ?? []).map(({ id, mediaType, size }) => ({ id, mediaType, size })),
  };
  return live ? { ...base, ...liveFields(live, base) } : base;
}

function liveFields(run: LiveRun, base?: MessageView): Partial<MessageView> {
  return {
    content: run.text,
    reasoning: run.reasoning,
    status: run.status,
    runId: run.runId ?? base?.runId ?? null,
    model: run.meta?.model ?? base?.model ?? null,
    thinking: run.meta?.thinking === true,
    provider: run.meta?.provider ?? base?.provider ?? null,
    agent: run.meta?.agent ?? base?.agent ?? null,
    taskKind: run.meta?.taskKind ?? base?.taskKind ?? null,
    reason: run.meta?.reason ?? base?.reason ?? null,
    contextDropped: run.meta?.contextDropped ?? base?.contextDropped ?? 0,
    inputTokens: run.usage?.inputTokens ?? null,
    outputTokens: run.usage?.outputTokens ?? null,
    estimated: run.usage?.estimated ?? false,
    costUsd: run.usage?.costUsd ?? null,
    ttftMs: run.usage?.ttftMs ?? null,
    durationMs: run.usage?.durationMs ?? null,
    citations: run.citations,
    error: errorOf(run),
    stopping: run.stopping,
  };
}

function emptyView(key: string, role: MessageView['role']): MessageView {
  return {
    key,
    id: null,
    role,
    content: '',
    reasoning: '',
    status: 'complete',
    runId: null,
    model: null,
    thinking: false,
    provider: null,
    agent: null,
    taskKind: null,
    reason: null,
    contextDropped: 0,
    inputTokens: null,
    outputTokens: null,
    estimated: false,
    costUsd: null,
    ttftMs: null,
    durationMs: null,
    citations: [],
    error: null,
    stopping: false,
    images: [],
  };
}

/** A bubble for an answer whose stored message has not been loaded yet. */
export const pendingAnswerView = (run: LiveRun): MessageView => ({
  ...emptyView(`${run.key}-answer`, 'assistant'),
  id: run.messageId,
  ...liveFields(run),
});

/** What the user sent, until the stored message arrives. */
export const pendingUserView = (run: LiveRun): MessageView => ({
  ...emptyView(`${run.key}-user`, 'user'),
  content: run.userContent ?? '',
  images: (run.userImages ?? []).map(({ dataUrl }) => ({ dataUrl })),
});

// Views of stored messages without a live run, kept per message object: while an answer streams,
// the other messages keep their identity and their (memoised) Markdown is not parsed again.
const settledViews = new WeakMap<ChatMessage, MessageView>();

/** The list the conversation shows: stored messages, then answers not stored (or loaded) yet. */
export function buildViews(messages: readonly ChatMessage[], runs: readonly LiveRun[]): MessageView[] {
  const views: MessageView[] = [];
  const storedIds = new Set(messages.map((message) => message.id));
  for (const message of messages) {
    if (message.role === 'system') continue;
    const live = message.role === 'assistant' ? runs.find((run) => run.messageId === message.id) : undefined;
    if (live) {
      views.push(storedView(message, live));
      continue;
    }
    let view = settledViews.get(message);
    if (!view) {
      view = storedView(message);
      settledViews.set(message, view);
    }
    views.push(view);
  }
  for (const run of runs) {
    if (run.messageId && storedIds.has(run.messageId)) continue;
    if (run.userContent !== undefined) views.push(pendingUserView(run));
    views.push(pendingAnswerView(run));
  }
  return views;
}

/**
 * An answer followed by another that counts (one running, or with text and no error): an earlier
 * answer to the same question (regenerated since). It stays in the session, but the model no
 * longer sees it, by the server's rule for the history it sends.
 */
export function isEarlierAnswer(views: readonly MessageView[], index: number) {
  if (views[index]?.role !== 'assistant') return false;
  for (let next = index + 1; views[next]?.role === 'assistant'; next++) {
    const view = views[next]!;
    if (isRunning(view.status) || (view.status !== 'error' && view.content.trim() !== '')) return true;
  }
  return false;
}

export const isRunning = (status: LiveStatus) =>
  status === 'sending' || status === 'streaming' || status === 'reconnecting';
