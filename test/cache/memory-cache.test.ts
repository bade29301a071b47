import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { logger, TTLS } from './backends.js';

function clockedCache(options: { maxEntries?: number; maxBytes?: number } = {}) {
  let now = 1_000_000;
  const cache = createMemoryCache({
    prefix: 'careline',
    ttlSeconds: TTLS,
    logger,
    maxEntries: options.maxEntries ?? 1000,
    maxBytes: options.maxBytes ?? 1 << 20,
    now: () => now,
  });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('memory cache', () => {
  it('expires each entry after its namespace TTL', async () => {
    const { cache, advance } = clockedCache();
    await cache.set('analysis', ['a'], 1);
    await cache.set('session', ['a'], 2);
    await cache.set('flex', ['a'], 3, { ttlSeconds: 5 });
    advance(5_000);
    expect(await cache.get('flex', ['a'])).toBeUndefined();
    advance(TTLS.analysis * 1000 - 5_001);
    expect(await cache.get('analysis', ['a'])).toBe(1);
    advance(1);
    expect(await cache.get('analysis', ['a'])).toBeUndefined();
    expect(await cache.get('session', ['a'])).toBe(2);
    advance(TTLS.session * 1000);
    expect(await cache.get('session', ['a'])).toBeUndefined();
    expect((await cache.stats()).namespaces.session.keys).toBe(0);
  });

  it('evicts the least recently used entry beyond MEMORY_CACHE_MAX_ENTRIES', async () => {
    const { cache } = clockedCache({ maxEntries: 3 });
    await cache.set('analysis', ['one'], 1);
    await cache.set('analysis', ['two'], 2);
    await cache.set('analysis', ['three'], 3);
    expect(await cache.get('analysis', ['one'])).toBe(1); // now "two" is the least recently used
    await cache.set('analysis', ['four'], 4);
    expect(await cache.get('analysis', ['two'])).toBeUndefined();
    expect(await cache.get('analysis', ['one'])).toBe(1);
    expect(await cache.get('analysis', ['three'])).toBe(3);
    expect(await cache.get('analysis', ['four'])).toBe(4);
    expect((await cache.stats()).namespaces.analysis.keys).toBe(3);
  });

  it('stays within MEMORY_CACHE_MAX_BYTES and reports the bytes it holds', async () => {
    const maxBytes = 20_000;
    const { cache } = clockedCache({ maxBytes });
    const big = 'x'.repeat(2_000); // about 4 kB as UTF-16
    for (let i = 0; i < 20; i++) {
      await cache.set('llm', [`q${i}`], big);
      expect((await cache.stats()).memoryBytes).toBeLessThanOrEqual(maxBytes);
    }
    const stats = await cache.stats();
    expect(stats.namespaces.llm.keys).toBeGreaterThan(1);
    expect(stats.namespaces.llm.keys).toBeLessThan(20);
    expect(await cache.get('llm', ['q19'])).toBe(big);
    expect(await cache.get('llm', ['q0'])).toBeUndefined();
    await cache.set('llm', ['huge'], 'y'.repeat(maxBytes));
    expect(await cache.get('llm', ['huge'])).toBeUndefined();
    expect(await cache.get('llm', ['q19'])).toBe(big);
  });

  it('returns copies, so a caller mutating a result cannot change the cache', async () => {
    const { cache } = clockedCache();
    const first = await cache.cached('analysis', ['m'], () => ({ list: [1] }));
    first.list.push(2);
    expect(await cache.get('analysis', ['m'])).toEqual({ list: [1] });
  });

  it('does not cache a computation that failed, and the next call computes again', async () => {
    const { cache } = clockedCache();
    await expect(
      cache.cached('llm', ['q'], () => {
        throw new Error('upstream down');
      }),
    ).rejects.toThrow('upstream down');
    expect(await cache.cached('llm', ['q'], () => 'ok')).toBe('ok');
    expect((await cache.stats()).namespaces.llm).toMatchObject({ hits: 0, misses: 2, sets: 1 });
    // Callers that joined a failing computation are misses too, and nothing is cached.
    const joined = await Promise.allSettled(
      [1, 2, 3].map(() => cache.cached('llm', ['p'], () => Promise.reject(new Error('timeout')))),
    );
    expect(joined.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((await cache.stats()).namespaces.llm).toMatchObject({ hits: 0, misses: 5, sets: 1 });
  });
});
