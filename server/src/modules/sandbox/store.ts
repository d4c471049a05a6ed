import type { Kysely } from 'kysely';
import type { Database, SandboxRunsTable } from '../../platform/db/schema.js';

export type SandboxRunRow = SandboxRunsTable;
export type SandboxRunOutcome = Pick<
  SandboxRunRow,
  | 'status'
  | 'exit_code'
  | 'signal'
  | 'limit_hit'
  | 'stdout'
  | 'stderr'
  | 'output_truncated'
  | 'duration_ms'
  | 'error_code'
  | 'error_detail'
  | 'updated_at'
  | 'finished_at'
>;

export function createSandboxStore(db: Kysely<Database>) {
  return {
    insert: (run: SandboxRunRow) => db.insertInto('sandbox_runs').values(run).execute(),
    find: (userId: string, id: string) =>
      db.selectFrom('sandbox_runs').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst(),
    findById: (id: string) => db.selectFrom('sandbox_runs').selectAll().where('id', '=', id).executeTakeFirst(),
    list: (userId: string, options: { limit: number; after?: { createdAt: string; id: string } }) => {
      let query = db.selectFrom('sandbox_runs').selectAll().where('user_id', '=', userId);
      const after = options.after;
      if (after)
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(refTuple('created_at', 'id'), '<', tuple(after.createdAt, after.id)),
        );
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
    },
    /** Moves a queued run to running; false when it was stopped meanwhile or another worker has it. */
    async claim(id: string, now: string): Promise<boolean> {
      const result = await db
        .updateTable('sandbox_runs')
        .set({ status: 'running', updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /** Stops a run that no worker has taken yet; false when it is not queued any more. */
    async stopQueued(id: string, now: string): Promise<boolean> {
      const result = await db
        .updateTable('sandbox_runs')
        .set({ status: 'stopped', updated_at: now, finished_at: now })
        .where('id', '=', id)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    finish: (id: string, outcome: SandboxRunOutcome) =>
      db.updateTable('sandbox_runs').set(outcome).where('id', '=', id).where('status', '=', 'running').execute(),
    /** Runs a stopped process left queued or running (with the in-process queue, nobody will run them). */
    async failUnfinished(now: string): Promise<number> {
      const result = await db
        .updateTable('sandbox_runs')
        .set({
          status: 'failed',
          error_code: 'interrupted',
          error_detail: 'the server stopped before the run finished; run it again',
          updated_at: now,
          finished_at: now,
        })
        .where('status', 'in', ['queued', 'running'])
        .where('updated_at', '<', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

export type SandboxStore = ReturnType<typeof createSandboxStore>;
