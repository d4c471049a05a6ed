// Group commit for embedded SQLite. better-sqlite3 commits on the event loop, and a commit
// writes every page its transaction changed to the WAL: a chat turn's two transactions wrote
// ~20 pages (41 pwrite calls per streamed answer under strace), and commits were a tenth of the
// server's busy time in bench:stream. Transactions asked for in the same turn of the event loop
// run as one SQLite transaction, each in a savepoint of its own, so they share one commit and
// write the pages they share (the tails of tables and indexes) once. Each keeps its own outcome:
// one that throws rolls back alone, and none resolves before the commit.
// PostgreSQL runs transactions on a pool of connections in parallel: there, each is its own.
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export type Transact = <T>(work: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;

interface Unit {
  work: (trx: Kysely<Database>) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const SAVEPOINT = CompiledQuery.raw('savepoint unit');
const RELEASE = CompiledQuery.raw('release unit');
const ROLLBACK_TO = CompiledQuery.raw('rollback to unit');

/** At most this many transactions share a commit; the rest go into the next one. */
const MAX_GROUP = 128;

/** Each call in a transaction of its own. */
export const ownTransactions =
  (db: Kysely<Database>): Transact =>
  (work) =>
    db.transaction().execute(work);

/** A transaction per call on PostgreSQL; on SQLite, calls of one event-loop turn share a commit. */
export function groupCommit(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Transact {
  if (dialect === 'postgres') return ownTransactions(db);
  const queue: Unit[] = [];

  async function commit(group: Unit[]) {
    if (group.length === 1) {
      const [unit] = group as [Unit];
      await db.transaction().execute(unit.work).then(unit.resolve, unit.reject);
      return;
    }
    const outcomes: Array<() => void> = [];
    try {
      await db.transaction().execute(async (trx) => {
        for (const unit of group) {
          await trx.executeQuery(SAVEPOINT);
          try {
            const value = await unit.work(trx);
            outcomes.push(() => unit.resolve(value));
          } catch (error) {
            await trx.executeQuery(ROLLBACK_TO);
            outcomes.push(() => unit.reject(error));
          }
          await trx.executeQuery(RELEASE);
        }
      });
    } catch (error) {
      // The commit itself failed: nothing of the group was stored.
      for (const unit of group) unit.reject(error);
      return;
    }
    for (const settle of outcomes) settle();
  }

  function flush() {
    const group = queue.splice(0, MAX_GROUP);
    if (queue.length > 0) setImmediate(flush);
    void commit(group);
  }

  return <T>(work: (trx: Kysely<Database>) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      if (queue.push({ work, resolve: resolve as (value: unknown) => void, reject }) === 1) setImmediate(flush);
    });
}
