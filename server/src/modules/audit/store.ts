import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditLogTable, Database } from '../../platform/db/schema.js';

export type AuditRow = AuditLogTable;
export type NewAuditEntry = Omit<AuditRow, 'id' | 'created_at'>;

export interface AuditFilter {
  event?: string;
  actorId?: string;
  outcome?: 'success' | 'failure';
  since?: string;
  until?: string;
  limit: number;
  after?: { createdAt: string; id: string };
}

export function createAuditStore(db: Kysely<Database>) {
  return {
    async insert(entry: NewAuditEntry, now = new Date()) {
      await db
        .insertInto('audit_log')
        .values({ ...entry, id: randomUUID(), created_at: now.toISOString() })
        .execute();
    },
    list(filter: AuditFilter): Promise<AuditRow[]> {
      let query = db.selectFrom('audit_log').selectAll();
      if (filter.event) query = query.where('event', '=', filter.event);
      if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
      if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
      if (filter.since) query = query.where('created_at', '>=', filter.since);
      if (filter.until) query = query.where('created_at', '<', filter.until);
      const after = filter.after;
      if (after) {
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(refTuple('created_at', 'id'), '<', tuple(after.createdAt, after.id)),
        );
      }
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    },
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;
