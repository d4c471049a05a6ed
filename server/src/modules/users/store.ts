import type { Kysely } from 'kysely';
import { prepared } from '../../platform/db/prepared.js';
import type { Database, NewUser, Role, UserRow } from '../../platform/db/schema.js';

export function createUsersStore(db: Kysely<Database>) {
  // Read on every authenticated request (role and disabled state).
  const byId = prepared(db, (db, p: { id: string }) => db.selectFrom('users').selectAll().where('id', '=', p.id));
  return {
    insert(user: NewUser) {
      return db.insertInto('users').values(user).execute();
    },
    /** Claims the first-admin slot and inserts the user in one transaction; the user is admin only if the claim won. */
    insertClaimingAdmin(user: NewUser): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const claim = await trx
          .insertInto('admin_claim')
          .values({ id: 'first-admin', user_id: user.id, claimed_at: user.created_at })
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst();
        const won = Number(claim.numInsertedOrUpdatedRows ?? 0) === 1;
        await trx
          .insertInto('users')
          .values({ ...user, role: won ? 'admin' : user.role })
          .execute();
        return won;
      });
    },
    async adminClaimed(): Promise<boolean> {
      return (await db.selectFrom('admin_claim').select('id').executeTakeFirst()) !== undefined;
    },
    async findById(id: string): Promise<UserRow | undefined> {
      return (await byId({ id })).rows[0];
    },
    findByEmail(email: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    },
    async count(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async countActiveAdmins(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('role', '=', 'admin')
        .where('disabled', '=', 0)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    list(limit: number, after?: { createdAt: string; id: string }): Promise<UserRow[]> {
      let query = db.selectFrom('users').selectAll();
      if (after) {
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(refTuple('created_at', 'id'), '>', tuple(after.createdAt, after.id)),
        );
      }
      return query.orderBy('created_at').orderBy('id').limit(limit).execute();
    },
    update(id: string, changes: { role?: Role; disabled?: number; password_hash?: string; updated_at: string }) {
      return db.updateTable('users').set(changes).where('id', '=', id).execute();
    },
  };
}

export type UsersStore = ReturnType<typeof createUsersStore>;
