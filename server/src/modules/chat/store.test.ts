import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUniqueViolation, openDatabase, type Db } from '../../platform/db/database.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { createChatStore, messageRow, type MessageRow } from './store.js';

const NOW = '2026-11-26T12:00:00.000Z';

const turn = (sessionId: string, seq: number, tag: string): MessageRow[] => [
  messageRow({
    id: `${tag}-question`,
    session_id: sessionId,
    seq,
    role: 'user',
    content: tag,
    status: 'complete',
    created_at: NOW,
  }),
  messageRow({
    id: `${tag}-answer`,
    session_id: sessionId,
    seq: seq + 1,
    role: 'assistant',
    content: '',
    status: 'streaming',
    created_at: NOW,
  }),
];

// The turns of one event-loop turn share a commit (platform/db/group-commit.ts), so two sends
// that read the same history meet inside one SQLite transaction.
describe('chat store turns under group commit (SQLite)', () => {
  let database: Db;
  let store: ReturnType<typeof createChatStore>;

  beforeEach(async () => {
    database = openDatabase('sqlite::memory:');
    await migrateToLatest(database);
    await database.db
      .insertInto('users')
      .values({
        id: 'u1',
        email: 'ann@example.test',
        password_hash: 'x',
        role: 'user',
        disabled: 0,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
    store = createChatStore(database.db, database.transact);
    for (const id of ['s1', 's2']) {
      await store.insertSession({
        id,
        user_id: 'u1',
        title: 'New chat',
        instructions: null,
        forked_from_session_id: null,
        forked_from_message_id: null,
        created_at: NOW,
        updated_at: NOW,
      });
    }
  });
  afterEach(() => database.close());

  it('refuses the second of two turns with the same place in one session, and keeps the rest of the commit', async () => {
    const outcomes = await Promise.allSettled([
      store.insertTurn(turn('s1', 1, 'first'), { updatedAt: NOW, title: 'first' }),
      store.insertTurn(turn('s1', 1, 'rival'), { updatedAt: NOW, title: 'rival' }),
      store.insertTurn(turn('s2', 1, 'other'), { updatedAt: NOW }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isUniqueViolation((outcomes[1] as PromiseRejectedResult).reason)).toBe(true);
    expect((await store.messages('s1')).map((message) => message.id)).toEqual(['first-question', 'first-answer']);
    expect((await store.messages('s2')).map((message) => message.id)).toEqual(['other-question', 'other-answer']);
    // The refused turn's title change went with it.
    expect((await store.findSession('u1', 's1'))?.title).toBe('first');
  });

  it('pages sessions most recent first, past sessions updated in the same millisecond', async () => {
    await store.insertSession({
      id: 's0',
      user_id: 'u1',
      title: 'Older',
      instructions: null,
      forked_from_session_id: null,
      forked_from_message_id: null,
      created_at: '2026-11-25T12:00:00.000Z',
      updated_at: '2026-11-25T12:00:00.000Z',
    });
    const ids = async (after?: { updatedAt: string; id: string }) =>
      (await store.listSessions('u1', { limit: 10, after })).map((session) => session.id);
    expect(await ids()).toEqual(['s2', 's1', 's0']);
    // After s2 comes s1, which has the same time and a smaller id; after s1, the older one.
    expect(await ids({ updatedAt: NOW, id: 's2' })).toEqual(['s1', 's0']);
    expect(await ids({ updatedAt: NOW, id: 's1' })).toEqual(['s0']);
  });
});
