import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { Command } from 'commander';
import { Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import { run } from '../src/cli/commands.js';
import { openDatabase, type Db } from '../src/platform/db/database.js';
import { migrateUp, migrationStatus } from '../src/platform/db/migrate.js';
import { startTestApp, TEST_SECRET_KEY } from './support/app.js';
import { createTestDatabase, DIALECT, type TestDatabase } from './support/database.js';

const NAMES = Object.keys(migrations);
// PostgreSQL backups need its client tools; CI installs them, a laptop may not have them.
const pgTools = ['pg_dump', 'pg_restore', 'psql'].every((tool) => spawnSync(tool, ['--version']).status === 0);
if (DIALECT === 'postgres' && !pgTools && process.env.CI !== 'true') {
  console.warn('skipping PostgreSQL backup tests: pg_dump, pg_restore or psql is not installed');
}

const now = new Date().toISOString();

/** A user with a chat, written with the schema as it was at 0002_chat (the first release with chats). */
async function seedOldSchema(database: Db) {
  const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo('0002_chat');
  expect(error).toBeUndefined();
  const db = database.db as unknown as import('kysely').Kysely<any>;
  await db
    .insertInto('users')
    .values({
      id: 'u-old',
      email: 'old@example.test',
      name: 'Old Timer',
      password_hash: await hash('a long enough password'),
      role: 'admin',
      disabled: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('chat_sessions')
    .values({ id: 's-old', user_id: 'u-old', title: 'Kept across upgrades', created_at: now, updated_at: now })
    .execute();
  await db
    .insertInto('chat_messages')
    .values(
      [
        { id: 'm1', session_id: 's-old', seq: 1, role: 'user', content: 'What is 2+2?', status: 'complete' },
        {
          id: 'm2',
          session_id: 's-old',
          seq: 2,
          role: 'assistant',
          content: 'Four.',
          status: 'complete',
          model: 'gpt-4o-mini',
        },
      ].map((message) => ({ ...message, created_at: now, updated_at: now })),
    )
    .execute();
}

describe.skipIf(DIALECT === 'postgres' && !pgTools && process.env.CI !== 'true')(
  `upgrades, backups and restores on ${DIALECT}`,
  () => {
    let testDatabase: TestDatabase;
    let backupDir: string;
    beforeEach(async () => {
      testDatabase = await createTestDatabase();
      backupDir = mkdtempSync(join(tmpdir(), 'xionimus-backups-'));
    });
    afterEach(async () => {
      await testDatabase.drop();
      rmSync(backupDir, { recursive: true, force: true });
    });

    async function cli(args: string[]) {
      const lines: string[] = [];
      let error: unknown;
      const env = {
        DATABASE_URL: testDatabase.url,
        SECRET_KEY: TEST_SECRET_KEY,
        NODE_ENV: 'test',
        BACKUP_DIR: backupDir,
      };
      try {
        await run(new Command('xionimus'), ['node', 'xionimus', ...args], env, {
          out: (line) => lines.push(line),
          stdin: Readable.from(['']),
        });
      } catch (caught) {
        error = caught;
      }
      return { output: lines.join('\n'), error };
    }

    it('upgrades a populated database made with an earlier schema, backing it up first, and keeps every chat', async () => {
      const database = openDatabase(testDatabase.url);
      try {
        await seedOldSchema(database);
        const { results, backup } = await migrateUp(database, { backup: { url: testDatabase.url, dir: backupDir } });
        expect(results.map((result) => result.migrationName)).toEqual(NAMES.slice(2));
        expect(backup && 'file' in backup && existsSync(backup.file)).toBe(true);
        expect(backup && 'file' in backup ? backup.file : '').toMatch(/before-\d{4}_\w+\.(db|dump)$/);
      } finally {
        await database.close();
      }

      // The upgraded database serves the old account and its chat through the API.
      const app = await startTestApp({ databaseUrl: testDatabase.url });
      try {
        const login = await app.request('POST', '/api/auth/login', {
          body: { email: 'old@example.test', password: 'a long enough password', tokenDelivery: 'body' },
        });
        expect(login.status).toBe(200);
        const messages = await app.request('GET', '/api/chat/sessions/s-old', { token: login.body.accessToken });
        expect(messages.status).toBe(200);
        expect(messages.body.messages.map((message: { content: string }) => message.content)).toEqual([
          'What is 2+2?',
          'Four.',
        ]);
      } finally {
        await app.close();
      }
    });

    it('restores the backup taken before a migration: the old schema and data come back', async () => {
      const database = openDatabase(testDatabase.url);
      let file = '';
      try {
        await seedOldSchema(database);
        const { backup } = await migrateUp(database, { backup: { url: testDatabase.url, dir: backupDir } });
        file = backup && 'file' in backup ? backup.file : '';
        await database.db.deleteFrom('chat_messages').execute();
      } finally {
        await database.close();
      }

      const restored = await cli(['restore', file]);
      expect(String(restored.error)).toMatch(/add --yes/);
      expect((await cli(['restore', file, '--yes'])).error).toBeUndefined();

      const reopened = openDatabase(testDatabase.url);
      try {
        const status = await migrationStatus(reopened);
        expect(status.filter((migration) => migration.executedAt).map((migration) => migration.name)).toEqual(
          NAMES.slice(0, 2),
        );
        const contents = await reopened.db.selectFrom('chat_messages').select('content').orderBy('seq').execute();
        expect(contents.map((row) => row.content)).toEqual(['What is 2+2?', 'Four.']);
      } finally {
        await reopened.close();
      }
    });

    it('migrates up, reports status and reverts step by step from the CLI', async () => {
      const fresh = await cli(['migrate', 'up']);
      expect(fresh.error).toBeUndefined();
      // A new database holds nothing worth a backup.
      expect(fresh.output).not.toMatch(/backed up/);
      expect(fresh.output.split('\n')).toEqual(NAMES.map((name) => `applied ${name}`));

      const status = await cli(['migrate', 'status']);
      expect(status.output).toMatch(/database is up to date/);
      expect(status.output).toContain(`${NAMES[0]}  applied ${new Date().getUTCFullYear()}-`);

      const down = await cli(['migrate', 'down', '--steps', '2']);
      expect(down.error).toBeUndefined();
      expect(down.output).toMatch(/^backed up to .+ \(\d+ bytes\)$/m);
      expect(down.output).toContain(`reverted ${NAMES.at(-1)}\nreverted ${NAMES.at(-2)}`);
      const after = await cli(['migrate', 'status']);
      expect(after.output).toContain(`${NAMES.at(-1)}  pending`);
      expect(after.output).toMatch(/2 pending/);

      expect(String((await cli(['migrate', 'down', '--steps', '0'])).error)).toMatch(/at least 1/);
      const again = await cli(['migrate']);
      expect(again.output).toContain(`applied ${NAMES.at(-1)}`);
    });

    it('backs up on demand to a chosen file', async () => {
      const database = await testDatabase.open();
      await database.close();
      const output = join(backupDir, 'manual-copy');
      const result = await cli(['backup', '--output', output]);
      expect(result.error).toBeUndefined();
      expect(result.output).toMatch(/^backed up to .+manual-copy \(\d+ bytes\)$/);
      expect(existsSync(output)).toBe(true);
    });

    it('refuses to start on a database that is behind when migrations run as a separate step', async () => {
      const database = openDatabase(testDatabase.url);
      await seedOldSchema(database);
      await database.close();
      const { startServer } = await import('../src/main.js');
      const { parseConfig } = await import('../src/config.js');
      const config = parseConfig({
        DATABASE_URL: testDatabase.url,
        SECRET_KEY: TEST_SECRET_KEY,
        NODE_ENV: 'test',
        PORT: '0',
        LOG_LEVEL: 'silent',
        MIGRATE_ON_START: 'false',
      });
      await expect(startServer(config, { handleSignals: false })).rejects.toThrow(
        /migration\(s\) behind .*xionimus migrate up/,
      );
    });
  },
);
