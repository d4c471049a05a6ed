import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { isLoopbackHost, startServer } from '../src/main.js';
import { ensureSecretKey } from '../src/secret-key.js';
import { createTestDatabase } from './support/database.js';

const folders: string[] = [];
const tempDir = () => {
  const folder = mkdtempSync(join(tmpdir(), 'xionimus-main-'));
  folders.push(folder);
  return folder;
};
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const quiet = { warn: () => undefined };

describe('secret key', () => {
  it('is generated once in development, stored with mode 0600, and reused', () => {
    const dataDir = tempDir();
    const warnings: string[] = [];
    const config = parseConfig({ DATA_DIR: dataDir });
    const first = ensureSecretKey(config, { warn: (message: string) => warnings.push(message) });
    const file = join(dataDir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(warnings.join()).toContain('secret.key');
    expect(ensureSecretKey(config, quiet)).toBe(first);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
  });

  it('is required in production', () => {
    const dataDir = tempDir();
    const config = parseConfig({ NODE_ENV: 'production', DATA_DIR: dataDir });
    expect(() => ensureSecretKey(config, quiet)).toThrow(/SECRET_KEY is required when NODE_ENV=production/);
    expect(existsSync(join(dataDir, 'secret.key'))).toBe(false);
  });
});

describe('server process', () => {
  it('knows which binds are loopback only', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.2', 'example.test'].some(isLoopbackHost)).toBe(false);
  });

  it('starts on a migrated database, then finishes an in-flight request before closing', async () => {
    const database = await createTestDatabase();
    const dataDir = tempDir();
    const app = await startServer(
      parseConfig({ PORT: '0', DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      { handleSignals: false },
    );
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    expect((await fetch(`${url}/api/health/ready`)).status).toBe(200);
    expect(existsSync(join(dataDir, 'secret.key'))).toBe(true);

    // A request whose body is still arriving when shutdown starts must still be answered.
    const body = JSON.stringify({ email: 'late@example.test', password: 'long enough password' });
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(`${url}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on('error', reject);
      request.write(body.slice(0, 10));
      app.server.once('request', () => {
        closing = app.close();
        setImmediate(() => request.end(body.slice(10)));
      });
    });
    let closing: Promise<undefined> | undefined;
    const response = await inFlight;
    await closing;
    expect(response.status).toBe(201);
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
    await database.drop();
  });
});
