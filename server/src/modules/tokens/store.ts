import type { Kysely } from 'kysely';
import type { Database, PersonalAccessTokensTable } from '../../platform/db/schema.js';

export type TokenRow = PersonalAccessTokensTable;

export function createTokensStore(db: Kysely<Database>) {
  return {
    insert: (row: TokenRow) => db.insertInto('personal_access_tokens').values(row).execute(),
    findByHash: (tokenHash: string) =>
      db.selectFrom('personal_access_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),
    listForUser: (userId: string) =>
      db
        .selectFrom('personal_access_tokens')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute(),
    async revoke(userId: string, id: string, at: string): Promise<boolean> {
      const result = await db
        .updateTable('personal_access_tokens')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    touch: (id: string, at: string) =>
      db.updateTable('personal_access_tokens').set({ last_used_at: at }).where('id', '=', id).execute(),
  };
}

export type TokensStore = ReturnType<typeof createTokensStore>;
