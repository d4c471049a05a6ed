// Process entry: config → database (migrated) → buildApp → listen → graceful shutdown.
import { isIP } from 'node:net';
import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { memoryCounters, redisCounters } from './platform/counters.js';
import { openDatabase } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { loggerOptions } from './platform/logger.js';
import { flushSentry, initSentry } from './platform/monitoring/sentry.js';
import { connectRedis } from './platform/redis.js';
import { ensureSecretKey } from './secret-key.js';

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

export const SHUTDOWN_GRACE_MS = 10_000;

export async function startServer(config: Config, options: { handleSignals?: boolean } = {}) {
  const log = pino(loggerOptions(config.logLevel));
  if (initSentry(config)) log.info({ environment: config.environment }, 'error reporting to Sentry is on');
  const secretKey = ensureSecretKey(config, log);
  const database = openDatabase(config.databaseUrl);
  const applied = await migrateToLatest(database);
  if (applied.length > 0) log.info({ migrations: applied.map((result) => result.migrationName) }, 'database migrated');
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
