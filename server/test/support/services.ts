// Which external services the tests may use. Locally a missing PostgreSQL or Redis skips the
// tests that need it, with a message; in CI (CI=true) a missing service is a failure.
import { connect } from 'node:net';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const IN_CI = process.env.CI === 'true';

export function reachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port), timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** True when the service answers; throws in CI when it does not, logs a skip notice otherwise. */
export async function serviceAvailable(name: string, url: string): Promise<boolean> {
  if (await reachable(url)) return true;
  const message = `${name} is not reachable at ${url}`;
  if (IN_CI) throw new Error(`${message}, and CI=true requires it`);
  console.warn(`[skip] ${message}: the tests that need it are skipped`);
  return false;
}
