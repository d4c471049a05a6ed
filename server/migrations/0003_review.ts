import type { Kysely } from 'kysely';

// Frozen in time: uses Kysely<any>, never the app's current types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reviews')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('run_id', 'varchar(36)')
    .addColumn('source', 'varchar(16)', (col) => col.notNull())
    .addColumn('title', 'varchar(200)', (col) => col.notNull())
    .addColumn('options', 'text', (col) => col.notNull())
    .addColumn('files_total', 'integer', (col) => col.notNull())
    .addColumn('files_done', 'integer', (col) => col.notNull())
    .addColumn('findings_count', 'integer', (col) => col.notNull())
    .addColumn('overview', 'text')
    .addColumn('error_code', 'varchar(64)')
    .addColumn('error_detail', 'text')
    .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
    .addColumn('updated_at', 'varchar(32)', (col) => col.notNull())
    .addColumn('finished_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('reviews_user_created_idx').on('reviews').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('reviews_status_idx').on('reviews').columns(['status', 'updated_at']).execute();

  await db.schema
    .createTable('review_files')
    .addColumn('review_id', 'varchar(36)', (col) => col.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('path', 'varchar(1024)', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('language', 'varchar(16)')
    .addColumn('content', 'text', (col) => col.notNull())
    .addColumn('sha256', 'varchar(64)', (col) => col.notNull())
    .addColumn('changed_lines', 'text')
    .addColumn('reconstructed', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('review_files_pk', ['review_id', 'path'])
    .execute();

  await db.schema
    .createTable('review_findings')
    .addColumn('review_id', 'varchar(36)', (col) => col.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('id', 'varchar(40)', (col) => col.notNull())
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('file', 'varchar(1024)', (col) => col.notNull())
    .addColumn('line', 'integer', (col) => col.notNull())
    .addColumn('col', 'integer', (col) => col.notNull())
    .addColumn('end_line', 'integer')
    .addColumn('end_col', 'integer')
    .addColumn('rule_id', 'varchar(200)', (col) => col.notNull())
    .addColumn('severity', 'varchar(16)', (col) => col.notNull())
    .addColumn('category', 'varchar(32)', (col) => col.notNull())
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('source', 'varchar(8)', (col) => col.notNull())
    .addColumn('ai_message', 'text')
    .addColumn('fix', 'text')
    .addColumn('fix_state', 'varchar(16)')
    .addPrimaryKeyConstraint('review_findings_pk', ['review_id', 'id'])
    .execute();
  await db.schema.createIndex('review_findings_seq_idx').on('review_findings').columns(['review_id', 'seq']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('review_findings').execute();
  await db.schema.dropTable('review_files').execute();
  await db.schema.dropTable('reviews').execute();
}
