/**
 * The cache contract. Two implementations: Redis (REDIS_URL / REDIS_CLUSTER_NODES) and an in-memory LRU
 * (the embedded default). Keys are built by the cache as `careline:{namespace}:{version}:{sha256(parts)}`
 * (see keys.ts): callers pass key parts (message text, versions, `userKey(hash)`), never a ready-made key, and
 * raw message text never reaches Redis as a key. Every entry has a TTL.
 *
 * A Redis failure never reaches the caller (except `clear`, an admin action that reports it): reads miss,
 * writes are dropped, the error is counted; every entry expires by its TTL anyway.
 */
export const NAMESPACES = ['analysis', 'flex', 'session', 'llm', 'feedback'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export function isNamespace(value: unknown): value is Namespace {
  return typeof value === 'string' && (NAMESPACES as readonly string[]).includes(value);
}

export interface CachedOptions {
  /** Overrides the namespace's default TTL. */
  ttlSeconds?: number;
}

export interface NamespaceStats {
  /** Lookups answered without running the computation (found in the cache, or joined one in flight). */
  hits: number;
  /** Lookups that found nothing (for `cached`, the calls that ran the computation). */
  misses: number;
  /** hits / (hits + misses), null before the first lookup. */
  hitRatio: number | null;
  sets: number;
  /** Failed backend operations (Redis down, timeout); each one degraded to a miss or a dropped write. */
  errors: number;
  /** Keys present now (SCAN by prefix on Redis); null when the backend cannot be reached. */
  keys: number | null;
  ttlSeconds: number;
}

export interface CacheStats {
  backend: 'redis' | 'redis-cluster' | 'memory';
  connected: boolean;
  /**
   * True when the counters come from Redis and are shared by every instance. Each instance batches its
   * increments and sends them within a second and before answering stats(), so another instance's most
   * recent second of lookups may not be included yet.
   */
  sharedCounters: boolean;
  namespaces: Record<Namespace, NamespaceStats>;
  /** Redis used_memory (summed over masters in a cluster), or the estimated bytes of the memory cache. */
  memoryBytes: number | null;
}

export interface Cache {
  readonly backend: CacheStats['backend'];
  get<T>(namespace: Namespace, keyParts: readonly unknown[]): Promise<T | undefined>;
  set<T>(namespace: Namespace, keyParts: readonly unknown[], value: T, options?: CachedOptions): Promise<void>;
  delete(namespace: Namespace, keyParts: readonly unknown[]): Promise<void>;
  /** Returns the cached value or computes it once (single-flight in-process, short lock across instances). */
  cached<T>(
    namespace: Namespace,
    keyParts: readonly unknown[],
    compute: () => Promise<T> | T,
    options?: CachedOptions,
  ): Promise<T>;
  /** Deletes a namespace (or all) by prefix; returns how many keys were removed. */
  clear(namespace?: Namespace): Promise<number>;
  /** Deletes every entry stored with `userKey(userHash)` (unfollow); returns how many were removed. */
  forgetUser(userHash: string): Promise<number>;
  stats(): Promise<CacheStats>;
  close(): Promise<void>;
}
