// Lookups that run on every reattach, stop, workspace read and start must find their rows
// through an index, not by reading the whole table. SQLite's EXPLAIN QUERY PLAN names a whole-
// table read "SCAN <table>"; the same migration creates the indexes on PostgreSQL.
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/platform/db/database.js';
import type { Database } from '../src/platform/db/schema.js';
import { createChatStore } from '../src/modules/chat/store.js';
import { createSandboxStore } from '../src/modules/sandbox/store.js';
import { createWorkspaceStore } from '../src/modules/workspace/store.js';
import { createTestDatabase, DIALECT, type TestDatabase } from './support/database.js';

describe.skipIf(DIALECT !== 'sqlite')('query plans of frequent lookups (SQLite)', () => {
  let testDatabase: TestDatabase;
  let database: Db;
  let queries: CompiledQuery[] = [];
  let db: Kysely<Database>;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = await testDatabase.open();
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: database.sqlite! }),
      log: (event) => void queries.push(event.query),
    });
  });
  afterAll(async () => {
    await database.close();
    await testDatabase.drop();
  });

  /** The steps of the plans of the queries `run` made. */
  async function plans(run: () => Promise<unknown>) {
    queries = [];
    await run();
    expect(queries.length).toBeGreaterThan(0);
    return queries.flatMap((query) =>
      (
        database.sqlite!.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as Array<{
          detail: string;
        }>
      ).map((row) => row.detail),
    );
  }

  /** The tables each query read whole. */
  const scans = async (run: () => Promise<unknown>) =>
    (await plans(run)).filter((detail) => /^SCAN (?!CONSTANT ROW)/.test(detail));

  it('finds an answer by its run id through an index', async () => {
    expect(await scans(() => createChatStore(db).findMessageByRun('run-1'))).toEqual([]);
  });

  it('finds running answers through the partial index that holds only them', async () => {
    const store = createChatStore(db);
    expect(await scans(() => store.streamingForUser('user-1'))).toEqual([]);
    expect(await scans(() => store.interruptStale(new Date().toISOString()))).toEqual([]);
    expect(await plans(() => store.interruptStale(new Date().toISOString()))).toEqual([
      expect.stringContaining('chat_messages_streaming_idx'),
    ]);
    expect(await plans(() => store.findMessageByRun('run-1'))).toEqual([
      expect.stringContaining('chat_messages_run_idx'),
    ]);
  });

  it("reads a session's images and one image of a user's through indexes", async () => {
    const store = createChatStore(db);
    expect(await scans(() => store.imagesOf('session-1'))).toEqual([]);
    expect(await scans(() => store.imageDataOf('session-1'))).toEqual([]);
    expect(await scans(() => store.imageData(['image-1', 'image-2']))).toEqual([]);
    expect(await scans(() => store.findImage('user-1', 'image-1'))).toEqual([]);
    // Deleting messages (with their session) finds their images by message (a foreign key's lookup).
    expect(
      await scans(() => db.selectFrom('chat_images').select('id').where('message_id', '=', 'm-1').execute()),
    ).toEqual([]);
  });

  it('sweeps unfinished sandbox runs through an index', async () => {
    expect(await scans(() => createSandboxStore(db).failUnfinished(new Date().toISOString()))).toEqual([]);
  });

  it("counts a workspace's files without reading every user's files", async () => {
    const store = createWorkspaceStore(db);
    expect(await scans(() => store.list('user-1', { limit: 20 }))).toEqual([]);
    expect(await scans(() => store.find('user-1', 'workspace-1'))).toEqual([]);
  });

  it('reports a whole-table read (the check itself can fail)', async () => {
    expect(await scans(() => db.selectFrom('chat_messages').selectAll().where('content', '=', 'x').execute())).toEqual([
      'SCAN chat_messages',
    ]);
  });
});
