import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userKey } from '../../src/cache/keys.js';
import { NAMESPACES } from '../../src/cache/types.js';
import { allKeys, type Backend, freshPrefix, keyOf, startBackend, TTLS, waitUntil } from './backends.js';
import { CONFUSABLE_PAIRS, SURFACE_VARIANTS } from './samples.js';

/** The same suite for the embedded LRU, a single Redis node and a three-master Redis Cluster. */
describe.each(['memory', 'redis', 'redis-cluster'] as const)('cache on %s', (backendName) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend(backendName);
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it('counts hits and misses exactly, and sets', async () => {
    const cache = backend.makeCache();
    expect(await cache.get('analysis', ['爸爸忘記吃飯'])).toBeUndefined();
    await cache.set('analysis', ['爸爸忘記吃飯'], { primary: 'M1' });
    expect(await cache.get('analysis', ['爸爸忘記吃飯'])).toEqual({ primary: 'M1' });
    expect(await cache.get('analysis', ['爸爸 忘記吃飯！'])).toEqual({ primary: 'M1' });
    let computed = 0;
    const compute = () => ++computed;
    expect(await cache.cached('flex', ['card', 1], compute)).toBe(1);
    expect(await cache.cached('flex', ['card', 1], compute)).toBe(1);
    expect(await cache.cached('flex', ['card', 2], compute)).toBe(2);

    const stats = await cache.stats();
    expect(stats.backend).toBe(backendName);
    expect(stats.connected).toBe(true);
    expect(stats.sharedCounters).toBe(backendName !== 'memory');
    expect(stats.namespaces.analysis).toMatchObject({ hits: 2, misses: 1, sets: 1, errors: 0, keys: 1 });
    expect(stats.namespaces.analysis.hitRatio).toBeCloseTo(2 / 3, 10);
    expect(stats.namespaces.flex).toMatchObject({ hits: 1, misses: 2, sets: 2, errors: 0, keys: 2, hitRatio: 1 / 3 });
    expect(stats.namespaces.llm).toMatchObject({ hits: 0, misses: 0, hitRatio: null, keys: 0 });
    expect(stats.memoryBytes).toBeGreaterThan(0);
  });

  it('computes once for 50 concurrent identical misses', async () => {
    const cache = backend.makeCache();
    let computed = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const calls = Array.from({ length: 50 }, (_, i) =>
      cache.cached('analysis', [i % 2 ? '媽媽晚上睡不著' : '媽媽晚上 睡不著!!'], async () => {
        computed++;
        await gate;
        return { computed };
      }),
    );
    release();
    const results = await Promise.all(calls);
    expect(computed).toBe(1);
    expect(new Set(results.map((r) => r.computed))).toEqual(new Set([1]));
    expect((await cache.stats()).namespaces.analysis).toMatchObject({ hits: 49, misses: 1, sets: 1 });
  });

  it('keeps confusable messages apart and folds surface variants together', async () => {
    const cache = backend.makeCache();
    for (const [a, b] of CONFUSABLE_PAIRS) {
      await cache.set('analysis', [a], { text: a });
      await cache.set('analysis', [b], { text: b });
      expect(await cache.get('analysis', [a]), `${a} vs ${b}`).toEqual({ text: a });
      expect(await cache.get('analysis', [b]), `${b} vs ${a}`).toEqual({ text: b });
    }
    for (const [base, variants] of SURFACE_VARIANTS) {
      await cache.set('analysis', [base], { base });
      for (const variant of variants) {
        expect(await cache.get('analysis', [variant]), JSON.stringify(variant)).toEqual({ base });
      }
    }
  });

  it('separates entries by every version in the key parts', async () => {
    const cache = backend.makeCache();
    await cache.set('llm', ['爸爸忘記吃飯', 'kb-1', 'model-a'], 'old');
    expect(await cache.get('llm', ['爸爸忘記吃飯', 'kb-2', 'model-a'])).toBeUndefined();
    expect(await cache.get('llm', ['爸爸忘記吃飯', 'kb-1', 'model-b'])).toBeUndefined();
    expect(await cache.get('llm', ['爸爸忘記吃飯', 'kb-1', 'model-a'])).toBe('old');
  });

  it('clears one namespace and leaves the others', async () => {
    const cache = backend.makeCache();
    for (let i = 0; i < 30; i++) await cache.set('analysis', [`訊息 ${i}`], i);
    for (let i = 0; i < 7; i++) await cache.set('flex', [`卡片 ${i}`], i);
    await cache.set('session', [userKey('user-hash-0001'), 'state'], { step: 1 });
    expect(await cache.clear('analysis')).toBe(30);
    const stats = await cache.stats();
    expect(stats.namespaces.analysis.keys).toBe(0);
    expect(stats.namespaces.flex.keys).toBe(7);
    expect(stats.namespaces.session.keys).toBe(1);
    expect(await cache.get('flex', ['卡片 3'])).toBe(3);
    expect(await cache.clear()).toBe(8);
    expect((await cache.stats()).namespaces.flex.keys).toBe(0);
  });

  it("forgets one user's entries and no one else's", async () => {
    const cache = backend.makeCache();
    await cache.set('session', [userKey('alice-hash-01'), 'state'], { step: 2 });
    await cache.set('feedback', [userKey('alice-hash-01'), 'msg-1'], { helpful: true });
    await cache.set('session', [userKey('bobby-hash-02'), 'state'], { step: 5 });
    await cache.set('analysis', ['爸爸忘記吃飯'], 'shared');
    expect(await cache.forgetUser('alice-hash-01')).toBe(2);
    expect(await cache.get('session', [userKey('alice-hash-01'), 'state'])).toBeUndefined();
    expect(await cache.get('feedback', [userKey('alice-hash-01'), 'msg-1'])).toBeUndefined();
    expect(await cache.get('session', [userKey('bobby-hash-02'), 'state'])).toEqual({ step: 5 });
    expect(await cache.get('analysis', ['爸爸忘記吃飯'])).toBe('shared');
    expect(await cache.forgetUser('alice-hash-01')).toBe(0);
  });

  it.skipIf(backendName === 'memory')('sets the TTL of each namespace on Redis', async () => {
    const prefix = freshPrefix();
    const cache = backend.makeCache({ prefix });
    for (const ns of NAMESPACES) await cache.set(ns, ['爸爸忘記吃飯', ns], ns);
    await cache.cached('analysis', ['計算的'], () => 'computed');
    await cache.set('flex', ['自訂'], 'x', { ttlSeconds: 42 });
    const client = backend.client!;
    for (const ns of NAMESPACES) {
      const pttl = await client.pttl(keyOf(prefix, ns, ['爸爸忘記吃飯', ns]));
      expect(pttl, ns).toBeGreaterThan(TTLS[ns] * 1000 - 60_000);
      expect(pttl, ns).toBeLessThanOrEqual(TTLS[ns] * 1000);
    }
    // `cached` spreads expiry over the last 10 % of the TTL so a burst does not expire together.
    const jittered = await client.pttl(keyOf(prefix, 'analysis', ['計算的']));
    expect(jittered).toBeGreaterThan(TTLS.analysis * 900 - 60_000);
    expect(jittered).toBeLessThanOrEqual(TTLS.analysis * 1000);
    expect(await client.pttl(keyOf(prefix, 'flex', ['自訂']))).toBeLessThanOrEqual(42_000);
    // Nothing stored lives forever: every key, the user index and the stats hash included, has a TTL.
    await cache.set('session', [userKey('ttl-user-hash'), 'x'], 1);
    await cache.stats();
    const keys = await allKeys(client, prefix);
    expect(keys.some((k) => k.endsWith(':stats'))).toBe(true);
    expect(keys.some((k) => k.includes(':users:'))).toBe(true);
    for (const key of keys) expect(await client.pttl(key), key).toBeGreaterThan(0);
  });

  it.skipIf(backendName === 'memory')('never puts message text in a key', async () => {
    const prefix = freshPrefix();
    const cache = backend.makeCache({ prefix });
    const texts = [...CONFUSABLE_PAIRS.flat(), 'Dad forgets lunch', 'mom 0912345678'];
    for (const text of texts) await cache.cached('analysis', [text, 'kb-1'], () => ({ ok: true }));
    await cache.set('session', [userKey('someone-hash-1'), '媽媽忘記關瓦斯'], 1);
    const keys = await allKeys(backend.client!, prefix);
    expect(keys.length).toBeGreaterThanOrEqual(texts.length);
    for (const key of keys) {
      expect(key).toMatch(
        new RegExp(
          `^${prefix}:[a-z]+:(v1:(\\{u:[A-Za-z0-9_-]+\\}:)?[0-9a-f]{64}|\\{u:[A-Za-z0-9_-]+\\}:keys)$|:stats$`,
        ),
      );
      expect(key).not.toMatch(/\p{Script=Han}/u);
      for (const text of texts) expect(key.toLowerCase()).not.toContain(text.toLowerCase());
    }
  });

  it.skipIf(backendName === 'memory')("puts one user's entries and index in one hash slot", async () => {
    const prefix = freshPrefix();
    const cache = backend.makeCache({ prefix });
    await cache.set('session', [userKey('slot-user-hash'), 'a'], 1);
    await cache.set('feedback', [userKey('slot-user-hash'), 'b'], 2);
    const keys = (await allKeys(backend.client!, prefix)).filter((k) => k.includes('{u:slot-user-hash}'));
    expect(keys).toHaveLength(3);
    const client = backend.client!;
    const slots = await Promise.all(keys.map((k) => client.call('CLUSTER', 'KEYSLOT', k).catch(() => 'no-cluster')));
    if (backendName === 'redis-cluster') expect(new Set(slots).size).toBe(1);
  });

  it.skipIf(backendName === 'memory')('lets two instances share counters and compute once between them', async () => {
    const prefix = freshPrefix();
    const a = backend.makeCache({ prefix });
    const b = backend.makeCache({ prefix });
    let computed = 0;
    const slow = async () => {
      computed++;
      await new Promise((r) => setTimeout(r, 150));
      return 'answer';
    };
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => a.cached('llm', ['阿公打人'], slow)),
      ...Array.from({ length: 10 }, () => b.cached('llm', ['阿公打人'], slow)),
    ]);
    expect(results.every((r) => r === 'answer')).toBe(true);
    expect(computed).toBe(1);
    // Each instance sends its counts within a second (statsFlushMs) and on every stats() call.
    await b.stats();
    const [sa, sb] = [await a.stats(), await b.stats()];
    expect(sa.namespaces.llm).toEqual(sb.namespaces.llm);
    expect(sa.namespaces.llm).toMatchObject({ hits: 19, misses: 1, sets: 1 });
  });

  it.skipIf(backendName !== 'redis')('answers without waiting for a stalled Redis', async () => {
    const cache = backend.makeCache({ opTimeoutMs: 50 });
    await cache.set('analysis', ['媽媽忘記關瓦斯'], 'stored');
    const url = `redis://127.0.0.1:${(backend.client as Redis).options.port}`;
    const [pauser, prober] = [new Redis(url), new Redis(url)];
    try {
      await pauser.call('CLIENT', 'PAUSE', '3000');
      const order: string[] = [];
      // The probe's reply can only come once the pause ends.
      const probe = prober.ping().then(() => order.push('redis resumed'));
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await cache.cached('analysis', ['媽媽忘記關瓦斯'], () => 'computed'));
      order.push('answered');
      expect(answers).toEqual(Array(5).fill('computed'));
      await probe;
      expect(order).toEqual(['answered', 'redis resumed']);
      expect((await cache.stats()).namespaces.analysis.errors).toBeGreaterThanOrEqual(5);
    } finally {
      await pauser.call('CLIENT', 'UNPAUSE').catch(() => {}); // Redis < 6.2 lets the pause run out
      pauser.disconnect();
      prober.disconnect();
    }
  });

  it.skipIf(backendName === 'memory')(
    'keeps answering while Redis is down and hits again once it is back',
    async () => {
      const cache = backend.makeCache({ opTimeoutMs: 50 });
      await cache.set('analysis', ['爸爸忘記吃飯'], 'before');
      expect(await cache.get('analysis', ['爸爸忘記吃飯'])).toBe('before');

      const restart = await backend.crash!();
      let computed = 0;
      const startedAt = Date.now();
      for (let i = 0; i < 5; i++) {
        expect(await cache.cached('analysis', ['爸爸忘記吃飯'], () => `fresh ${++computed}`)).toBe(`fresh ${computed}`);
      }
      const elapsedPerCall = (Date.now() - startedAt) / 5;
      expect(computed).toBe(5);
      await cache.set('flex', ['x'], 1);
      expect(await cache.get('flex', ['x'])).toBeUndefined();
      const down = await cache.stats();
      expect(down.connected).toBe(false);
      expect(down.namespaces.analysis.errors).toBeGreaterThanOrEqual(5);
      expect(down.namespaces.flex.errors).toBeGreaterThanOrEqual(2);
      expect(down.namespaces.analysis.keys).toBeNull();
      await expect(cache.clear('analysis')).rejects.toThrow();
      // Not a timing assertion on the machine's speed: a call that waited on Redis would take its full timeout.
      expect(elapsedPerCall).toBeLessThan(1000);

      await restart();
      await waitUntil(async () => {
        await cache.set('analysis', ['爸爸忘記吃飯'], 'after');
        return (await cache.get('analysis', ['爸爸忘記吃飯'])) === 'after';
      }, 'hits to resume');
      const up = await cache.stats();
      expect(up.connected).toBe(true);
      expect(up.namespaces.analysis.errors).toBeGreaterThanOrEqual(5);
      expect(up.namespaces.analysis.hits).toBeGreaterThanOrEqual(2);
    },
  );
});
