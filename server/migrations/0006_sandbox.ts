import type { Kysely } from 'kysely';

// Frozen in time: uses Kysely<any>, never the app's current types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sandbox_runs')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('workspace_id', 'varchar(36)')
    .addColumn('language', 'varchar(32)', (col) => col.notNull())
    .addColumn('filename', 'varchar(100)', (col) => col.notNull())
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('stdin', 'text')
    .addColumn('timeout_seconds', 'integer', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('exit_code', 'integer')
    .addColumn('signal', 'varchar(16)')
    .addColumn('limit_hit', 'varchar(16)')
    .addColumn('stdout', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('stderr', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('output_truncated', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('duration_ms', 'integer')
    .addColumn('error_code', 'varchar(64)')
    .addColumn('error_detail', 'text')
    .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
    .addColumn('updated_at', 'varchar(32)', (col) => col.notNull())
    .addColumn('finished_at', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('sandbox_runs_user_created_idx')
    .on('sandbox_runs')
    .columns(['user_id', 'created_at', 'id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sandbox_runs').execute();
}
