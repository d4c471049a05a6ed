export interface ChatSession {
  id: string;
  title: string;
  forkedFrom: { sessionId: string; messageId: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

export interface Citation {
  url: string;
  title?: string | null;
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

export interface SendMessageInput {
  content: string;
  /** A model id, or 'auto'. */
  model?: string;
  taskKind?: TaskKind;
  mode?: DeveloperMode;
  /** Let a model that can reason think longer before answering (more tokens); others ignore it. */
  think?: boolean;
}

export const chatKeys = {
  all: ['chat'] as const,
  sessions: () => ['chat', 'sessions'] as const,
  sessionList: (q: string) => ['chat', 'sessions', { q }] as const,
  session: (id: string) => ['chat', 'session', id] as const,
  runs: () => ['chat', 'runs'] as const,
  agents: () => ['chat', 'agents'] as const,
};
