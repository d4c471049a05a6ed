// The security audit trail: who did what, from where, and whether it worked. Written by one
// call per event from the services; read by admins, paged newest first.
import { keysetPage } from '../../platform/http.js';
import type { AuditStore, AuditFilter } from './store.js';

export type AuditEvent =
  | 'register'
  | 'login'
  | 'logout'
  | 'refresh_token_reuse'
  | 'password_reset'
  | 'password_change'
  | 'role_change'
  | 'user_disabled'
  | 'user_enabled'
  | 'user_created'
  | 'api_key_set'
  | 'api_key_deleted'
  | 'server_api_key_set'
  | 'server_api_key_deleted'
  | 'registration_mode_changed'
  | 'invitation_created'
  | 'invitation_revoked'
  | 'budget_changed'
  | 'token_created'
  | 'token_revoked'
  | 'routing_changed'
  | 'workspace_created'
  | 'workspace_deleted';

/** Where a request came from; absent for events raised by the CLI. */
export interface RequestOrigin {
  ip?: string;
  userAgent?: string;
}

export interface AuditRecord {
  event: AuditEvent;
  outcome: 'success' | 'failure';
  actorId?: string | null;
  targetId?: string | null;
  origin?: RequestOrigin;
  details?: Record<string, unknown>;
}

export function createAuditService(store: AuditStore) {
  return {
    record(entry: AuditRecord) {
      return store.insert({
        event: entry.event,
        outcome: entry.outcome,
        actor_id: entry.actorId ?? null,
        target_id: entry.targetId ?? null,
        ip: entry.origin?.ip ?? null,
        user_agent: entry.origin?.userAgent?.slice(0, 512) ?? null,
        details: entry.details ? JSON.stringify(entry.details) : null,
      });
    },

    async list(filter: Omit<AuditFilter, 'after'> & { cursor?: string }) {
      const { rows, nextCursor } = await keysetPage(
        filter,
        2,
        (after, limit) =>
          store.list({ ...filter, limit, after: after ? { createdAt: after[0]!, id: after[1]! } : undefined }),
        (row) => [row.created_at, row.id],
      );
      return {
        items: rows.map((row) => ({
          id: row.id,
          createdAt: row.created_at,
          event: row.event,
          outcome: row.outcome,
          actorId: row.actor_id,
          targetId: row.target_id,
          ip: row.ip,
          userAgent: row.user_agent,
          details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
        })),
        nextCursor,
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
