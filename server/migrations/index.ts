// Migrations are imported statically so they run the same from TypeScript sources and from dist/.
import type { Migration } from 'kysely';
import * as initial from './0001_initial.js';
import * as chat from './0002_chat.js';
import * as review from './0003_review.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_chat': chat,
  '0003_review': review,
};
