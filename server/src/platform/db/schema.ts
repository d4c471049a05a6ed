// Row shapes of every table, for Kysely's typing. Timestamps are ISO-8601 strings and booleans
// are 0/1 integers, so the same SQL runs on SQLite and PostgreSQL.
import type { Insertable, Selectable } from 'kysely';

export type Role = 'admin' | 'user';

export interface UsersTable {
  id: string;
  email: string;
  name: string | null;
  password_hash: string;
  role: Role;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface AdminClaimTable {
  id: string;
  user_id: string;
  claimed_at: string;
}

export interface RefreshTokensTable {
  id: string;
  user_id: string;
  family_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  rotated_at: string | null;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  provider: string;
  ciphertext: string;
  key_id: string;
  last4: string;
  base_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: string;
  created_at: string;
  event: string;
  outcome: 'success' | 'failure';
  actor_id: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  details: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface InvitationsTable {
  id: string;
  token_hash: string;
  email: string | null;
  role: Role;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
}

export type MessageStatus = 'streaming' | 'complete' | 'aborted' | 'error';

export interface ChatSessionsTable {
  id: string;
  user_id: string;
  title: string;
  /** The user's instructions for the conversation, read after the agent's system prompt. */
  instructions: string | null;
  forked_from_session_id: string | null;
  forked_from_message_id: string | null;
  created_at: string;
  updated_at: string;
}

/** A user's preferences for chat (a row once they set any). */
export interface ChatPreferencesTable {
  user_id: string;
  /** Instructions every answer in every chat of the user reads, before the chat's own. */
  instructions: string | null;
  updated_at: string;
}

export interface ChatMessagesTable {
  id: string;
  session_id: string;
  seq: number;
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** The model's visible thinking before its answer, if it sent any. */
  reasoning: string | null;
  status: MessageStatus;
  error_code: string | null;
  run_id: string | null;
  provider: string | null;
  model: string | null;
  agent: string | null;
  task_kind: string | null;
  route_reason: string | null;
  citations: string | null;
  finish_reason: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_micros: number | null;
  ttft_ms: number | null;
  duration_ms: number | null;
  context_dropped: number | null;
  /** Images sent with a user message (chat_images); null or 0 for none. */
  image_count: number | null;
  created_at: string;
  updated_at: string;
}

export interface ChatImagesTable {
  id: string;
  session_id: string;
  message_id: string;
  /** Order within the message, from 0. */
  position: number;
  /** Detected from the bytes: image/png, image/jpeg, image/gif or image/webp. */
  media_type: string;
  size: number;
  /** BLOB in SQLite, bytea in PostgreSQL. */
  data: Buffer;
  created_at: string;
}

export interface UsageRecordsTable {
  id: string;
  user_id: string;
  message_id: string | null;
  source: 'chat' | 'api';
  provider: string;
  model: string;
  outcome: 'complete' | 'aborted' | 'error';
  input_tokens: number;
  output_tokens: number;
  cost_micros: number;
  latency_ms: number;
  ttft_ms: number | null;
  day: string;
  created_at: string;
}

export interface UserBudgetsTable {
  user_id: string;
  monthly_limit_micros: number | string;
  updated_at: string;
}

export interface PersonalAccessTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ReviewsTable {
  id: string;
  user_id: string;
  status: 'queued' | 'running' | 'complete' | 'failed';
  /** The event log of the current attempt (a new one if another worker takes the review over). */
  run_id: string | null;
  source: 'snippet' | 'files' | 'diff' | 'workspace';
  /** The workspace a `workspace` review read (no foreign key: the review outlives it). */
  workspace_id: string | null;
  title: string;
  /** JSON: the options the review ran with (categories, AI on or off). */
  options: string;
  files_total: number;
  files_done: number;
  findings_count: number;
  /** JSON: the report without its findings (summary, scores, files, metrics, tools, AI). */
  overview: string | null;
  error_code: string | null;
  error_detail: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface ReviewFilesTable {
  review_id: string;
  path: string;
  position: number;
  language: string | null;
  content: string;
  sha256: string;
  /** JSON array of changed line numbers for a diff review. */
  changed_lines: string | null;
  reconstructed: number;
}

export interface ReviewFindingsTable {
  review_id: string;
  id: string;
  seq: number;
  file: string;
  line: number;
  col: number;
  end_line: number | null;
  end_col: number | null;
  rule_id: string;
  severity: string;
  category: string;
  message: string;
  source: string;
  ai_message: string | null;
  /** JSON: the fix's description and text edits, against the file's current content. */
  fix: string | null;
  fix_state: 'available' | 'applied' | 'stale' | null;
}

export interface WorkspacesTable {
  id: string;
  user_id: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorkspaceFilesTable {
  workspace_id: string;
  /** Relative POSIX path in NFC (see modules/workspace/paths.ts). */
  path: string;
  /** The bytes (BLOB in SQLite, bytea in PostgreSQL): instances share no disk. */
  content: Buffer;
  size: number;
  sha256: string;
  mime: string;
  /** 1 for UTF-8 text, 0 for an accepted binary type. */
  is_text: number;
  updated_at: string;
}

export interface ClipboardItemsTable {
  id: string;
  user_id: string;
  title: string;
  content: string;
  language: string | null;
  /** 1 keeps the item at the top of the list. */
  pinned: number;
  source_session_id: string | null;
  source_message_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface SandboxRunsTable {
  id: string;
  user_id: string;
  workspace_id: string | null;
  language: string;
  filename: string;
  code: string;
  stdin: string | null;
  /** The wall-clock limit this run was given (at most SANDBOX_TIMEOUT_SECONDS). */
  timeout_seconds: number;
  status: 'queued' | 'running' | 'complete' | 'failed' | 'stopped';
  exit_code: number | null;
  signal: string | null;
  /** The limit that ended the run: timeout, memory, output or cpu. */
  limit_hit: string | null;
  /** Output kept up to the cap (stdout and stderr together). */
  stdout: string;
  stderr: string;
  output_truncated: number;
  duration_ms: number | null;
  error_code: string | null;
  error_detail: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface Database {
  users: UsersTable;
  admin_claim: AdminClaimTable;
  refresh_tokens: RefreshTokensTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  invitations: InvitationsTable;
  chat_sessions: ChatSessionsTable;
  chat_preferences: ChatPreferencesTable;
  chat_messages: ChatMessagesTable;
  chat_images: ChatImagesTable;
  usage_records: UsageRecordsTable;
  user_budgets: UserBudgetsTable;
  personal_access_tokens: PersonalAccessTokensTable;
  reviews: ReviewsTable;
  review_files: ReviewFilesTable;
  review_findings: ReviewFindingsTable;
  workspaces: WorkspacesTable;
  workspace_files: WorkspaceFilesTable;
  clipboard_items: ClipboardItemsTable;
  sandbox_runs: SandboxRunsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
