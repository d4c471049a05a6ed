import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, withStatementCache } from './database.js';

describe('the SQLite statement cache', () => {
  it('prepares a SQL text once and reuses its statement', () => {
    const database = new SQLite(':memory:');
    const cache = withStatementCache(database);
    const first = cache.prepare('select 1 as one');
    expect(cache.prepare('select 1 as one')).toBe(first);
    expect(cache.prepare('select 2 as two')).not.toBe(first);
    database.close();
  });

  it('drops the least recently used statement past its size', () => {
    const database = new SQLite(':memory:');
    const cache = withStatementCache(database, 2);
    const a = cache.prepare('select 1');
    const b = cache.prepare('select 2');
    expect(cache.prepare('select 1')).toBe(a); // now b is the oldest
    cache.prepare('select 3');
    expect(cache.prepare('select 1')).toBe(a);
    expect(cache.prepare('select 2')).not.toBe(b);
    database.close();
  });

  it('gives Kysely correct results when a cached statement runs again with other values', async () => {
    const { db, close } = openDatabase('sqlite::memory:');
    await db.schema.createTable('t').addColumn('n', 'integer').execute();
    const raw = db as unknown as import('kysely').Kysely<{ t: { n: number } }>;
    for (const n of [1, 2, 3]) await raw.insertInto('t').values({ n }).execute();
    const above = (min: number) => raw.selectFrom('t').select('n').where('n', '>', min).orderBy('n').execute();
    expect(await above(1)).toEqual([{ n: 2 }, { n: 3 }]);
    expect(await above(2)).toEqual([{ n: 3 }]);
    const all = () => raw.selectFrom('t').selectAll().where('n', '>', 2).execute();
    expect(await all()).toEqual([{ n: 3 }]);
    // A schema change: SQLite prepares the cached statement again by itself.
    await db.schema.alterTable('t').addColumn('m', 'integer').execute();
    expect(await all()).toEqual([{ n: 3, m: null }]);
    await close();
  });
});
