import type { Kysely } from 'kysely';

// The thinking a reasoning model shows before its answer (xAI, DeepSeek, Ollama's and vLLM's
// reasoning models), kept beside the answer: it is shown, exported and forked, never sent back.
// Frozen in time: uses Kysely<any>, never the app's current types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chat_messages').addColumn('reasoning', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chat_messages').dropColumn('reasoning').execute();
}
