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

export interface Database {
  users: UsersTable;
  admin_claim: AdminClaimTable;
  refresh_tokens: RefreshTokensTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  invitations: InvitationsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
