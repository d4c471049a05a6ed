// Schema migrations (server/migrations) with a backup of the database before any change to a
// database that already holds data: peers of this product have lost users' chats in upgrades.
import { join } from 'node:path';
import { Migrator, NO_MIGRATIONS, type MigrationResult } from 'kysely';
import { migrations } from '../../../migrations/index.js';
import { backupDatabase, backupFileName, type BackupResult } from './backup.js';
import type { Db } from './database.js';

export interface MigrationPlan {
  /** Where and whether to back up before changing a schema that holds data. */
  backup?: { url: string; dir: string };
}

export interface MigrationRun {
  results: MigrationResult[];
  /** The backup taken first; undefined when nothing was to change or the database was new. */
  backup?: BackupResult;
}

const migrator = (database: Db) =>
  new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });

function unwrap({ error, results = [] }: { error?: unknown; results?: MigrationResult[] }) {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results;
}

export async function migrationStatus(database: Db) {
  return (await migrator(database).getMigrations()).map((migration) => ({
    name: migration.name,
    executedAt: migration.executedAt ?? null,
  }));
}

async function backupFirst(database: Db, plan: MigrationPlan, reason: string, executed: number) {
  // A database with no migration applied holds no data worth a file.
  if (!plan.backup || executed === 0) return undefined;
  return backupDatabase(database, plan.backup.url, join(plan.backup.dir, backupFileName(database.dialect, reason)));
}

export async function migrateUp(database: Db, plan: MigrationPlan = {}): Promise<MigrationRun> {
  const status = await migrationStatus(database);
  const pending = status.filter((migration) => !migration.executedAt);
  if (pending.length === 0) return { results: [] };
  const executed = status.length - pending.length;
  const backup = await backupFirst(database, plan, `before-${pending.at(-1)!.name}`, executed);
  return { results: unwrap(await migrator(database).migrateToLatest()), backup };
}

/** Reverts the last `steps` applied migrations (newest first). */
export async function migrateDown(database: Db, steps: number, plan: MigrationPlan = {}): Promise<MigrationRun> {
  const applied = (await migrationStatus(database)).filter((migration) => migration.executedAt);
  if (applied.length === 0 || steps < 1) return { results: [] };
  const target = applied.length - steps;
  const backup = await backupFirst(database, plan, `before-undo-${applied.at(-1)!.name}`, applied.length);
  const to = target <= 0 ? NO_MIGRATIONS : applied[target - 1]!.name;
  return { results: unwrap(await migrator(database).migrateTo(to)), backup };
}

/** Applies pending migrations without a backup: fresh test databases and the CLI's helpers. */
export async function migrateToLatest(database: Db): Promise<MigrationResult[]> {
  return (await migrateUp(database)).results;
}
