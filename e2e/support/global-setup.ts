// Before the browser tests: the web app must be built (the server serves web/dist), and
// Chromium must exist when CI=true (elsewhere the tests skip without it).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH, hasChromium, SKIP_MESSAGE } from './browser.js';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

function webBuildIsStale() {
  const built = join(WEB, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json']
    .map((name) => join(WEB, name))
    .filter((path) => existsSync(path));
  return Math.max(...sources.map(newestChange)) > statSync(built).mtimeMs;
}

export default async function setup() {
  if (!hasChromium) {
    if (process.env.CI === 'true') throw new Error(`CI=true but there is no Chromium at ${CHROMIUM_PATH}`);
    console.warn(SKIP_MESSAGE);
    return;
  }
  if (webBuildIsStale()) {
    const started = Date.now();
    // A process of its own: under Vitest NODE_ENV is 'test', which would bundle React's development build.
    execFileSync('npm', ['run', 'build', '--workspace', 'web', '--silent', '--', '--logLevel', 'warn'], {
      cwd: join(WEB, '..'),
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'inherit',
    });
    console.log(`e2e: built the web app in ${Date.now() - started} ms`);
  }
}
