import type { Kysely } from 'kysely';

// Frozen in time: uses Kysely<any>, never the app's current types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('base_url', 'varchar(2048)').execute();

  await db.schema
    .createTable('chat_sessions')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'varchar(200)', (col) => col.notNull())
    .addColumn('forked_from_session_id', 'varchar(36)')
    .addColumn('forked_from_message_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
    .addColumn('updated_at', 'varchar(32)', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('chat_sessions_user_updated_idx')
    .on('chat_sessions')
    .columns(['user_id', 'updated_at'])
    .execute();

  await db.schema
    .createTable('chat_messages')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('session_id', 'varchar(36)', (col) => col.notNull().references('chat_sessions.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('role', 'varchar(16)', (col) => col.notNull())
    .addColumn('content', 'text', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('error_code', 'varchar(64)')
    .addColumn('run_id', 'varchar(36)')
    .addColumn('provider', 'varchar(32)')
    .addColumn('model', 'varchar(200)')
    .addColumn('agent', 'varchar(32)')
    .addColumn('task_kind', 'varchar(32)')
    .addColumn('route_reason', 'text')
    .addColumn('citations', 'text')
    .addColumn('finish_reason', 'varchar(32)')
    .addColumn('input_tokens', 'integer')
    .addColumn('output_tokens', 'integer')
    .addColumn('cost_micros', 'integer')
    .addColumn('ttft_ms', 'integer')
    .addColumn('duration_ms', 'integer')
    .addColumn('context_dropped', 'integer')
    .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
    .addColumn('updated_at', 'varchar(32)', (col) => col.notNull())
    .addUniqueConstraint('chat_messages_session_seq_unique', ['session_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('chat_messages_status_idx')
    .on('chat_messages')
    .columns(['status', 'updated_at'])
    .execute();

  await db.schema
    .createTable('usage_records')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('message_id', 'varchar(36)')
    .addColumn('source', 'varchar(16)', (col) => col.notNull())
    .addColumn('provider', 'varchar(32)', (col) => col.notNull())
    .addColumn('model', 'varchar(200)', (col) => col.notNull())
    .addColumn('outcome', 'varchar(16)', (col) => col.notNull())
    .addColumn('input_tokens', 'integer', (col) => col.notNull())
    .addColumn('output_tokens', 'integer', (col) => col.notNull())
    .addColumn('cost_micros', 'integer', (col) => col.notNull())
    .addColumn('latency_ms', 'integer', (col) => col.notNull())
    .addColumn('ttft_ms', 'integer')
    .addColumn('day', 'varchar(10)', (col) => col.notNull())
    .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('usage_records_user_day_idx').on('usage_records').columns(['user_id', 'day']).execute();
  await db.schema.createIndex('usage_records_day_idx').on('usage_records').column('day').execute();

  await db.schema
    .createTable('user_budgets')
    .addColumn('user_id', 'varchar(36)', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('monthly_limit_micros', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'varchar(32)', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('personal_access_tokens')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'varchar(100)', (col) => col.notNull())
    .addColumn('token_hash', 'varchar(64)', (col) => col.notNull().unique())
    .addColumn('prefix', 'varchar(16)', (col) => col.notNull())
    .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
    .addColumn('expires_at', 'varchar(32)')
    .addColumn('last_used_at', 'varchar(32)')
    .addColumn('revoked_at', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('personal_access_tokens_user_idx')
    .on('personal_access_tokens')
    .column('user_id')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['personal_access_tokens', 'user_budgets', 'usage_records', 'chat_messages', 'chat_sessions']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('api_keys').dropColumn('base_url').execute();
}
