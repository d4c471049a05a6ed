export interface ChatSession {
  id: string;
  title: string;
  forkedFrom: { sessionId: string; messageId: string | null } | null;
  /** Standing instructions every answer in the session follows (after the agent's own); null when none. */
  instructions: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What a search found in a session's messages: the last message that holds the text, around it. */
export interface SessionMatch {
  messageId: string;
  role: 'system' | 'user' | 'assistant';
  /** About 160 characters around the text found, whitespace collapsed, with … where cut. */
  excerpt: string;
}

/** A session in the list; searched (with q), with the message found (null when only the title matched). */
export interface ChatSessionListItem extends ChatSession {
  match?: SessionMatch | null;
}

export interface Citation {
  url: string;
  title?: string | null;
}

/** An image sent with a question; its bytes come from GET /chat/images/:id (api/get-image). */
export interface ChatImage {
  id: string;
  mediaType: string;
  /** Bytes. */
  size: number;
}

export type MessageStatus = 'streaming' | 'complete' | 'aborted' | 'error';

export interface ChatMessage {
  id: string;
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** The model's visible thinking (assistant messages); null when it sent none. */
  reasoning: string | null;
  status: MessageStatus;
  errorCode: string | null;
  runId: string | null;
  provider: string | null;
  model: string | null;
  agent: string | null;
  taskKind: string | null;
  routeReason: string | null;
  citations: Citation[];
  finishReason: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  ttftMs: number | null;
  durationMs: number | null;
  contextDropped: number;
  /** The images sent with a question (only user messages have any); absent in older cached data. */
  images?: ChatImage[];
  createdAt: string;
}

export interface ChatSessionWithMessages extends ChatSession {
  messages: ChatMessage[];
}

export const TASK_KINDS = [
  'general',
  'code',
  'code-review',
  'debugging',
  'documentation',
  'research',
  'creative',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export type DeveloperMode = 'junior' | 'senior';

/** An image to send: a data:image/png|jpeg|gif|webp;base64 URL. */
export interface ImageAttachment {
  dataUrl: string;
}

export interface SendMessageInput {
  /** May be empty when images are sent. */
  content: string;
  /** Left out when there are none. */
  images?: ImageAttachment[];
  /** A model id, or 'auto'. */
  model?: string;
  taskKind?: TaskKind;
  mode?: DeveloperMode;
  /** Let a model that can reason think longer before answering (more tokens); others ignore it. */
  think?: boolean;
}

/** Answering the session's last question again: the options of a message, without one. */
export type RegenerateInput = Omit<SendMessageInput, 'content' | 'images'>;

export const chatKeys = {
  all: ['chat'] as const,
  sessions: () => ['chat', 'sessions'] as const,
  sessionList: (q: string) => ['chat', 'sessions', { q }] as const,
  session: (id: string) => ['chat', 'session', id] as const,
  runs: () => ['chat', 'runs'] as const,
  agents: () => ['chat', 'agents'] as const,
  image: (id: string) => ['chat', 'image', id] as const,
};
