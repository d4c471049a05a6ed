// Opens the database named by DATABASE_URL: embedded SQLite by default, PostgreSQL for
// `postgres://` URLs. Callers get a Kysely instance; nothing else knows the dialect.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { groupCommit, type Transact } from './group-commit.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  db: Kysely<Database>;
  dialect: Dialect;
  /** A write transaction of the hot paths; on SQLite, those of one event-loop turn share a commit. */
  transact: Transact;
  /** The SQLite handle (for its online backup); undefined on PostgreSQL. */
  sqlite?: SQLite.Database;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function openDatabase(url: string): Db {
  if (url.startsWith('sqlite:')) {
    const location = url.slice('sqlite:'.length);
    const file = location === ':memory:' ? location : resolve(location);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const database = new SQLite(file);
    database.pragma('journal_mode = WAL');
    // better-sqlite3 commits on the event loop: FULL fsyncs the WAL on every commit (~1 ms here,
    // during which no stream moves). NORMAL stays consistent and survives a process crash; only
    // the last commits before a power loss may roll back (SQLite's advice for WAL).
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    return wrap(
      new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) }),
      'sqlite',
      database,
    );
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return wrap(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
}

/** A write refused by a unique index or primary key, on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely asks better-sqlite3 to prepare every query anew; preparing costs more than running the
 * small queries of a request. The same SQL text reuses its statement (least recently used
 * dropped past 500, since IN lists and multi-row inserts make SQL texts of their own). A reused
 * statement is never iterated twice at once: Kysely's SQLite driver runs one query at a time.
 */
export function withStatementCache(database: SQLite.Database, size = STATEMENT_CACHE_SIZE) {
  const statements = new LRUCache<string, SQLite.Statement>({ max: size });
  return {
    prepare(text: string) {
      let statement = statements.get(text);
      if (!statement) {
        statement = database.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
    close: () => database.close(),
  };
}

function wrap(db: Kysely<Database>, dialect: Dialect, sqlite?: SQLite.Database): Db {
  let closed: Promise<void> | undefined;
  return {
    db,
    dialect,
    transact: groupCommit(db, dialect),
    sqlite,
    async ping() {
      await sql`select 1`.execute(db);
    },
    close() {
      closed ??= db.destroy();
      return closed;
    },
  };
}
