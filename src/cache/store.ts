import type { CacheStats } from './types.js';

/**
 * What a cache backend must do; the shared logic (keys, single-flight, locks, counting) lives in cache-core.ts.
 * Every method may throw when the backend is unreachable; the core turns that into a miss or a dropped write.
 */
export interface CacheStore {
  readonly backend: CacheStats['backend'];
  connected(): boolean;
  get(key: string): Promise<string | undefined>;
  /** Stores a value; when `userIndexKey` is given, the key is also added to that user's index set. */
  set(key: string, value: string, ttlMs: number, userIndex?: { indexKey: string; ttlMs: number }): Promise<void>;
  delete(key: string): Promise<void>;
  /** Short locks shared by every instance (Redis only; in one process single-flight is enough). */
  readonly locks?: {
    /** Takes a short lock (SET NX PX); false when someone else holds it. */
    tryLock(lockKey: string, token: string, ttlMs: number): Promise<boolean>;
    /** Releases the lock only when it still carries `token`. */
    unlock(lockKey: string, token: string): Promise<void>;
  };
  /** Deletes every key starting with the prefix; returns how many. */
  deleteByPrefix(prefix: string): Promise<number>;
  /** How many keys start with each prefix, in one pass over the keys starting with `common`. */
  countByPrefixes(common: string, prefixes: readonly string[]): Promise<number[]>;
  /** Deletes the keys in a user's index (and the index); returns how many entries. */
  deleteUser(indexKey: string, userTag: string): Promise<number>;
  memoryBytes(): Promise<number | null>;
  close(): Promise<void>;
}

export type CounterField = 'hits' | 'misses' | 'sets' | 'errors';
export type CounterTotals = Record<string, Record<CounterField, number>>;

/** Statistics counters: kept in memory, or in Redis so every instance reports the same numbers. */
export interface StatsCounters {
  readonly shared: boolean;
  add(namespace: string, field: CounterField, by?: number): void;
  /** Totals per namespace; `shared` tells whether they came from Redis. */
  read(): Promise<{ totals: CounterTotals; shared: boolean }>;
  close(): Promise<void>;
}

export class BackendUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}
