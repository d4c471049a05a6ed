import { PostgresAdapter, type Kysely } from 'kysely';

// Images sent with a chat message, for vision models. The bytes live in the database, like
// workspace files, so every instance of a scaled-out deployment can send them with the history.
// A message says how many it has (image_count), so that a turn of a session without images reads
// no more than before.
// Frozen in time: uses Kysely<any>, never the app's current types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('chat_images')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('session_id', 'varchar(36)', (col) => col.notNull().references('chat_sessions.id').onDelete('cascade'))
    .addColumn('message_id', 'varchar(36)', (col) => col.notNull().references('chat_messages.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('media_type', 'varchar(32)', (col) => col.notNull())
    .addColumn('size', 'integer', (col) => col.notNull())
    .addColumn('data', bytes, (col) => col.notNull())
    .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('chat_images_session_idx').on('chat_images').column('session_id').execute();
  // Deleting messages (with their session) finds their images by this index.
  await db.schema
    .createIndex('chat_images_message_idx')
    .on('chat_images')
    .columns(['message_id', 'position'])
    .execute();
  await db.schema.alterTable('chat_messages').addColumn('image_count', 'integer').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chat_messages').dropColumn('image_count').execute();
  await db.schema.dropTable('chat_images').execute();
}
