import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BudgetLedger, createMemoryBudget, createRedisBudget } from '../../src/llm/budget.js';
import { taipeiDay } from '../../src/llm/day.js';
import { createRedisStats } from '../../src/llm/stats.js';
import { type FakeGemini, startFakeGemini } from '../fakes/gemini-server.js';
import { type SpawnedRedis, spawnRedis } from '../helpers/redis-server.js';
import { analysis, enricherFor, testCache } from './helpers.js';

let redis: SpawnedRedis;
let a: Redis;
let b: Redis;
let fake: FakeGemini;

beforeAll(async () => {
  redis = await spawnRedis();
  a = new Redis(redis.url);
  b = new Redis(redis.url);
  fake = await startFakeGemini();
});
afterAll(async () => {
  a.disconnect();
  b.disconnect();
  await fake.close();
  await redis.stop();
});
beforeEach(async () => {
  await a.flushdb();
  fake.requests.length = 0;
});

describe.each([
  ['redis', () => [createRedisBudget(a, 't', opts), createRedisBudget(b, 't', opts)] as const],
  ['memory', () => ((l) => [l, l] as const)(createMemoryBudget(opts))],
] as const)('budget ledger (%s)', (_name, make: () => readonly [BudgetLedger, BudgetLedger]) => {
  it('never lets two instances reserve past the daily cap together', async () => {
    const [one, two] = make();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).reserve(`user-${i}`, 100)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok && r.reason === 'budget_daily')).toHaveLength(30);
    expect(await one.spentToday()).toBe(1000);
  });

  it('settles a reservation to the real cost and warns once when 80% is crossed', async () => {
    const [one, two] = make();
    const first = await one.reserve('u1', 500);
    if (!first.ok) throw new Error('expected a reservation');
    await one.settle(first.reservation, 120);
    expect(await two.spentToday()).toBe(120);
    const crossing = await two.reserve('u2', 700);
    expect(crossing.ok && crossing.crossedWarning).toBe(true);
    const after = await one.reserve('u3', 10);
    expect(after.ok && after.crossedWarning).toBe(false);
  });

  it('caps calls per user across instances and gives back a call the daily cap refused', async () => {
    const [one, two] = make();
    expect((await one.reserve('same', 1)).ok).toBe(true);
    expect((await two.reserve('same', 1)).ok).toBe(true);
    expect(await one.reserve('same', 1)).toEqual({ ok: false, reason: 'budget_user' });
    expect(await one.reserve('other', 5000)).toEqual({ ok: false, reason: 'budget_daily' });
    expect((await two.reserve('other', 1)).ok).toBe(true);
    expect((await two.reserve('other', 1)).ok).toBe(true);
  });
});

const opts = { dailyBudgetUsd: 0.001, userDailyCalls: 2 };

describe('Redis keys', () => {
  it('uses per-day keys with a TTL and a {u:<hash>} tag on user keys', async () => {
    const ledger = createRedisBudget(a, 't', opts);
    await ledger.reserve('abc', 10);
    const day = taipeiDay();
    const keys = (await a.keys('*')).sort();
    expect(keys).toEqual([`t:{llm-budget}:spend:${day}`, `t:{u:abc}:llm:calls:${day}`]);
    for (const key of keys) {
      const ttl = await a.ttl(key);
      expect(ttl).toBeGreaterThan(47 * 3600);
      expect(ttl).toBeLessThanOrEqual(48 * 3600);
    }
  });
});

describe('enrichers sharing Redis', () => {
  it('share budget exhaustion and stats across instances', async () => {
    const instance = (client: Redis) =>
      enricherFor(fake.baseUrl, {
        cache: testCache(client),
        budget: createRedisBudget(client, 't', { dailyBudgetUsd: 0.0005, userDailyCalls: 100 }),
        stats: createRedisStats(client, 't'),
      });
    const one = instance(a);
    const two = instance(b);
    const results = [];
    for (let i = 0; i < 6; i++) {
      results.push(await (i % 2 ? one : two).enrich({ text: `問題 ${i}`, analysis: analysis(), userHash: 'u' }));
    }
    const answered = results.filter(Boolean).length;
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(6);
    expect(fake.requests).toHaveLength(answered);

    const stats = await one.stats();
    expect(stats.backend).toBe('redis');
    expect(stats.today.requests).toBe(6);
    expect(stats.today.llmCalls).toBe(answered);
    expect(stats.today.skipped.budget_daily).toBe(6 - answered);
    expect(stats.budget.offlineBecause).toMatch(/daily budget/);
    expect(stats.total.llmCalls).toBe(answered);
    expect(await two.stats()).toEqual(stats);
    const statKeys = await a.keys('t:{llm-stats}:*');
    for (const key of statKeys) expect(await a.ttl(key)).toBeGreaterThan(0);
  });

  it('makes one call for 20 simultaneous identical questions on two instances sharing the Redis cache', async () => {
    fake.always({ kind: 'answer', delayMs: 200 });
    const instance = (client: Redis) =>
      enricherFor(fake.baseUrl, { cache: testCache(client), stats: createRedisStats(client, 't') });
    const [one, two] = [instance(a), instance(b)];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? one : two).enrich({ text: '爸爸半夜一直起來走來走去', analysis: analysis(), userHash: `u${i}` }),
      ),
    );
    fake.always(undefined);
    expect(answers.every((x) => x !== null)).toBe(true);
    expect(fake.requests).toHaveLength(1);
    expect((await one.stats()).today).toMatchObject({ requests: 20, llmCalls: 1, cacheHits: 19 });
  });

  it('refuses calls (fail closed) while Redis is unreachable', async () => {
    const dead = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const ledger = createRedisBudget(dead, 't', opts);
    expect(await ledger.reserve('u', 1)).toEqual({ ok: false, reason: 'budget_unavailable' });
    dead.disconnect();
  });
});
