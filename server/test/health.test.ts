import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { REDIS_URL, serviceAvailable } from './support/services.js';

describe('health', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp();
  });
  afterAll(() => server.close());

  it('reports liveness with version and uptime', async () => {
    const reply = await server.request('GET', '/api/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'ok', version: '0.1.0', uptimeSeconds: expect.any(Number) });
  });

  it('is ready while the database answers', async () => {
    const reply = await server.request('GET', '/api/health/ready');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'not_configured' } });
  });

  it('fails readiness with 503 naming the database when it is gone', async () => {
    const doomed = await startTestApp();
    try {
      await doomed.database.close();
      const reply = await doomed.request('GET', '/api/health/ready');
      expect(reply.status).toBe(503);
      expect(reply.body).toMatchObject({ code: 'not_ready', checks: { database: 'failed' } });
      expect(reply.body.detail).toContain('database');
      // Liveness stays green: the process itself is fine.
      expect((await doomed.request('GET', '/api/health')).status).toBe(200);
    } finally {
      await doomed.close();
    }
  });

  it('fails readiness naming Redis when the configured Redis does not answer', async () => {
    const broken = await startTestApp({ redisUrl: 'redis://127.0.0.1:1' });
    try {
      const reply = await broken.request('GET', '/api/health/ready');
      expect(reply.status).toBe(503);
      expect(reply.body.checks).toEqual({ database: 'ok', redis: 'failed' });
    } finally {
      await broken.close();
    }
  });

  it('is ready with a reachable Redis', async () => {
    if (!(await serviceAvailable('Redis', REDIS_URL))) return;
    const withRedis = await startTestApp({ redisUrl: REDIS_URL });
    try {
      const reply = await withRedis.request('GET', '/api/health/ready');
      expect(reply.body.checks).toEqual({ database: 'ok', redis: 'ok' });
    } finally {
      await withRedis.close();
    }
  });
});
