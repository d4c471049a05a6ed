import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWebRoot, webRoutes } from './routes.js';

describe('serving the web app', () => {
  let root: string;
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'xionimus-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'favicon.svg'), '<svg/>');
    app = Fastify();
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ code: 'not_found', path: request.url }));
    app.get('/api/health', async () => ({ status: 'ok' }));
    await app.register(webRoutes, { root });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers the app’s own paths with index.html, never cached', async () => {
    for (const path of ['/', '/chat/3f2b', '/settings/usage?x=1']) {
      const response = await fetch(url + path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<title>app</title>');
    }
  });

  it('serves hashed assets with a year-long immutable cache, and other files briefly cached', async () => {
    const asset = await fetch(`${url}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const icon = await fetch(`${url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('leaves the API, the docs and missing files to the not-found handler', async () => {
    for (const path of [
      '/api/nowhere',
      '/v1/nowhere',
      '/docs/nowhere',
      '/openapi.json',
      '/assets/gone.js',
      '/app.js',
    ]) {
      const response = await fetch(url + path);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'not_found' });
    }
    expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ status: 'ok' });
  });

  it('never serves a file outside the app folder', async () => {
    const response = await fetch(`${url}/assets/..%2f..%2f..%2fetc%2fpasswd`);
    expect(response.status).not.toBe(200);
  });

  it('finds web/dist above the server, and serves nothing when there is none', () => {
    expect(findWebRoot(join(root, 'deep', 'er'))).toBeUndefined();
    const project = mkdtempSync(join(tmpdir(), 'xionimus-project-'));
    mkdirSync(join(project, 'web', 'dist'), { recursive: true });
    writeFileSync(join(project, 'web', 'dist', 'index.html'), '');
    mkdirSync(join(project, 'server', 'dist', 'src', 'modules', 'web'), { recursive: true });
    expect(findWebRoot(join(project, 'server', 'dist', 'src', 'modules', 'web'))).toBe(join(project, 'web', 'dist'));
    rmSync(project, { recursive: true, force: true });
  });
});
