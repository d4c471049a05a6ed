// SECRET_KEY protects tokens and stored API keys. In development a missing key is generated
// once and kept in the data folder; in production the operator must set it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ConfigError, type Config } from './config.js';

export function ensureSecretKey(config: Config, log: Pick<Logger, 'warn'>): string {
  if (config.secretKey) return config.secretKey;
  if (config.isProduction) {
    throw new ConfigError([
      'SECRET_KEY is required when NODE_ENV=production (at least 32 characters; generate one with `openssl rand -base64 48`)',
    ]);
  }
  const file = join(config.dataDir, 'secret.key');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(48).toString('base64url');
  // 'wx' fails if another process created the file meanwhile; then its key wins.
  try {
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
  log.warn(`SECRET_KEY is not set: generated one and stored it in ${file} (mode 0600). Set SECRET_KEY in production.`);
  return key;
}
