import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { createCacheCore } from './cache-core.js';
import { createKeyScheme } from './keys.js';
import { createMemoryCounters } from './stats-counters.js';
import type { CacheStore } from './store.js';
import type { Cache, Namespace } from './types.js';

interface Entry {
  value: string;
  expiresAt: number;
  bytes: number;
}

/** Rough bytes one entry holds: UTF-16 strings plus Map and object overhead. */
const ENTRY_OVERHEAD = 96;
const sizeOf = (key: string, value: string) => 2 * (key.length + value.length) + ENTRY_OVERHEAD;

export interface MemoryStoreOptions {
  maxEntries: number;
  maxBytes: number;
  now?: () => number;
}

/**
 * An LRU map bounded by entries and by estimated bytes, each entry with its own expiry. A Map keeps
 * insertion order, so re-inserting on read makes the first key the least recently used.
 */
export function createMemoryStore({ maxEntries, maxBytes, now = Date.now }: MemoryStoreOptions): CacheStore {
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return false;
    entries.delete(key);
    bytes -= entry.bytes;
    return true;
  };
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      remove(key);
      return undefined;
    }
    return entry;
  };
  const byPrefix = (prefix: string) => [...entries.keys()].filter((key) => key.startsWith(prefix) && live(key));

  return {
    backend: 'memory',
    connected: () => true,
    async get(key) {
      const entry = live(key);
      if (!entry) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    async set(key, value, ttlMs) {
      remove(key);
      const size = sizeOf(key, value);
      if (size > maxBytes) return;
      entries.set(key, { value, expiresAt: now() + ttlMs, bytes: size });
      bytes += size;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        remove(oldest);
      }
    },
    async delete(key) {
      remove(key);
    },
    async deleteByPrefix(prefix) {
      let removed = 0;
      for (const key of byPrefix(prefix)) if (remove(key)) removed++;
      return removed;
    },
    async countByPrefixes(common, prefixes) {
      const keys = byPrefix(common);
      return prefixes.map((prefix) => keys.filter((key) => key.startsWith(prefix)).length);
    },
    async deleteUser(_indexKey, userTag) {
      let removed = 0;
      for (const key of [...entries.keys()]) if (key.includes(`:${userTag}:`) && remove(key)) removed++;
      return removed;
    },
    async memoryBytes() {
      return bytes;
    },
    async close() {
      entries.clear();
      bytes = 0;
    },
  };
}

export interface MemoryCacheOptions extends MemoryStoreOptions {
  prefix: string;
  ttlSeconds: Record<Namespace, number>;
  versions?: Partial<Record<Namespace, string>>;
  metrics?: Pick<Metrics, 'cacheLookups' | 'cacheErrors'>;
  logger: Logger;
}

/** The embedded default: an in-process LRU, single-flight within this process. */
export function createMemoryCache(options: MemoryCacheOptions): Cache {
  return createCacheCore({
    store: createMemoryStore(options),
    counters: createMemoryCounters(),
    keys: createKeyScheme(options.prefix, options.versions),
    ttlSeconds: options.ttlSeconds,
    metrics: options.metrics,
    logger: options.logger,
  });
}
