import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { InvalidArgumentError, type Command } from 'commander';
import { pino } from 'pino';
import { parseConfig, type Config } from '../config.js';
import { migrationPlan, startServer } from '../main.js';
import { memoryCounters } from '../platform/counters.js';
import { openDatabase, type Db } from '../platform/db/database.js';
import { backupDatabase, backupFileName, restoreDatabase } from '../platform/db/backup.js';
import { migrateDown, migrateToLatest, migrateUp, migrationStatus, type MigrationRun } from '../platform/db/migrate.js';
import { loggerOptions } from '../platform/logger.js';
import { ensureSecretKey } from '../secret-key.js';
import { createServices } from '../services.js';
import { registerReviewCommand } from './review.js';

export interface CliIo {
  out: (line: string) => void;
  stdin: Readable;
}

const defaultIo: CliIo = { out: (line) => console.log(line), stdin: process.stdin };

async function readStdin(stdin: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

/** Runs `fn` with the services over a migrated database, then closes it. */
async function withServices<T>(config: Config, fn: (services: ReturnType<typeof createServices>) => Promise<T>) {
  const log = pino(loggerOptions(config.logLevel === 'info' ? 'warn' : config.logLevel));
  const secretKey = ensureSecretKey(config, log);
  const database = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database);
    return await fn(
      createServices(
        { config: { ...config, secretKey }, database, counters: memoryCounters(), loopbackOnly: false },
        log,
      ),
    );
  } finally {
    await database.close();
  }
}

async function withDatabase<T>(config: Config, fn: (database: Db) => Promise<T>) {
  const database = openDatabase(config.databaseUrl);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

function positiveInteger(value: string, name: string) {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError(`${name} must be a whole number of at least 1`);
  return number;
}

async function choosePassword(options: { password?: string; passwordStdin?: boolean }, io: CliIo) {
  if (options.passwordStdin) return { password: await readStdin(io.stdin), generated: false };
  if (options.password) return { password: options.password, generated: false };
  return { password: randomBytes(18).toString('base64url'), generated: true };
}

export function run(program: Command, argv: string[], env: Record<string, string | undefined>, io: CliIo = defaultIo) {
  const config = () => parseConfig(env);
  program.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.out });

  program
    .command('start')
    .description('Start the server (migrations are applied first)')
    .action(async () => {
      await startServer(config());
    });

  const migrate = program
    .command('migrate')
    .description('Show, apply or revert database migrations (a database with data is backed up first)');
  const describeRun = ({ results, backup }: MigrationRun) => {
    if (backup && 'file' in backup) io.out(`backed up to ${backup.file} (${backup.bytes} bytes)`);
    if (backup && 'skipped' in backup) io.out(`not backed up: ${backup.skipped}`);
    for (const result of results) {
      io.out(`${result.direction === 'Up' ? 'applied' : 'reverted'} ${result.migrationName}`);
    }
  };
  migrate
    .command('up', { isDefault: true })
    .description('Apply pending migrations')
    .option('--no-backup', 'skip the backup before migrating')
    .action(async (options: { backup: boolean }) => {
      const settings = config();
      await withDatabase(settings, async (database) => {
        const run = await migrateUp(database, options.backup ? migrationPlan(settings) : {});
        describeRun(run);
        if (run.results.length === 0) io.out('database is up to date');
      });
    });
  migrate
    .command('down')
    .description('Revert the newest migrations (their tables and columns are dropped: keep the backup)')
    .option('--steps <n>', 'how many migrations to revert', (value) => positiveInteger(value, '--steps'), 1)
    .option('--no-backup', 'skip the backup before reverting')
    .action(async (options: { steps: number; backup: boolean }) => {
      const settings = config();
      await withDatabase(settings, async (database) => {
        const run = await migrateDown(database, options.steps, options.backup ? migrationPlan(settings) : {});
        describeRun(run);
        if (run.results.length === 0) io.out('no migration to revert');
      });
    });
  migrate
    .command('status')
    .description('List migrations and when each was applied')
    .action(async () => {
      await withDatabase(config(), async (database) => {
        const status = await migrationStatus(database);
        for (const migration of status) {
          io.out(
            `${migration.name}  ${migration.executedAt ? `applied ${migration.executedAt.toISOString()}` : 'pending'}`,
          );
        }
        const pending = status.filter((migration) => !migration.executedAt).length;
        io.out(pending ? `${pending} pending` : 'database is up to date');
      });
    });

  program
    .command('backup')
    .description('Back up the database (SQLite online backup; pg_dump for PostgreSQL)')
    .option('--output <file>', 'where to write it (default: a time-stamped file in BACKUP_DIR)')
    .action(async (options: { output?: string }) => {
      const settings = config();
      await withDatabase(settings, async (database) => {
        const file = options.output ?? join(settings.backupDir, backupFileName(database.dialect, 'manual'));
        const result = await backupDatabase(database, settings.databaseUrl, file);
        if ('skipped' in result) throw new Error(`no backup made: ${result.skipped}`);
        io.out(`backed up to ${result.file} (${result.bytes} bytes)`);
      });
    });

  program
    .command('restore')
    .description('Replace the database with a backup (stop the server first)')
    .argument('<file>', 'a file made by `xionimus backup` or before a migration')
    .option('--yes', 'confirm: the current content of the database is replaced')
    .action(async (file: string, options: { yes?: boolean }) => {
      if (!options.yes) throw new Error('restore replaces everything in the database: add --yes to confirm');
      await restoreDatabase(config().databaseUrl, file);
      io.out(`restored ${file}; start the server to apply any newer migrations`);
    });

  const user = program.command('user').description('Manage accounts');

  user
    .command('create')
    .description('Create an account (works whatever REGISTRATION is)')
    .requiredOption('--email <email>', 'email address, used to log in')
    .option('--name <name>', 'display name')
    .option('--admin', 'make the account an admin')
    .option('--password <password>', 'password (visible in shell history; prefer --password-stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .action(
      async (options: {
        email: string;
        name?: string;
        admin?: boolean;
        password?: string;
        passwordStdin?: boolean;
      }) => {
        const { password, generated } = await choosePassword(options, io);
        await withServices(config(), async ({ users, settings, audit }) => {
          const created = await users.create({
            email: options.email,
            name: options.name,
            password,
            role: options.admin ? 'admin' : 'user',
            // Claiming voids the setup token: a later sign-up can no longer make itself admin.
            claimAdmin: options.admin,
          });
          if (options.admin) await settings.consumeSetupToken();
          await audit.record({
            event: 'user_created',
            outcome: 'success',
            targetId: created.id,
            details: { role: created.role, via: 'cli' },
          });
          io.out(`created ${created.role} ${created.email} (id ${created.id})`);
          if (generated) io.out(`password: ${password}`);
        });
      },
    );

  user
    .command('reset-password')
    .description('Set a new password for an account and end all its sessions')
    .requiredOption('--email <email>', 'email address of the account')
    .option('--password <password>', 'new password (visible in shell history; prefer --password-stdin)')
    .option('--password-stdin', 'read the new password from standard input')
    .action(async (options: { email: string; password?: string; passwordStdin?: boolean }) => {
      const { password, generated } = await choosePassword(options, io);
      await withServices(config(), async ({ users, auth }) => {
        const account = await users.findByEmail(options.email);
        if (!account) throw new Error(`no account with email ${options.email}`);
        await auth.setPassword(account, password, 'password_reset', null);
        io.out(`password reset for ${account.email}; all its sessions were ended`);
        if (generated) io.out(`password: ${password}`);
      });
    });

  program
    .command('secrets')
    .description('Stored secrets')
    .command('rotate')
    .description('Re-encrypt stored provider keys with SECRET_KEY (earlier keys in SECRET_KEY_PREVIOUS)')
    .action(async () => {
      await withServices(config(), async ({ apiKeys, serverKeys }) => {
        const users = await apiKeys.reseal();
        const server = await serverKeys.reseal();
        const resealed = users.resealed + server.resealed;
        const failed = users.failed + server.failed;
        io.out(`re-encrypted ${resealed} stored provider key(s) with the current SECRET_KEY`);
        if (failed > 0) {
          throw new Error(
            `${failed} stored key(s) were sealed with a key that is neither SECRET_KEY nor in SECRET_KEY_PREVIOUS`,
          );
        }
      });
    });

  registerReviewCommand(program, env, io);

  return program.parseAsync(argv);
}
