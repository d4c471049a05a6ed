import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupCommit, type Transact } from './group-commit.js';
import type { Database } from './schema.js';

// Tables of the test's own; the helper is typed for the app's schema.
interface Notes {
  owners: { id: string };
  notes: { id: string; owner: string };
}

describe('group commit (SQLite)', () => {
  let sqlite: SQLite.Database;
  let db: Kysely<Notes>;
  let transact: Transact;
  /** The statements SQLite was asked to prepare, in order: each transaction's begin and commit among them. */
  let statements: string[];
  const commits = () => statements.filter((text) => text === 'commit').length;
  const notes = async () => (await db.selectFrom('notes').select('id').orderBy('id').execute()).map((row) => row.id);
  const insert = (trx: Kysely<Database>, id: string, owner = 'ann') =>
    (trx as unknown as Kysely<Notes>).insertInto('notes').values({ id, owner }).execute();

  beforeEach(async () => {
    sqlite = new SQLite(':memory:');
    sqlite.pragma('foreign_keys = ON');
    statements = [];
    const counted = {
      prepare(text: string) {
        statements.push(text);
        return sqlite.prepare(text);
      },
      close: () => sqlite.close(),
    };
    db = new Kysely<Notes>({ dialect: new SqliteDialect({ database: counted }) });
    await db.schema
      .createTable('owners')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .execute();
    await db.schema
      .createTable('notes')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('owner', 'text', (col) => col.notNull().references('owners.id'))
      .execute();
    await db.insertInto('owners').values({ id: 'ann' }).execute();
    transact = groupCommit(db as unknown as Kysely<Database>, 'sqlite');
    statements = [];
  });
  afterEach(() => db.destroy());

  it('runs the transactions asked for in one turn under one commit, each with its own result', async () => {
    const results = await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        transact(async (trx) => {
          await insert(trx, id);
          return `stored ${id}`;
        }),
      ),
    );
    expect(results).toEqual(['stored a', 'stored b', 'stored c']);
    expect(commits()).toBe(1);
    expect(await notes()).toEqual(['a', 'b', 'c']);
  });

  it('gives a transaction asked for in a later turn a commit of its own', async () => {
    await transact((trx) => insert(trx, 'a'));
    await transact((trx) => insert(trx, 'b'));
    expect(commits()).toBe(2);
    // Alone in its turn, a transaction runs without savepoints.
    expect(statements.some((text) => text.startsWith('savepoint'))).toBe(false);
  });

  it('rolls back only the transaction that failed, with all its writes, and rejects only its caller', async () => {
    const outcomes = await Promise.allSettled([
      transact((trx) => insert(trx, 'a')),
      transact(async (trx) => {
        await insert(trx, 'b1');
        await insert(trx, 'b2');
        throw new Error('refused halfway');
      }),
      // A primary key violation, as a concurrent send to one session meets.
      transact(async (trx) => {
        await insert(trx, 'c');
        await insert(trx, 'a');
      }),
      transact((trx) => insert(trx, 'd')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain('refused halfway');
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(commits()).toBe(1);
    expect(await notes()).toEqual(['a', 'd']);
  });

  it('rejects every transaction of the group when the commit fails, and stores none of them', async () => {
    const outcomes = await Promise.allSettled([
      transact((trx) => insert(trx, 'a')),
      // A foreign key checked at commit: the whole commit fails.
      transact(async (trx) => {
        await sql`pragma defer_foreign_keys = on`.execute(trx);
        await insert(trx, 'orphan', 'nobody');
      }),
      transact((trx) => insert(trx, 'c')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect(await notes()).toEqual([]);
    // The connection is usable afterwards.
    await transact((trx) => insert(trx, 'later'));
    expect(await notes()).toEqual(['later']);
  });

  it('splits a large turn into groups of at most 128', async () => {
    const ids = Array.from({ length: 300 }, (_, index) => `n${String(index).padStart(3, '0')}`);
    await Promise.all(ids.map((id) => transact((trx) => insert(trx, id))));
    expect(commits()).toBe(3);
    expect(await notes()).toEqual(ids);
  });
});
