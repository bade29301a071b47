/**
 * The cache contract. Two implementations: Redis (REDIS_URL / REDIS_CLUSTER_NODES) and an in-memory LRU
 * (the embedded default). Keys are built by the cache as `careline:{namespace}:{version}:{sha256(parts)}`:
 * callers pass key parts (normalised text, versions, hashed user ids), never a ready-made key, and raw
 * message text never reaches Redis as a key. Every entry has a TTL.
 */
export const NAMESPACES = ['analysis', 'flex', 'session', 'llm', 'feedback'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export interface CachedOptions {
  /** Overrides the namespace's default TTL. */
  ttlSeconds?: number;
}

export interface NamespaceStats {
  hits: number;
  misses: number;
  /** hits / (hits + misses), null before the first lookup. */
  hitRatio: number | null;
  sets: number;
  errors: number;
  keys: number;
}

export interface CacheStats {
  backend: 'redis' | 'redis-cluster' | 'memory';
  connected: boolean;
  namespaces: Record<Namespace, NamespaceStats>;
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
  stats(): Promise<CacheStats>;
  close(): Promise<void>;
}
