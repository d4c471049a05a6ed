// Process entry: config → database (migrated) → buildApp → listen → graceful shutdown.
import { isIP } from 'node:net';
import closeWithGrace from 'close-with-grace';
import { pino, type Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { memoryCounters, redisCounters } from './platform/counters.js';
import { openDatabase, type Db } from './platform/db/database.js';
import { migrateUp, migrationStatus, type MigrationPlan } from './platform/db/migrate.js';
import { loggerOptions } from './platform/logger.js';
import { flushSentry, initSentry } from './platform/monitoring/sentry.js';
import { startTracing } from './platform/monitoring/tracing.js';
import { connectRedis } from './platform/redis.js';
import { ensureSecretKey } from './secret-key.js';

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

export const SHUTDOWN_GRACE_MS = 10_000;

export const migrationPlan = (config: Config): MigrationPlan =>
  config.backupBeforeMigrate ? { backup: { url: config.databaseUrl, dir: config.backupDir } } : {};

/**
 * Brings the schema up to date (backing up a database with data first), or, when migrations
 * run as a separate step (a Kubernetes Job), refuses to serve a database that is behind.
 */
async function prepareSchema(config: Config, database: Db, log: Logger) {
  if (!config.migrateOnStart) {
    const pending = (await migrationStatus(database)).filter((migration) => !migration.executedAt);
    if (pending.length > 0) {
      await database.close();
      throw new Error(
        `the database is ${pending.length} migration(s) behind (${pending.map((m) => m.name).join(', ')}) and MIGRATE_ON_START=false: run \`xionimus migrate up\` first`,
      );
    }
    return;
  }
  const { results, backup } = await migrateUp(database, migrationPlan(config));
  if (backup && 'file' in backup)
    log.info({ backup: backup.file, bytes: backup.bytes }, 'database backed up before migrating');
  if (backup && 'skipped' in backup) log.warn({ reason: backup.skipped }, 'database not backed up before migrating');
  if (results.length > 0) log.info({ migrations: results.map((result) => result.migrationName) }, 'database migrated');
}

export async function startServer(config: Config, options: { handleSignals?: boolean } = {}) {
  const log = pino(loggerOptions(config.logLevel));
  if (initSentry(config)) log.info({ environment: config.environment }, 'error reporting to Sentry is on');
  const tracing = startTracing(config);
  if (tracing) log.info({ serviceName: config.tracing?.serviceName }, 'OpenTelemetry trace export is on');
  const secretKey = ensureSecretKey(config, log);
  const database = openDatabase(config.databaseUrl);
  await prepareSchema(config, database, log);
  const redis = config.redisUrl ? connectRedis(config.redisUrl) : undefined;
  const app = await buildApp({
    config: { ...config, secretKey },
    database,
    redis,
    counters: redis ? redisCounters(redis) : memoryCounters(),
    loopbackOnly: isLoopbackHost(config.host),
    logger: log,
  });
  app.addHook('onClose', async () => {
    // Spans first: with Sentry on, ending the provider hands its last transactions to Sentry.
    await tracing?.shutdown();
    await flushSentry();
    await database.close();
    await redis?.quit().catch(() => redis.disconnect());
  });
  await app.listen({ port: config.port, host: config.host });

  if (options.handleSignals ?? true) {
    // Stop accepting, let in-flight requests finish (bounded), then close the database and Redis.
    closeWithGrace({ delay: SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
      if (err) log.error({ err }, 'shutting down after an uncaught error');
      else log.info({ signal }, 'shutting down');
      await app.close();
    });
  }
  return app;
}
