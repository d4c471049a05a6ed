import { Migrator, type MigrationResult } from 'kysely';
import { migrations } from '../../../migrations/index.js';
import type { Db } from './database.js';

export async function migrateToLatest(database: Db): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results;
}
