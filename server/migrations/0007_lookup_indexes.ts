import type { Kysely } from 'kysely';

// Lookups that scanned their whole table (found with EXPLAIN QUERY PLAN over the test suite's
// queries): an answer by its run id (reattach, stop) and the sweep of unfinished sandbox runs
// at start.
// Frozen in time: uses Kysely<any>, never the app's current types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('chat_messages_run_idx').on('chat_messages').column('run_id').execute();
  await db.schema.createIndex('sandbox_runs_status_idx').on('sandbox_runs').columns(['status', 'updated_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sandbox_runs_status_idx').execute();
  await db.schema.dropIndex('chat_messages_run_idx').execute();
}
