import { sql, type Kysely } from 'kysely';

// Indexes that only serve lookups of a few rows now hold only those rows. Every chat turn wrote
// an entry for each message into the status index (only running answers are ever looked up
// there) and one for each user message into the run id index (only answers have a run).
// Smaller indexes, and fewer pages written per turn. Queries name the status as a literal, so a
// planner sees that the partial index applies without looking at bound values.
// Frozen in time: uses Kysely<any>, never the app's current types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('chat_messages_status_idx').execute();
  await db.schema
    .createIndex('chat_messages_streaming_idx')
    .on('chat_messages')
    .column('updated_at')
    .where(sql.ref('status'), '=', sql.lit('streaming'))
    .execute();
  await db.schema.dropIndex('chat_messages_run_idx').execute();
  await db.schema
    .createIndex('chat_messages_run_idx')
    .on('chat_messages')
    .column('run_id')
    .where(sql.ref('run_id'), 'is not', null)
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('chat_messages_run_idx').execute();
  await db.schema.createIndex('chat_messages_run_idx').on('chat_messages').column('run_id').execute();
  await db.schema.dropIndex('chat_messages_streaming_idx').execute();
  await db.schema
    .createIndex('chat_messages_status_idx')
    .on('chat_messages')
    .columns(['status', 'updated_at'])
    .execute();
}
