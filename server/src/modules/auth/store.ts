import type { Kysely } from 'kysely';
import type { Database, InvitationsTable, RefreshTokensTable } from '../../platform/db/schema.js';

export type RefreshTokenRow = RefreshTokensTable;
export type InvitationRow = InvitationsTable;

export function createAuthStore(db: Kysely<Database>) {
  return {
    insertRefreshToken: (row: RefreshTokenRow) => db.insertInto('refresh_tokens').values(row).execute(),
    findRefreshToken: (tokenHash: string) =>
      db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),
    /** Marks a live token rotated; false when another request rotated or revoked it first. */
    async markRotated(id: string, at: string): Promise<boolean> {
      const result = await db
        .updateTable('refresh_tokens')
        .set({ rotated_at: at })
        .where('id', '=', id)
        .where('rotated_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    revokeFamily: (familyId: string, at: string) =>
      db
        .updateTable('refresh_tokens')
        .set({ revoked_at: at })
        .where('family_id', '=', familyId)
        .where('revoked_at', 'is', null)
        .execute(),
    revokeAllForUser: (userId: string, at: string) =>
      db
        .updateTable('refresh_tokens')
        .set({ revoked_at: at })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute(),
    deleteExpiredRefreshTokens: (before: string) =>
      db.deleteFrom('refresh_tokens').where('expires_at', '<', before).execute(),

    insertInvitation: (row: InvitationRow) => db.insertInto('invitations').values(row).execute(),
    findInvitation: (tokenHash: string) =>
      db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),
    /** Single use: true only for the one request that marks it used. */
    async useInvitation(id: string, userId: string, at: string): Promise<boolean> {
      const result = await db
        .updateTable('invitations')
        .set({ used_at: at, used_by: userId })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    releaseInvitation: (id: string) =>
      db.updateTable('invitations').set({ used_at: null, used_by: null }).where('id', '=', id).execute(),
    listInvitations: () => db.selectFrom('invitations').selectAll().orderBy('created_at', 'desc').limit(200).execute(),
    async deleteInvitation(id: string): Promise<boolean> {
      const result = await db.deleteFrom('invitations').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}

export type AuthStore = ReturnType<typeof createAuthStore>;
