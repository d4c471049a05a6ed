// Migrations are imported statically so they run the same from TypeScript sources and from dist/.
import type { Migration } from 'kysely';
import * as initial from './0001_initial.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
};
