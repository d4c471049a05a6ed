import { Migrator, NO_MIGRATIONS } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import { openDatabase } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { createTestDatabase, DIALECT } from './support/database.js';

const TABLES = [
  'api_keys',
  'audit_log',
  'invitations',
  'refresh_tokens',
  'settings',
  'users',
  'workspaces',
  'workspace_files',
];

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

  it('0004 stores workspace files as bytes, and rolls back to 0003 and forward again', async () => {
    const testDatabase = await createTestDatabase();
    const database = openDatabase(testDatabase.url);
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    const columnsOf = async (table: string) =>
      (await database.db.introspection.getTables())
        .find((candidate) => candidate.name === table)
        ?.columns.map((column) => column.name) ?? [];
    try {
      await migrateToLatest(database);
      expect(await columnsOf('reviews')).toContain('workspace_id');
      const now = new Date().toISOString();
      await database.db
        .insertInto('users')
        .values({
          id: 'u1',
          email: 'w@x.test',
          name: null,
          password_hash: 'h',
          role: 'user',
          disabled: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await database.db
        .insertInto('workspaces')
        .values({ id: 'w1', user_id: 'u1', name: 'w', description: null, created_at: now, updated_at: now })
        .execute();
      // Every byte value, NUL and invalid UTF-8 included, comes back unchanged.
      const bytes = Buffer.from(Array.from({ length: 256 }, (_value, index) => index));
      const file = {
        workspace_id: 'w1',
        path: 'a.bin',
        content: bytes,
        size: bytes.length,
        sha256: 'x'.repeat(64),
        mime: 'application/octet-stream',
        is_text: 0,
        updated_at: now,
      };
      await database.db.insertInto('workspace_files').values(file).execute();
      const stored = await database.db.selectFrom('workspace_files').select('content').executeTakeFirstOrThrow();
      expect(Buffer.compare(Buffer.from(stored.content), bytes)).toBe(0);
      await expect(database.db.insertInto('workspace_files').values(file).execute()).rejects.toThrow();
      // Deleting the user deletes its workspaces and their files.
      await database.db.deleteFrom('users').where('id', '=', 'u1').execute();
      expect(await database.db.selectFrom('workspace_files').selectAll().execute()).toEqual([]);

      const down = await migrator.migrateTo('0003_review');
      expect(down.error).toBeUndefined();
      // Later migrations go down first; 0004 is the last to.
      expect(down.results?.every((result) => result.direction === 'Down' && result.status === 'Success')).toBe(true);
      expect(down.results?.at(-1)?.migrationName).toBe('0004_workspace');
      const tables = (await database.db.introspection.getTables()).map((table) => table.name);
      expect(tables).not.toContain('workspaces');
      expect(tables).not.toContain('workspace_files');
      expect(await columnsOf('reviews')).not.toContain('workspace_id');

      expect((await migrateToLatest(database)).map((result) => result.migrationName)[0]).toBe('0004_workspace');
      expect(await columnsOf('workspace_files')).toContain('content');
    } finally {
      await database.close();
      await testDatabase.drop();
    }
  });
});
