import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database, WorkspaceFilesTable, WorkspacesTable } from '../../platform/db/schema.js';

export type WorkspaceRow = WorkspacesTable;
export type WorkspaceFileRow = WorkspaceFilesTable;
export type WorkspaceFileMeta = Omit<WorkspaceFileRow, 'workspace_id' | 'content'>;
export type WorkspaceWithStats = WorkspaceRow & { file_count: number; bytes: number };

// Paths per IN list: well below SQLite's and PostgreSQL's limits on bound parameters.
const BATCH = 200;
const META = ['path', 'size', 'sha256', 'mime', 'is_text', 'updated_at'] as const;

function queries(db: Kysely<Database>) {
  // Counted per workspace (the files' primary key starts with workspace_id): a grouped join
  // would sum every user's files on each read.
  const files = (eb: ExpressionBuilder<Database & { w: WorkspacesTable }, 'w'>) =>
    eb.selectFrom('workspace_files').whereRef('workspace_files.workspace_id', '=', 'w.id');
  const withStats = () =>
    db
      .selectFrom('workspaces as w')
      .selectAll('w')
      .select((eb) => [
        files(eb)
          .select((sub) => sub.fn.countAll().as('n'))
          .as('file_count'),
        files(eb)
          .select((sub) => sub.fn.sum('workspace_files.size').as('n'))
          .as('bytes'),
      ]);
  // PostgreSQL returns COUNT and SUM as strings (bigint/numeric).
  const toStats = <T extends { file_count: unknown; bytes: unknown }>(row: T) => ({
    ...row,
    file_count: Number(row.file_count ?? 0),
    bytes: Number(row.bytes ?? 0),
  });

  return {
    insert: (row: WorkspaceRow) => db.insertInto('workspaces').values(row).execute(),
    async find(userId: string, id: string): Promise<WorkspaceWithStats | undefined> {
      const row = await withStats().where('w.id', '=', id).where('w.user_id', '=', userId).executeTakeFirst();
      return row && toStats(row);
    },
    async list(userId: string, options: { limit: number; after?: { updatedAt: string; id: string } }) {
      let query = withStats().where('w.user_id', '=', userId);
      const after = options.after;
      if (after)
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(refTuple('w.updated_at', 'w.id'), '<', tuple(after.updatedAt, after.id)),
        );
      const rows = await query.orderBy('w.updated_at', 'desc').orderBy('w.id', 'desc').limit(options.limit).execute();
      return rows.map(toStats);
    },
    async update(
      userId: string,
      id: string,
      changes: Partial<Pick<WorkspaceRow, 'name' | 'description' | 'updated_at'>>,
    ) {
      const result = await db
        .updateTable('workspaces')
        .set(changes)
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /**
     * Marks the workspace changed. Inside a transaction this is also the lock that orders every
     * write to the workspace's files, across instances (quota and tree checks then hold).
     */
    async touch(id: string, now: string): Promise<boolean> {
      const result = await db
        .updateTable('workspaces')
        .set({ updated_at: now })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    files: (workspaceId: string): Promise<WorkspaceFileMeta[]> =>
      db.selectFrom('workspace_files').select(META).where('workspace_id', '=', workspaceId).execute(),
    file: (workspaceId: string, path: string) =>
      db
        .selectFrom('workspace_files')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('path', '=', path)
        .executeTakeFirst(),
    async filesAt(workspaceId: string, paths: readonly string[]): Promise<WorkspaceFileRow[]> {
      const rows: WorkspaceFileRow[] = [];
      for (let index = 0; index < paths.length; index += BATCH)
        rows.push(
          ...(await db
            .selectFrom('workspace_files')
            .selectAll()
            .where('workspace_id', '=', workspaceId)
            .where('path', 'in', paths.slice(index, index + BATCH))
            .execute()),
        );
      return rows;
    },

    /** Writes whatever is there (a plain save, an upload). */
    upsert: (row: WorkspaceFileRow) =>
      db
        .insertInto('workspace_files')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'path']).doUpdateSet({
            content: row.content,
            size: row.size,
            sha256: row.sha256,
            mime: row.mime,
            is_text: row.is_text,
            updated_at: row.updated_at,
          }),
        )
        .execute(),
    /** Creates the file only if no file has its path; false when one does. */
    async insertNew(row: WorkspaceFileRow): Promise<boolean> {
      const result = await db
        .insertInto('workspace_files')
        .values(row)
        .onConflict((oc) => oc.columns(['workspace_id', 'path']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    /** Replaces the file only if it still has `expectedSha256`; false when it changed or is gone. */
    async replaceIf(row: WorkspaceFileRow, expectedSha256: string): Promise<boolean> {
      const { workspace_id: workspaceId, path, ...changes } = row;
      const result = await db
        .updateTable('workspace_files')
        .set(changes)
        .where('workspace_id', '=', workspaceId)
        .where('path', '=', path)
        .where('sha256', '=', expectedSha256)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async removeFile(workspaceId: string, path: string): Promise<boolean> {
      const result = await db
        .deleteFrom('workspace_files')
        .where('workspace_id', '=', workspaceId)
        .where('path', '=', path)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
    rename: (workspaceId: string, from: string, to: string, now: string) =>
      db
        .updateTable('workspace_files')
        .set({ path: to, updated_at: now })
        .where('workspace_id', '=', workspaceId)
        .where('path', '=', from)
        .execute(),
  };
}

export type WorkspaceQueries = ReturnType<typeof queries>;

/** The queries, on the database or on a transaction (a review applying a fix writes in its own). */
export function createWorkspaceStore(db: Kysely<Database>) {
  return {
    ...queries(db),
    /** Runs `fn` in one transaction, with the queries bound to it. */
    transaction: <T>(fn: (tx: WorkspaceQueries) => Promise<T>) => db.transaction().execute((trx) => fn(queries(trx))),
    /** The queries on a transaction some other module opened. */
    on: (executor: Kysely<Database>) => queries(executor),
    async remove(userId: string, id: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const owned = await trx
          .selectFrom('workspaces')
          .select('id')
          .where('id', '=', id)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (!owned) return false;
        await trx.deleteFrom('workspace_files').where('workspace_id', '=', id).execute();
        await trx.deleteFrom('workspaces').where('id', '=', id).execute();
        return true;
      });
    },
  };
}

export type WorkspaceStore = ReturnType<typeof createWorkspaceStore>;
