import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/cache/rate-limiter.js';
import { connectRedis, type RedisClient } from '../../src/redis/connect.js';
import { type SpawnedRedis, spawnRedis } from '../helpers/redis-server.js';
import { allKeys, freshPrefix, logger, waitUntil } from './backends.js';

const MINUTE = 60_000;

describe('rate limiter', () => {
  let server: SpawnedRedis;
  let redis: RedisClient;
  beforeAll(async () => {
    server = await spawnRedis();
    redis = connectRedis({ url: server.url, logger });
    await waitUntil(() => redis.status === 'ready', 'redis ready');
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  describe.each(['memory', 'redis'] as const)('on %s', (mode) => {
    const make = (limit: number, now: () => number, prefix = freshPrefix()) =>
      createRateLimiter({
        name: 'api',
        limitPerWindow: limit,
        redis: mode === 'redis' ? redis : undefined,
        prefix,
        logger,
        opTimeoutMs: 2000,
        now,
      });

    it('allows the limit per minute per id, then refuses with a retry time', async () => {
      let now = 10 * MINUTE + 1_000;
      const limiter = make(3, () => now);
      const decisions = [];
      for (let i = 0; i < 5; i++) decisions.push(await limiter.allow('203.0.113.7'));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
      expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0, 0]);
      expect(decisions.map((d) => d.firstRefusal)).toEqual([false, false, false, true, false]);
      expect(decisions[3]!.retryAfterSeconds).toBeGreaterThan(0);
      expect(decisions[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect((await limiter.allow('198.51.100.1')).allowed).toBe(true);
      // Two windows later the old counts have faded out completely.
      now += 2 * MINUTE;
      expect((await limiter.allow('203.0.113.7')).allowed).toBe(true);
    });

    it('weighs the previous minute in (sliding window)', async () => {
      let now = 20 * MINUTE;
      const limiter = make(4, () => now);
      for (let i = 0; i < 4; i++) expect((await limiter.allow('u')).allowed).toBe(true);
      now += MINUTE + MINUTE / 4; // 75 % of the previous window still counts: 3 + 1 = 4 allowed, then 5 refused
      expect((await limiter.allow('u')).allowed).toBe(true);
      expect((await limiter.allow('u')).allowed).toBe(false);
    });

    it('is off with a limit of 0', async () => {
      const limiter = make(0, () => 0);
      for (let i = 0; i < 100; i++) expect((await limiter.allow('x')).allowed).toBe(true);
    });
  });

  it('shares the count between instances on Redis', async () => {
    const prefix = freshPrefix();
    const now = () => 30 * MINUTE;
    const a = createRateLimiter({ name: 'user', limitPerWindow: 3, redis, prefix, logger, opTimeoutMs: 2000, now });
    const b = createRateLimiter({ name: 'user', limitPerWindow: 3, redis, prefix, logger, opTimeoutMs: 2000, now });
    expect((await a.allow('user-hash')).allowed).toBe(true);
    expect((await b.allow('user-hash')).allowed).toBe(true);
    expect((await a.allow('user-hash')).allowed).toBe(true);
    expect((await b.allow('user-hash')).allowed).toBe(false);
    const keys = await allKeys(redis, prefix);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).not.toContain('user-hash');
      expect(await redis.pttl(key)).toBeGreaterThan(0);
    }
  });

  it('falls back to counting in this instance while Redis is down', async () => {
    const spare = await spawnRedis();
    const client = connectRedis({ url: spare.url, logger });
    try {
      await waitUntil(() => client.status === 'ready', 'spare redis ready');
      const limiter = createRateLimiter({ name: 'api', limitPerWindow: 2, redis: client, prefix: 'careline', logger });
      await spare.kill();
      await waitUntil(() => client.status !== 'ready', 'client to notice');
      const decisions = [];
      for (let i = 0; i < 3; i++) decisions.push((await limiter.allow('1.2.3.4')).allowed);
      expect(decisions).toEqual([true, true, false]);
    } finally {
      client.disconnect();
      await spare.stop();
    }
  });
});
