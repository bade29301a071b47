import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { loadKnowledgeBase } from '../../src/knowledge/load.js';
import { type SpawnedRedis, spawnRedis } from '../helpers/redis-server.js';
import { logger, waitUntil } from './backends.js';

const TOKEN = 'test-admin-token-0123456789';
let app: App | undefined;

async function start(env: Record<string, string>) {
  app = await buildApp(loadConfig(env), logger);
  return app;
}
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('cache admin endpoints', () => {
  it('answer 403 with how to enable them when ADMIN_TOKEN is not set', async () => {
    const { server } = await start({});
    for (const [method, url] of [
      ['GET', '/cache/stats'],
      ['POST', '/cache/clear'],
    ] as const) {
      const res = await server.inject({ method, url, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().message).toContain('ADMIN_TOKEN');
    }
  });

  it('answer 401 without the right bearer token and 200 with it', async () => {
    const { server, cache } = await start({ ADMIN_TOKEN: TOKEN });
    expect((await server.inject({ method: 'GET', url: '/cache/stats' })).statusCode).toBe(401);
    const wrong = await server.inject({
      method: 'GET',
      url: '/cache/stats',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'unauthorized' });

    await cache.set('analysis', ['爸爸忘記吃飯'], 1);
    await cache.get('analysis', ['爸爸忘記吃飯']);
    await cache.get('analysis', ['媽媽迷路']);
    const auth = { authorization: `Bearer ${TOKEN}` };
    const stats = await server.inject({ method: 'GET', url: '/cache/stats', headers: auth });
    expect(stats.statusCode).toBe(200);
    expect(stats.json()).toMatchObject({
      backend: 'memory',
      namespaces: { analysis: { hits: 1, misses: 1, hitRatio: 0.5, sets: 1, keys: 1, ttlSeconds: 1800 } },
    });
    expect(stats.json().memoryBytes).toBeGreaterThan(0);
    const exposed = await app!.metrics.registry.getSingleMetricAsString('careline_cache_lookups_total');
    expect(exposed).toContain('careline_cache_lookups_total{namespace="analysis",result="hit"} 1');
    expect(exposed).toContain('careline_cache_lookups_total{namespace="analysis",result="miss"} 1');
  });

  it('clear one namespace or all, and refuse an unknown namespace with 400', async () => {
    const { server, cache } = await start({ ADMIN_TOKEN: TOKEN });
    const auth = { authorization: `Bearer ${TOKEN}` };
    await cache.set('analysis', ['a'], 1);
    await cache.set('analysis', ['b'], 1);
    await cache.set('flex', ['c'], 1);
    const bad = await server.inject({
      method: 'POST',
      url: '/cache/clear',
      headers: auth,
      payload: { namespace: 'all' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('analysis, flex, session, llm, feedback');
    const one = await server.inject({
      method: 'POST',
      url: '/cache/clear',
      headers: auth,
      payload: { namespace: 'analysis' },
    });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ cleared: 2, namespace: 'analysis' });
    expect(await cache.get('flex', ['c'])).toBe(1);
    const all = await server.inject({ method: 'POST', url: '/cache/clear', headers: auth });
    expect(all.json()).toEqual({ cleared: 1, namespace: 'all' });
  });

  it('list knowledge modules publicly and their items only to an admin', async () => {
    const { server } = await start({ ADMIN_TOKEN: TOKEN });
    const kb = loadKnowledgeBase();
    const summary = await server.inject({ method: 'GET', url: '/modules/status' });
    expect(summary.statusCode).toBe(200);
    expect(summary.json()).toMatchObject({ knowledgeVersion: kb.version, sources: kb.sources.length });
    expect(summary.json().modules.map((m: { id: string; items: number }) => [m.id, m.items])).toEqual([
      ['M1', 10],
      ['M2', 4],
      ['M3', 12],
      ['M4', 7],
      ['safety', 4],
    ]);
    expect((await server.inject({ method: 'GET', url: '/modules/status?details=true' })).statusCode).toBe(401);
    const details = await server.inject({
      method: 'GET',
      url: '/modules/status?details=true',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(details.statusCode).toBe(200);
    expect(details.json().modules[0].items[0]).toEqual({ id: 'M1-01', name: kb.m1[0]!.name });
    expect(details.json().sources[0]).toMatchObject({ id: kb.sources[0]!.id });
  });

  it('answer 403 for module details when no admin token is configured', async () => {
    const { server } = await start({});
    expect((await server.inject({ method: 'GET', url: '/modules/status' })).statusCode).toBe(200);
    const res = await server.inject({ method: 'GET', url: '/modules/status?details=true' });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('ADMIN_TOKEN');
  });

  it('limit /api/* per client IP with a 429 JSON answer and leave other routes alone', async () => {
    const { server } = await start({ RATE_LIMIT_API_PER_MIN: '2' });
    server.post('/api/echo', async () => ({ ok: true }));
    const call = (ip: string) =>
      server.inject({ method: 'POST', url: '/api/echo', headers: { 'x-forwarded-for': ip }, payload: {} });
    expect((await call('203.0.113.1')).statusCode).toBe(200);
    expect((await call('203.0.113.1')).statusCode).toBe(200);
    const over = await call('203.0.113.1');
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ error: 'rate_limited' });
    expect(over.json().message).toContain('2 per minute');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call('203.0.113.2')).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await server.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});

describe('with Redis down', () => {
  let redis: SpawnedRedis;
  beforeAll(async () => {
    redis = await spawnRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it.each([
    ['false', 200],
    ['true', 503],
  ])('REDIS_REQUIRED=%s → /ready %i, while the cache keeps answering', async (required, status) => {
    const { server, cache } = await start({ REDIS_URL: redis.url, REDIS_REQUIRED: required, ADMIN_TOKEN: TOKEN });
    await waitUntil(async () => (await server.inject({ method: 'GET', url: '/ready' })).statusCode === 200, 'ready');
    const restart = await redis.kill();
    try {
      await waitUntil(
        async () => (await server.inject({ method: 'GET', url: '/health' })).json().dependencies[0].state === 'down',
        'health to show redis down',
      );
      expect((await server.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(status);
      expect(await cache.cached('analysis', ['爸爸忘記吃飯'], () => 'computed')).toBe('computed');
      const stats = await server.inject({
        method: 'GET',
        url: '/cache/stats',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(stats.json()).toMatchObject({ backend: 'redis', connected: false });
      expect(stats.json().namespaces.analysis.errors).toBeGreaterThan(0);
      const clear = await server.inject({
        method: 'POST',
        url: '/cache/clear',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(clear.statusCode).toBe(503);
    } finally {
      await restart();
    }
  });
});
