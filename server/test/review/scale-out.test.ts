import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bullmqQueue } from '../../src/platform/queue.js';
import { connectRedis } from '../../src/platform/redis.js';
import { registerAndLogin, startTestApp, type TestApp } from '../support/app.js';
import { collectSse } from '../support/sse.js';
import { REDIS_URL, serviceAvailable } from '../support/services.js';

describe('reviews across instances (BullMQ and Redis)', () => {
  let redisUp = false;
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    redisUp = await serviceAvailable('Redis', REDIS_URL);
    if (!redisUp) return;
    first = await startTestApp({ redisUrl: REDIS_URL });
    second = await startTestApp({ redisUrl: REDIS_URL, databaseUrl: first.databaseUrl });
  });
  afterAll(async () => {
    if (!redisUp) return;
    const databaseUrl = first.databaseUrl;
    await second.close();
    await first.close();
    // The review queue of this test's deployment (named after its database) goes with it.
    const redis = connectRedis(REDIS_URL);
    const prefix = `xionimus:jobs:${createHash('sha256').update(databaseUrl).digest('hex').slice(0, 12)}`;
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('queues a review on one instance and streams its progress from the other', async () => {
    if (!redisUp) return;
    const { token } = await registerAndLogin(first);
    const created = await first.request('POST', '/api/review', {
      token,
      body: {
        files: [
          { path: 'a.js', content: 'eval(input);\n' },
          { path: 'b.py', content: 'import os\nos.system("rm " + path)\n' },
        ],
      },
    });
    expect(created.status).toBe(202);
    const response = await fetch(`${second.url}/api/review/${created.body.id}/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const events = await collectSse(response);
    expect(events.map((event) => event.event)).toContain('started');
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { findings: 2 } });
    const review = await second.request('GET', `/api/review/${created.body.id}`, { token });
    expect(review.body.findings.map((finding: any) => finding.ruleId)).toEqual([
      'xionimus/code-injection',
      'python/os-system',
    ]);
  });

  it('a BullMQ job added twice with one id runs once', async () => {
    if (!redisUp) return;
    const redis = connectRedis(REDIS_URL);
    const prefix = `xionimus-test:jobs:${Date.now()}`;
    const queue = bullmqQueue<{ n: number }>('once', redis, { prefix });
    const seen: number[] = [];
    const done = new Promise<void>((resolve) => {
      queue.process(async ({ n }) => {
        seen.push(n);
        if (n === 2) resolve();
      });
    });
    await queue.add({ n: 1 }, { jobId: 'one' });
    await queue.add({ n: 1 }, { jobId: 'one' });
    await queue.add({ n: 2 }, { jobId: 'two' });
    await done;
    expect(seen).toEqual([1, 2]);
    await queue.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('answers 503 when Redis does not take the job, and the review is marked failed', async () => {
    const broken = await startTestApp({ redisUrl: 'redis://127.0.0.1:1' });
    try {
      const { token } = await registerAndLogin(broken);
      const refused = await broken.request('POST', '/api/review', {
        token,
        body: { snippet: { content: 'eval(x)\n' } },
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(refused.body).toMatchObject({ code: 'queue_unavailable' });
      const history = await broken.request('GET', '/api/review', { token });
      expect(history.body.items).toEqual([expect.objectContaining({ status: 'failed' })]);
    } finally {
      await broken.close();
    }
  });
});
