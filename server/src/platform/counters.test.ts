import { describe, expect, it } from 'vitest';
import { memoryCounters, redisCounters, type CounterStore } from './counters.js';
import { connectRedis } from './redis.js';
import { REDIS_URL, serviceAvailable } from '../../test/support/services.js';

async function behavesAsAWindowedCounter(store: CounterStore, key: string) {
  expect(await store.peek(key)).toEqual({ count: 0, resetInMs: 0 });
  expect((await store.hit(key, 60_000)).count).toBe(1);
  const second = await store.hit(key, 60_000);
  expect(second.count).toBe(2);
  expect(second.resetInMs).toBeGreaterThan(50_000);
  expect((await store.peek(key)).count).toBe(2);
  await store.reset(key);
  expect((await store.peek(key)).count).toBe(0);
}

describe('counters', () => {
  it('count hits in memory and forget them when the window ends', async () => {
    let now = 1_000;
    const store = memoryCounters(() => now);
    await behavesAsAWindowedCounter(store, 'k');
    await store.hit('w', 1000);
    now += 1001;
    expect((await store.peek('w')).count).toBe(0);
    expect((await store.hit('w', 1000)).count).toBe(1);
  });

  it('count hits in Redis with the same behaviour', async () => {
    if (!(await serviceAvailable('Redis', REDIS_URL))) return;
    const redis = connectRedis(REDIS_URL);
    try {
      const store = redisCounters(redis, `xionimus-test:${Date.now()}:${Math.random()}:`);
      await behavesAsAWindowedCounter(store, 'k');
      await store.hit('short', 50);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect((await store.peek('short')).count).toBe(0);
    } finally {
      await redis.quit();
    }
  });
});
