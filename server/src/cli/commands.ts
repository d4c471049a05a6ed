import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { pino } from 'pino';
import { parseConfig, type Config } from '../config.js';
import { startServer } from '../main.js';
import { memoryCounters } from '../platform/counters.js';
import { openDatabase } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
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

  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(async () => {
      const database = openDatabase(config().databaseUrl);
      try {
        const results = await migrateToLatest(database);
        io.out(
          results.length
            ? results.map((result) => `applied ${result.migrationName}`).join('\n')
            : 'database is up to date',
        );
      } finally {
        await database.close();
      }
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

  registerReviewCommand(program, env, io);

  return program.parseAsync(argv);
}
