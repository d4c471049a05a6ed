import { Migrator, NO_MIGRATIONS } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import { openDatabase } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { createTestDatabase, DIALECT } from './support/database.js';

const TABLES = ['api_keys', 'audit_log', 'invitations', 'refresh_tokens', 'settings', 'users'];

describe(`migrations on ${DIALECT}`, () => {
  it('create every table, are idempotent, and roll all the way back', async () => {
    const testDatabase = await createTestDatabase();
    const database = openDatabase(testDatabase.url);
    try {
      const applied = await migrateToLatest(database);
      expect(applied.map((result) => result.status)).toEqual(Object.keys(migrations).map(() => 'Success'));
      expect(await migrateToLatest(database)).toEqual([]);

      const tables = (await database.db.introspection.getTables()).map((table) => table.name).sort();
      expect(tables).toEqual(expect.arrayContaining(TABLES));

      // Constraints hold: one key per provider and user, unique emails.
      const now = new Date().toISOString();
      const user = {
        id: 'u1',
        email: 'a@x.test',
        name: null,
        password_hash: 'h',
        role: 'user' as const,
        disabled: 0,
        created_at: now,
        updated_at: now,
      };
      await database.db.insertInto('users').values(user).execute();
      await expect(
        database.db
          .insertInto('users')
          .values({ ...user, id: 'u2' })
          .execute(),
      ).rejects.toThrow();
      const key = {
        id: 'k1',
        user_id: 'u1',
        provider: 'openai',
        ciphertext: 'c',
        key_id: 'k',
        last4: 'abcd',
        created_at: now,
        updated_at: now,
      };
      await database.db.insertInto('api_keys').values(key).execute();
      await expect(
        database.db
          .insertInto('api_keys')
          .values({ ...key, id: 'k2' })
          .execute(),
      ).rejects.toThrow();

      const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
      const { error, results } = await migrator.migrateTo(NO_MIGRATIONS);
      expect(error).toBeUndefined();
      expect(results?.every((result) => result.direction === 'Down' && result.status === 'Success')).toBe(true);
      const left = (await database.db.introspection.getTables()).map((table) => table.name);
      expect(left.filter((name) => TABLES.includes(name))).toEqual([]);
    } finally {
      await database.close();
      await testDatabase.drop();
    }
  });
});
