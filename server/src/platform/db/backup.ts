// Backups of the database before a migration and on demand (`xionimus backup | restore`):
// SQLite through its online backup API (consistent while the server writes), PostgreSQL
// through pg_dump/pg_restore in the custom format when they are installed.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import type { Db } from './database.js';

const run = promisify(execFile);

export type BackupResult = { file: string; bytes: number } | { skipped: string };

/** A file name that sorts by time and says why the backup was made. */
export function backupFileName(dialect: Db['dialect'], reason: string, now = new Date()) {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return `xionimus-${stamp}-${reason.replace(/[^\w.-]+/g, '_')}.${dialect === 'sqlite' ? 'db' : 'dump'}`;
}

function sqliteFile(url: string) {
  const location = url.slice('sqlite:'.length);
  return location === ':memory:' ? undefined : resolve(location);
}

/** Postgres tools take the connection string as-is; only libpq's own scheme names are accepted. */
const libpqUrl = (url: string) => url.replace(/^postgresql\+\w+:/, 'postgresql:');

async function hasCommand(command: string) {
  try {
    await run(command, ['--version']);
    return true;
  } catch {
    return false;
  }
}

export async function backupDatabase(database: Db, url: string, file: string): Promise<BackupResult> {
  mkdirSync(dirname(file), { recursive: true });
  if (database.dialect === 'sqlite') {
    if (!database.sqlite || !sqliteFile(url)) return { skipped: 'an in-memory database has nothing to back up' };
    await database.sqlite.backup(file);
  } else {
    if (!(await hasCommand('pg_dump'))) return { skipped: 'pg_dump is not installed; back up with your own tools' };
    await tool('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${libpqUrl(url)}`]);
  }
  return { file, bytes: statSync(file).size };
}

/**
 * Replaces the database's content with a backup. The server must be stopped: SQLite's file is
 * swapped whole (after an integrity check of the backup), PostgreSQL's objects are dropped and
 * recreated by pg_restore in one transaction.
 */
export async function restoreDatabase(url: string, file: string): Promise<void> {
  if (!existsSync(file)) throw new Error(`no backup at ${file}`);
  if (url.startsWith('sqlite:')) {
    const target = sqliteFile(url);
    if (!target) throw new Error('cannot restore into an in-memory database');
    const source = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      const check = source.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`${basename(file)} is damaged: ${String(check)}`);
      const staged = join(dirname(target), `.${basename(target)}.restoring`);
      rmSync(staged, { force: true });
      await source.backup(staged);
      // The old write-ahead log belongs to the old file: drop it before the swap.
      for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
      renameSync(staged, target);
    } finally {
      source.close();
    }
    return;
  }
  for (const command of ['pg_restore', 'psql']) {
    if (!(await hasCommand(command))) throw new Error(`${command} is not installed`);
  }
  // pg_restore --clean only drops what the dump holds, not the tables a newer schema added
  // (which still reference the old ones): replace the whole schema in one transaction instead.
  const script = join(dirname(file), `.${basename(file)}.sql`);
  try {
    await tool('pg_restore', ['--no-owner', '--no-privileges', `--file=${script}`, file]);
    await tool('psql', [
      '--quiet',
      '--no-psqlrc',
      '--single-transaction',
      '--set=ON_ERROR_STOP=1',
      '--command=DROP SCHEMA IF EXISTS public CASCADE',
      '--command=CREATE SCHEMA public',
      `--file=${script}`,
      `--dbname=${libpqUrl(url)}`,
    ]);
  } finally {
    rmSync(script, { force: true });
  }
}

/** Runs a PostgreSQL client tool; its error names the tool and its own message, never the URL. */
async function tool(command: string, args: string[]) {
  try {
    await run(command, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${command} failed: ${stderr || (error as Error).message.split('\n')[0]}`);
  }
}
