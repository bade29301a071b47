import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { type SpawnedRedis, spawnRedis } from '../helpers/redis-server.js';
import { logger, waitUntil } from './backends.js';

describe('POST /api/analyze through the cache on Redis', () => {
  let redis: SpawnedRedis;
  let app: App;
  beforeAll(async () => {
    redis = await spawnRedis();
    app = await buildApp(loadConfig({ REDIS_URL: redis.url, RATE_LIMIT_API_PER_MIN: '0' }), logger);
    await waitUntil(async () => (await app.cache.stats()).connected, 'redis ready');
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  const analyze = (text: string) => app.server.inject({ method: 'POST', url: '/api/analyze', payload: { text } });

  it('answers a repeated message from the cache with the same result', async () => {
    const text = '我爸有失智，早上出門到現在三個多小時還沒回來，手機也沒帶';
    const first = await analyze(text);
    const second = await analyze(text);
    expect(first.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(first.json().safety).toContain('missing_person');
    const stats = (await app.cache.stats()).namespaces.analysis;
    expect(stats).toMatchObject({ hits: 1, misses: 1, sets: 1, keys: 1 });
  });

  it('answers a variant from the same entry, with evidence taken from that variant', async () => {
    const before = (await app.cache.stats()).namespaces.analysis;
    const original = await analyze('媽媽最近常常忘記關火，鍋子都燒焦了');
    expect(original.statusCode).toBe(200);
    const variant = '妈妈最近常常忘记关火，锅子都烧焦了！！😢';
    const res = await analyze(variant);
    expect(res.statusCode).toBe(200);
    const after = (await app.cache.stats()).namespaces.analysis;
    expect(after.hits - before.hits).toBe(1);
    expect((after.keys ?? 0) - (before.keys ?? 0)).toBe(1);
    const labels = (r: typeof res) => ({
      ...r.json(),
      m1: r.json().m1.map((l: { id: string }) => l.id),
      m3: r.json().m3.map((l: { id: string }) => l.id),
      m2: r.json().m2?.id,
    });
    expect(labels(res)).toEqual(labels(original));
    const evidence = [...res.json().m1, ...res.json().m3].flatMap((l: { evidence: string[] }) => l.evidence);
    expect(evidence.length).toBeGreaterThan(0);
    for (const e of evidence) expect(variant).toContain(e);
  });
});
