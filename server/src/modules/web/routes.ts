// Serves the built web app (web/dist) on the API's origin, so the strict CSP ('self' only)
// covers it and no CORS is needed. Hashed files under /assets are cached for a year; every
// other GET outside /api, /v1 and /docs gets index.html (the app routes in the browser), never
// cached, so a new build takes effect at the next load.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

const NOT_THE_APP = /^\/(?:api|v1|docs)(?:\/|$)|^\/(?:openapi\.json|metrics)$/;

/** web/dist above this file, from server/src (tsx) or server/dist/src (built). */
export function findWebRoot(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let folder = from;
  for (let depth = 0; depth < 7; depth++) {
    const candidate = join(folder, 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return undefined;
}

export interface WebRoutesOptions {
  /** The built app's folder; found next to the server when absent; false serves the API only. */
  root?: string | false;
}

export const webRoutes: FastifyPluginAsync<WebRoutesOptions> = async (app, options) => {
  const root = options.root === false ? undefined : options.root ? resolve(options.root) : findWebRoot();
  if (!root || !existsSync(join(root, 'index.html'))) {
    if (options.root !== false) app.log.info('the web app is not built (npm run build); serving the API only');
    return;
  }
  // Files next to index.html (favicon.svg, robots.txt, …), read once: the build does not change under us.
  const topLevelFiles = new Set(
    readdirSync(root).filter((name) => name !== 'index.html' && statSync(join(root, name)).isFile()),
  );

  await app.register(fastifyStatic, { root, serve: false });

  app.get('/*', { schema: { hide: true }, config: { rateLimit: false } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (NOT_THE_APP.test(path)) return reply.callNotFound();
    if (path.startsWith('/assets/')) {
      return reply.sendFile(path.slice(1), { immutable: true, maxAge: 365 * 24 * 3600 * 1000 });
    }
    if (topLevelFiles.has(path.slice(1))) return reply.sendFile(path.slice(1), { maxAge: 3600 * 1000 });
    // A missing file (say /app.js) is a 404, not the app's HTML under a script's name.
    if (/\.[a-z0-9]+$/i.test(path.slice(path.lastIndexOf('/')))) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
};
