import { randomBytes } from 'node:crypto';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { KeyScheme } from './keys.js';
import type { CacheStore, StatsCounters } from './store.js';
import { type Cache, type CachedOptions, type CacheStats, NAMESPACES, type Namespace } from './types.js';

export interface CacheCoreOptions {
  store: CacheStore;
  counters: StatsCounters;
  keys: KeyScheme;
  ttlSeconds: Record<Namespace, number>;
  metrics?: Pick<Metrics, 'cacheLookups' | 'cacheErrors'>;
  logger: Logger;
  /** Cross-instance lock around a computation; used when the store has locks (Redis). */
  lock?: {
    /** How long a lock lives if its owner dies (ms). */
    ttlMs: number;
    /** How long a waiter polls for the owner's result before computing anyway (ms). */
    waitMs: number;
    pollMs: number;
  };
  /** Entries written by `cached` live between (1 - jitter) and 1 times their TTL, so a burst does not expire together. */
  ttlJitter?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The Cache on top of a store: key building, JSON values, single-flight (one computation per key in this
 * process; a short lock across instances), counting, and degrading every backend error to a miss.
 */
export function createCacheCore(options: CacheCoreOptions): Cache {
  const { store, counters, keys, ttlSeconds, metrics, logger, lock } = options;
  const jitter = options.ttlJitter ?? 0.1;
  const inflight = new Map<string, Promise<unknown>>();
  let lastErrorLog = 0;

  const lookup = (namespace: Namespace, result: 'hit' | 'miss') => {
    counters.add(namespace, result === 'hit' ? 'hits' : 'misses');
    metrics?.cacheLookups.inc({ namespace, result });
  };
  const failed = (namespace: Namespace, operation: string, err: unknown) => {
    counters.add(namespace, 'errors');
    metrics?.cacheErrors.inc({ namespace, operation });
    const now = Date.now();
    if (now - lastErrorLog > 10_000) {
      lastErrorLog = now;
      logger.warn({ namespace, operation, err: (err as Error).message }, 'cache backend error; degraded to a miss');
    }
  };

  const ttlMsOf = (namespace: Namespace, opts?: CachedOptions) => (opts?.ttlSeconds ?? ttlSeconds[namespace]) * 1000;
  const maxTtlMs = Math.max(...NAMESPACES.map((ns) => ttlSeconds[ns] * 1000));

  async function read<T>(namespace: Namespace, key: string): Promise<{ found: boolean; value?: T }> {
    try {
      const raw = await store.get(key);
      return raw === undefined ? { found: false } : { found: true, value: JSON.parse(raw) as T };
    } catch (err) {
      failed(namespace, 'get', err);
      return { found: false };
    }
  }

  async function write(namespace: Namespace, parts: readonly unknown[], key: string, value: unknown, ttlMs: number) {
    if (value === undefined) return;
    const user = keys.userOf(parts);
    try {
      await store.set(
        key,
        JSON.stringify(value),
        Math.max(1, Math.round(ttlMs)),
        // The index outlives every entry it lists.
        user ? { indexKey: keys.userIndexKey(user), ttlMs: Math.max(maxTtlMs, ttlMs) } : undefined,
      );
      counters.add(namespace, 'sets');
    } catch (err) {
      failed(namespace, 'set', err);
    }
  }

  /** Takes the cross-instance lock (its token), or waits for the holder's value (hit); {} means compute anyway. */
  async function acquireOrWait<T>(namespace: Namespace, key: string): Promise<{ token?: string; hit?: { value: T } }> {
    if (!lock || !store.locks) return {};
    const lockKey = keys.lockKey(key);
    const token = randomBytes(16).toString('hex');
    try {
      if (await store.locks.tryLock(lockKey, token, lock.ttlMs)) return { token };
    } catch (err) {
      failed(namespace, 'lock', err);
      return {};
    }
    const deadline = Date.now() + lock.waitMs;
    while (Date.now() < deadline) {
      await sleep(lock.pollMs);
      try {
        const raw = await store.get(key);
        if (raw !== undefined) return { hit: { value: JSON.parse(raw) as T } };
      } catch (err) {
        failed(namespace, 'get', err);
        return {};
      }
    }
    return {};
  }

  async function release(namespace: Namespace, key: string, token: string | undefined) {
    if (!token || !store.locks) return;
    try {
      await store.locks.unlock(keys.lockKey(key), token);
    } catch (err) {
      failed(namespace, 'unlock', err);
    }
  }

  const namespacePrefix = (namespace: Namespace) => keys.namespacePattern(namespace).slice(0, -1);

  async function countKeys(): Promise<Array<number | null>> {
    try {
      return await store.countByPrefixes(`${keys.prefix}:`, NAMESPACES.map(namespacePrefix));
    } catch {
      return NAMESPACES.map(() => null);
    }
  }

  return {
    backend: store.backend,

    async get<T>(namespace: Namespace, keyParts: readonly unknown[]) {
      const got = await read<T>(namespace, keys.key(namespace, keyParts));
      lookup(namespace, got.found ? 'hit' : 'miss');
      return got.value;
    },

    async set<T>(namespace: Namespace, keyParts: readonly unknown[], value: T, opts?: CachedOptions) {
      await write(namespace, keyParts, keys.key(namespace, keyParts), value, ttlMsOf(namespace, opts));
    },

    async delete(namespace: Namespace, keyParts: readonly unknown[]) {
      try {
        await store.delete(keys.key(namespace, keyParts));
      } catch (err) {
        failed(namespace, 'delete', err);
      }
    },

    cached<T>(namespace: Namespace, keyParts: readonly unknown[], compute: () => Promise<T> | T, opts?: CachedOptions) {
      const key = keys.key(namespace, keyParts);
      const pending = inflight.get(key);
      if (pending) {
        // Joined a computation in flight: a hit if it delivers, a miss if it fails.
        return (pending as Promise<T>).then(
          (value) => {
            lookup(namespace, 'hit');
            return value;
          },
          (err: unknown) => {
            lookup(namespace, 'miss');
            throw err;
          },
        );
      }
      const run = (async (): Promise<T> => {
        const got = await read<T>(namespace, key);
        if (got.found) {
          lookup(namespace, 'hit');
          return got.value as T;
        }
        const { token, hit } = await acquireOrWait<T>(namespace, key);
        if (hit) {
          lookup(namespace, 'hit');
          return hit.value;
        }
        lookup(namespace, 'miss');
        try {
          const value = await compute();
          await write(namespace, keyParts, key, value, ttlMsOf(namespace, opts) * (1 - jitter * Math.random()));
          return value;
        } finally {
          // The value is written; nobody needs to wait for the lock to go (it expires anyway).
          void release(namespace, key, token);
        }
      })();
      inflight.set(key, run);
      const forget = () => {
        if (inflight.get(key) === run) inflight.delete(key);
      };
      run.then(forget, forget);
      return run;
    },

    async clear(namespace?: Namespace) {
      let removed = 0;
      for (const ns of namespace ? [namespace] : NAMESPACES) {
        removed += await store.deleteByPrefix(namespacePrefix(ns));
      }
      return removed;
    },

    async forgetUser(userHash: string) {
      try {
        return await store.deleteUser(keys.userIndexKey(userHash), keys.userTag(userHash));
      } catch (err) {
        failed('session', 'forget_user', err);
        return 0;
      }
    },

    async stats(): Promise<CacheStats> {
      const [{ totals, shared }, keyCounts, memoryBytes] = await Promise.all([
        counters.read(),
        countKeys(),
        store.memoryBytes().catch(() => null),
      ]);
      const namespaces = {} as CacheStats['namespaces'];
      NAMESPACES.forEach((ns, i) => {
        const t = totals[ns] ?? { hits: 0, misses: 0, sets: 0, errors: 0 };
        const lookups = t.hits + t.misses;
        namespaces[ns] = {
          ...t,
          hitRatio: lookups === 0 ? null : t.hits / lookups,
          keys: keyCounts[i] ?? null,
          ttlSeconds: ttlSeconds[ns],
        };
      });
      return { backend: store.backend, connected: store.connected(), sharedCounters: shared, namespaces, memoryBytes };
    },

    async close() {
      await counters.close();
      await store.close();
    },
  };
}
