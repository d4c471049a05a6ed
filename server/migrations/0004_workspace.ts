import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: uses Kysely<any>, never the app's current types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'varchar(100)', (col) => col.notNull())
    .addColumn('description', 'varchar(500)')
    .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
    .addColumn('updated_at', 'varchar(32)', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('workspaces_user_updated_idx')
    .on('workspaces')
    .columns(['user_id', 'updated_at'])
    .execute();

  // File contents live in the database so every instance of a scaled-out deployment sees them.
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('workspace_files')
    .addColumn('workspace_id', 'varchar(36)', (col) => col.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('path', 'varchar(512)', (col) => col.notNull())
    .addColumn('content', bytes, (col) => col.notNull())
    .addColumn('size', 'integer', (col) => col.notNull())
    .addColumn('sha256', 'varchar(64)', (col) => col.notNull())
    .addColumn('mime', 'varchar(100)', (col) => col.notNull())
    .addColumn('is_text', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'varchar(32)', (col) => col.notNull())
    .addPrimaryKeyConstraint('workspace_files_pk', ['workspace_id', 'path'])
    .execute();

  // No foreign key: a review outlives the workspace it read (and SQLite cannot drop such a column).
  await db.schema.alterTable('reviews').addColumn('workspace_id', 'varchar(36)').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reviews').dropColumn('workspace_id').execute();
  await db.schema.dropTable('workspace_files').execute();
  await db.schema.dropTable('workspaces').execute();
}
