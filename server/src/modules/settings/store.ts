import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

export function createSettingsStore(db: Kysely<Database>) {
  return {
    async get(key: string): Promise<string | undefined> {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },
    async put(key: string, value: string) {
      const updated_at = new Date().toISOString();
      await db
        .insertInto('settings')
        .values({ key, value, updated_at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at }))
        .execute();
    },
    /** Inserts only when the key is absent; true when this call inserted it (an atomic claim). */
    async claim(key: string, value: string): Promise<boolean> {
      const result = await db
        .insertInto('settings')
        .values({ key, value, updated_at: new Date().toISOString() })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async delete(key: string) {
      await db.deleteFrom('settings').where('key', '=', key).execute();
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
