// A fresh database for each test file, in the dialect of the current Vitest project
// (TEST_DIALECT): a temporary SQLite file, or a new PostgreSQL database dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Db } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { POSTGRES_URL } from './services.js';

export const DIALECT = (process.env.TEST_DIALECT ?? 'sqlite') as 'sqlite' | 'postgres';

export interface TestDatabase {
  url: string;
  open(): Promise<Db>;
  drop(): Promise<void>;
}

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (DIALECT === 'postgres') {
    const name = `xionimus_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      open: async () => migrated(openDatabase(url.toString())),
      drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const folder = mkdtempSync(join(tmpdir(), 'xionimus-test-'));
  const url = `sqlite:${join(folder, 'test.db')}`;
  return {
    url,
    open: async () => migrated(openDatabase(url)),
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

async function migrated(database: Db) {
  await migrateToLatest(database);
  return database;
}
