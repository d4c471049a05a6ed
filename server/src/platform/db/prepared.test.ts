import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from './database.js';
import { prepared } from './prepared.js';
import type { Database } from './schema.js';

// A table of the test's own; the helper is typed for the app's schema.
interface Notes {
  notes: { id: string; owner: string; body: string; stars: number | null };
}

describe('prepared queries', () => {
  let database: Db;
  let db: Kysely<Notes>;
  const asApp = (kysely: Kysely<Notes>) => kysely as unknown as Kysely<Database>;
  const asNotes = (kysely: Kysely<Database>) => kysely as unknown as Kysely<Notes>;

  beforeEach(async () => {
    database = openDatabase('sqlite::memory:');
    db = asNotes(database.db);
    await db.schema
      .createTable('notes')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('owner', 'text', (col) => col.notNull())
      .addColumn('body', 'text', (col) => col.notNull())
      .addColumn('stars', 'integer')
      .execute();
  });
  afterEach(() => database.close());

  it('builds once and puts each call’s values in, in their places', async () => {
    const build = vi.fn((kysely: Kysely<Database>, p: { owner: string; min: number }) =>
      asNotes(kysely)
        .selectFrom('notes')
        .select(['id', 'stars'])
        .where('owner', '=', p.owner)
        // A literal value of the query's own stays as it is.
        .where('body', '!=', 'hidden')
        .where(sql<boolean>`coalesce(stars, 0) >= ${p.min}`)
        .orderBy('id'),
    );
    const byOwner = prepared(asApp(db), build);
    await db
      .insertInto('notes')
      .values([
        { id: 'a', owner: 'ann', body: 'x', stars: 3 },
        { id: 'b', owner: 'ann', body: 'hidden', stars: 5 },
        { id: 'c', owner: 'ann', body: 'y', stars: null },
        { id: 'd', owner: 'bob', body: 'z', stars: 1 },
      ])
      .execute();

    expect((await byOwner({ owner: 'ann', min: 0 })).rows).toEqual([
      { id: 'a', stars: 3 },
      { id: 'c', stars: null },
    ]);
    // Keys in another order: values go by name, not by position.
    expect((await byOwner({ min: 2, owner: 'ann' })).rows).toEqual([{ id: 'a', stars: 3 }]);
    expect((await byOwner({ owner: 'bob', min: 1 })).rows).toEqual([{ id: 'd', stars: 1 }]);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('inserts and updates every key of a row, in a transaction when one is passed', async () => {
    const insert = prepared(asApp(db), (kysely, row: Notes['notes']) =>
      asNotes(kysely).insertInto('notes').values(row),
    );
    const rename = prepared(
      asApp(db),
      (kysely, { id, ...changes }: { id: string; body: string; stars: number | null }) =>
        asNotes(kysely).updateTable('notes').set(changes).where('id', '=', id),
    );
    await insert({ id: 'a', owner: 'ann', body: 'first', stars: null });
    const result = await rename({ id: 'a', body: 'second', stars: 2 });
    expect(result.numAffectedRows).toBe(1n);

    // A failing transaction takes the prepared writes it ran with it.
    await expect(
      asApp(db)
        .transaction()
        .execute(async (trx) => {
          await insert({ id: 'b', owner: 'bob', body: 'lost', stars: 1 }, trx);
          await rename({ id: 'a', body: 'lost too', stars: null }, trx);
          throw new Error('roll back');
        }),
    ).rejects.toThrow('roll back');
    expect(await db.selectFrom('notes').selectAll().execute()).toEqual([
      { id: 'a', owner: 'ann', body: 'second', stars: 2 },
    ]);
  });

  it('refuses a call that leaves a value out, instead of binding nothing', async () => {
    const byOwner = prepared(asApp(db), (kysely, p: { owner: string; body?: string }) =>
      asNotes(kysely)
        .selectFrom('notes')
        .selectAll()
        .where('owner', '=', p.owner)
        .where('body', '=', p.body ?? ''),
    );
    await byOwner({ owner: 'ann', body: 'x' });
    expect(() => byOwner({ owner: 'ann' })).toThrow('prepared query: no value for body');
  });
});
