import { Redis } from 'ioredis';

/** A Redis client that fails fast instead of queueing commands forever while Redis is down. */
export function connectRedis(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 3000 });
  // Connection errors surface through the commands that fail (readiness, rate limits); ioredis
  // would otherwise print an unhandled 'error' event for each reconnect attempt.
  client.on('error', () => undefined);
  return client;
}
