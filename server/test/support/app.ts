// Starts the real app on a random loopback port over a fresh database, and speaks HTTP to it.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { buildApp, type App } from '../../src/app.js';
import { parseConfig, type Config } from '../../src/config.js';
import { memoryCounters, redisCounters } from '../../src/platform/counters.js';
import { openDatabase, type Db } from '../../src/platform/db/database.js';
import { loggerOptions } from '../../src/platform/logger.js';
import { connectRedis } from '../../src/platform/redis.js';
import type { RetryPolicy } from '../../src/modules/providers/retry.js';
import { createTestDatabase } from './database.js';

export const TEST_SECRET_KEY = 'test-secret-key-that-is-long-enough-0123456789';

export interface TestAppOptions {
  env?: Record<string, string>;
  loopbackOnly?: boolean;
  redisUrl?: string;
  /** Lets a test add routes (e.g. one that throws) before the app starts listening. */
  beforeListen?: (app: App) => void | Promise<void>;
  /** Reuse another app's database (two instances of one deployment). */
  databaseUrl?: string;
  /** Provider retry backoff; tests keep it short. */
  retryPolicy?: RetryPolicy;
}

export const FAST_RETRIES: RetryPolicy = { retries: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 3000 };

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface TestApp {
  url: string;
  app: App;
  database: Db;
  databaseUrl: string;
  config: Config & { secretKey: string };
  logs: string[];
  request<T = any>(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string>; rawBody?: string },
  ): Promise<Reply<T>>;
  close(): Promise<void>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const testDatabase = options.databaseUrl ? undefined : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? testDatabase!.url;
  const parsed = parseConfig({
    NODE_ENV: 'test',
    SECRET_KEY: TEST_SECRET_KEY,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'info',
    // Most tests make many requests quickly; the rate-limit tests turn it back on.
    RATE_LIMIT_ENABLED: 'false',
    ...options.env,
  });
  const config = { ...parsed, secretKey: parsed.secretKey ?? TEST_SECRET_KEY };
  const database = testDatabase ? await testDatabase.open() : openDatabase(databaseUrl);

  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  const redis = options.redisUrl ? connectRedis(options.redisUrl) : undefined;
  const app = await buildApp({
    config,
    database,
    redis,
    counters: redis ? redisCounters(redis, `xionimus-test:${Date.now()}:`) : memoryCounters(),
    loopbackOnly: options.loopbackOnly ?? true,
    retryPolicy: options.retryPolicy ?? FAST_RETRIES,
    logger: pino(loggerOptions(config.logLevel), sink),
  });
  await options.beforeListen?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    url,
    app,
    database,
    databaseUrl,
    config,
    logs,
    async request(method, path, { body, token, headers = {}, rawBody } = {}) {
      const response = await fetch(url + path, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: rawBody ?? (body !== undefined ? JSON.stringify(body) : undefined),
      });
      const text = await response.text();
      let parsedBody: unknown = text;
      try {
        parsedBody = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: parsedBody as never, text };
    },
    async close() {
      await app.close();
      await database.close();
      await redis?.quit();
      await testDatabase?.drop();
    },
  };
}

let counter = 0;
/** A unique email and a password that passes the policy. */
export const newAccount = (prefix = 'user') => ({
  email: `${prefix}${++counter}-${Date.now()}@example.test`,
  password: 'correct horse battery staple',
});

export async function registerAndLogin(app: TestApp, prefix = 'user') {
  const account = newAccount(prefix);
  const reply = await app.request('POST', '/api/auth/register', { body: account });
  if (reply.status !== 201) throw new Error(`register failed: ${reply.status} ${reply.text}`);
  return { ...account, token: reply.body.accessToken as string, user: reply.body.user as { id: string; role: string } };
}
