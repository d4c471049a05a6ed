import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin, startTestApp, type TestApp } from './support/app.js';
import { REDIS_URL, serviceAvailable } from './support/services.js';

describe('rate limiting', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'true' } });
  });
  afterAll(() => server.close());

  it('sends RateLimit headers and a 429 problem with Retry-After once a route quota is spent', async () => {
    const first = await server.request('POST', '/api/auth/register', { body: { email: 'x' } });
    expect(first.headers.get('ratelimit-limit')).toBe('10');
    expect(first.headers.get('ratelimit-remaining')).toBe('9');
    for (let i = 0; i < 9; i++) await server.request('POST', '/api/auth/register', { body: { email: 'x' } });
    const limited = await server.request('POST', '/api/auth/register', { body: { email: 'x' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    // Other routes have their own budget.
    expect((await server.request('GET', '/api/auth/me')).headers.get('ratelimit-limit')).toBe('300');
  });

  it('counts a signed-in user by account, not by address', async () => {
    const fresh = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'true' } });
    try {
      const user = await registerAndLogin(fresh);
      const asUser = await fresh.request('GET', '/api/auth/me', { token: user.token });
      const anonymous = await fresh.request('GET', '/api/auth/me');
      // Both start from a full budget: separate keys.
      expect(asUser.headers.get('ratelimit-remaining')).toBe('299');
      expect(anonymous.headers.get('ratelimit-remaining')).toBe('299');
    } finally {
      await fresh.close();
    }
  });

  it('does nothing when RATE_LIMIT_ENABLED=false', async () => {
    const unlimited = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'false' } });
    try {
      for (let i = 0; i < 12; i++) await unlimited.request('POST', '/api/auth/register', { body: { email: 'x' } });
      const reply = await unlimited.request('POST', '/api/auth/register', { body: { email: 'x' } });
      expect(reply.status).toBe(400);
      expect(reply.headers.get('ratelimit-limit')).toBeNull();
    } finally {
      await unlimited.close();
    }
  });

  it('shares one budget between two instances through Redis', async () => {
    if (!(await serviceAvailable('Redis', REDIS_URL))) return;
    const env = { RATE_LIMIT_ENABLED: 'true', TRUST_PROXY: 'true' };
    const a = await startTestApp({ env, redisUrl: REDIS_URL });
    const b = await startTestApp({ env, redisUrl: REDIS_URL, databaseUrl: a.databaseUrl });
    // A client address of its own keeps this run's budget apart from other runs sharing the Redis.
    const octet = () => Math.floor(Math.random() * 254) + 1;
    const client = { 'x-forwarded-for': `100.${octet()}.${octet()}.${octet()}` };
    const register = (server: TestApp) =>
      server.request('POST', '/api/auth/register', { body: { email: 'x' }, headers: client });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await register(i % 2 === 0 ? a : b)).status);
      expect(statuses).toEqual(Array(10).fill(400));
      expect((await register(a)).status).toBe(429);
      expect((await register(b)).status).toBe(429);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
