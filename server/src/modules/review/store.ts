import type { Kysely } from 'kysely';
import type { Database, ReviewFilesTable, ReviewFindingsTable, ReviewsTable } from '../../platform/db/schema.js';

export type ReviewRow = ReviewsTable;
export type ReviewFileRow = ReviewFilesTable;
export type ReviewFindingRow = ReviewFindingsTable;

// Rows per INSERT: well below SQLite's and PostgreSQL's limits on bound parameters.
const BATCH = 100;

export function createReviewStore(db: Kysely<Database>) {
  return {
    /** The review and its files, together or not at all. */
    insert: (review: ReviewRow, files: ReviewFileRow[]) =>
      db.transaction().execute(async (trx) => {
        await trx.insertInto('reviews').values(review).execute();
        for (let index = 0; index < files.length; index += BATCH)
          await trx
            .insertInto('review_files')
            .values(files.slice(index, index + BATCH))
            .execute();
      }),
    find: (userId: string, id: string) =>
      db.selectFrom('reviews').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst(),
    findById: (id: string) => db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst(),
    list: (userId: string, options: { limit: number; after?: { createdAt: string; id: string } }) => {
      let query = db.selectFrom('reviews').selectAll().where('user_id', '=', userId);
      const after = options.after;
      if (after)
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(refTuple('created_at', 'id'), '<', tuple(after.createdAt, after.id)),
        );
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
    },
    /**
     * Moves a queued review to running, or takes over a running one whose worker stopped sending
     * heartbeats; false when another worker has it.
     */
    async claim(id: string, runId: string, now: string, staleBefore: string): Promise<boolean> {
      const result = await db
        .updateTable('reviews')
        .set({ status: 'running', run_id: runId, updated_at: now })
        .where('id', '=', id)
        .where((eb) =>
          eb.or([
            eb('status', '=', 'queued'),
            eb.and([eb('status', '=', 'running'), eb('updated_at', '<', staleBefore)]),
          ]),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    touch: (id: string, now: string) =>
      db.updateTable('reviews').set({ updated_at: now }).where('id', '=', id).execute(),
    progress: (id: string, filesDone: number, findings: number, now: string) =>
      db
        .updateTable('reviews')
        .set({ files_done: filesDone, findings_count: findings, updated_at: now })
        .where('id', '=', id)
        .execute(),
    /** The findings and the overview of a finished review, in one transaction. */
    complete: (id: string, changes: Partial<ReviewRow>, findings: ReviewFindingRow[]) =>
      db.transaction().execute(async (trx) => {
        await trx.deleteFrom('review_findings').where('review_id', '=', id).execute();
        for (let index = 0; index < findings.length; index += BATCH)
          await trx
            .insertInto('review_findings')
            .values(findings.slice(index, index + BATCH))
            .execute();
        await trx.updateTable('reviews').set(changes).where('id', '=', id).execute();
      }),
    fail: (id: string, changes: Pick<ReviewRow, 'error_code' | 'error_detail' | 'updated_at' | 'finished_at'>) =>
      db
        .updateTable('reviews')
        .set({ ...changes, status: 'failed' })
        .where('id', '=', id)
        .where('status', 'in', ['queued', 'running'])
        .execute(),
    /** Reviews a stopped process left queued or running (with the in-process queue, nobody will run them). */
    async failUnfinished(before: string, now: string): Promise<number> {
      const result = await db
        .updateTable('reviews')
        .set({
          status: 'failed',
          error_code: 'interrupted',
          error_detail: 'the server stopped before the review finished; start it again',
          updated_at: now,
          finished_at: now,
        })
        .where('status', 'in', ['queued', 'running'])
        .where('updated_at', '<', before)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    files: (reviewId: string) =>
      db.selectFrom('review_files').selectAll().where('review_id', '=', reviewId).orderBy('position').execute(),
    file: (reviewId: string, path: string) =>
      db
        .selectFrom('review_files')
        .selectAll()
        .where('review_id', '=', reviewId)
        .where('path', '=', path)
        .executeTakeFirst(),
    findings: (reviewId: string) =>
      db.selectFrom('review_findings').selectAll().where('review_id', '=', reviewId).orderBy('seq').execute(),
    finding: (reviewId: string, id: string) =>
      db
        .selectFrom('review_findings')
        .selectAll()
        .where('review_id', '=', reviewId)
        .where('id', '=', id)
        .executeTakeFirst(),
    /**
     * Writes a file's new content only if it still has the hash the fix was made for (so two
     * instances cannot both apply to the same version), with the findings the fix moved.
     */
    applyFix: (
      reviewId: string,
      path: string,
      expectedSha: string,
      next: { content: string; sha256: string },
      findings: Array<Pick<ReviewFindingRow, 'id' | 'line' | 'end_line' | 'fix' | 'fix_state'>>,
      /** Another write that must happen with this one (a workspace file); throws to undo both. */
      alsoWrite?: (trx: Kysely<Database>) => Promise<void>,
    ) =>
      db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('review_files')
          .set(next)
          .where('review_id', '=', reviewId)
          .where('path', '=', path)
          .where('sha256', '=', expectedSha)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return false;
        await alsoWrite?.(trx);
        for (const finding of findings)
          await trx
            .updateTable('review_findings')
            .set({ line: finding.line, end_line: finding.end_line, fix: finding.fix, fix_state: finding.fix_state })
            .where('review_id', '=', reviewId)
            .where('id', '=', finding.id)
            .execute();
        return true;
      }),
  };
}

export type ReviewStore = ReturnType<typeof createReviewStore>;
