import type { Kysely } from 'kysely';
import type { ClipboardItemsTable, Database } from '../../platform/db/schema.js';

export type ClipboardRow = ClipboardItemsTable;

/** Position of an item in the list order (pinned first, then most recently changed). */
export interface ClipboardPosition {
  pinned: number;
  updatedAt: string;
  id: string;
}

export function createClipboardStore(db: Kysely<Database>) {
  return {
    insert: (row: ClipboardRow) => db.insertInto('clipboard_items').values(row).execute(),
    find: (userId: string, id: string) =>
      db
        .selectFrom('clipboard_items')
        .selectAll()
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst(),
    async count(userId: string): Promise<number> {
      const row = await db
        .selectFrom('clipboard_items')
        .select((eb) => eb.fn.countAll<string | number>().as('count'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    list(userId: string, options: { limit: number; query?: string; language?: string; after?: ClipboardPosition }) {
      let query = db.selectFrom('clipboard_items').selectAll().where('user_id', '=', userId);
      if (options.query) {
        // `%` and `_` typed by the user act as wildcards; they can only widen the search.
        const pattern = `%${options.query.toLowerCase()}%`;
        query = query.where((eb) =>
          eb.or([eb(eb.fn('lower', ['title']), 'like', pattern), eb(eb.fn('lower', ['content']), 'like', pattern)]),
        );
      }
      if (options.language) query = query.where('language', '=', options.language);
      const after = options.after;
      if (after) {
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(refTuple('pinned', 'updated_at', 'id'), '<', tuple(after.pinned, after.updatedAt, after.id)),
        );
      }
      return query
        .orderBy('pinned', 'desc')
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit)
        .execute();
    },
    update: (
      userId: string,
      id: string,
      changes: Partial<Pick<ClipboardRow, 'title' | 'content' | 'language' | 'pinned' | 'updated_at'>>,
    ) => db.updateTable('clipboard_items').set(changes).where('id', '=', id).where('user_id', '=', userId).execute(),
    async delete(userId: string, id: string): Promise<boolean> {
      const result = await db
        .deleteFrom('clipboard_items')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}

export type ClipboardStore = ReturnType<typeof createClipboardStore>;
