import type { Kysely } from 'kysely';
import { prepared } from '../../platform/db/prepared.js';
import type { ApiKeysTable, Database } from '../../platform/db/schema.js';

export type ApiKeyRow = ApiKeysTable;

export function createApiKeysStore(db: Kysely<Database>) {
  // Read on every chat turn (which providers this user has keys for).
  const forUser = prepared(db, (db, p: { userId: string }) =>
    db.selectFrom('api_keys').selectAll().where('user_id', '=', p.userId).orderBy('provider'),
  );
  return {
    find: (userId: string, provider: string) =>
      db
        .selectFrom('api_keys')
        .selectAll()
        .where('user_id', '=', userId)
        .where('provider', '=', provider)
        .executeTakeFirst(),
    listForUser: async (userId: string): Promise<ApiKeyRow[]> => (await forUser({ userId })).rows,
    async upsert(row: ApiKeyRow) {
      await db
        .insertInto('api_keys')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['user_id', 'provider']).doUpdateSet({
            ciphertext: row.ciphertext,
            key_id: row.key_id,
            last4: row.last4,
            base_url: row.base_url,
            updated_at: row.updated_at,
          }),
        )
        .execute();
    },
    /** Keys sealed with another SECRET_KEY than `keyId` (what a rotation re-seals). */
    sealedWithOtherKey: (keyId: string) =>
      db.selectFrom('api_keys').selectAll().where('key_id', '!=', keyId).orderBy('id').execute(),
    /** Replaces a ciphertext only if it is still the one read, so a concurrent change wins. */
    async replaceCiphertext(id: string, from: string, to: { ciphertext: string; keyId: string }): Promise<boolean> {
      const result = await db
        .updateTable('api_keys')
        .set({ ciphertext: to.ciphertext, key_id: to.keyId })
        .where('id', '=', id)
        .where('ciphertext', '=', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async delete(userId: string, provider: string): Promise<boolean> {
      const result = await db
        .deleteFrom('api_keys')
        .where('user_id', '=', userId)
        .where('provider', '=', provider)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}

export type ApiKeysStore = ReturnType<typeof createApiKeysStore>;
