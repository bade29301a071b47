import { Cluster, type Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { RedisClient } from '../redis/connect.js';
import { createCacheCore } from './cache-core.js';
import { createKeyScheme } from './keys.js';
import { createRedisCounters } from './stats-counters.js';
import { BackendUnavailableError, type CacheStore } from './store.js';
import type { Cache, Namespace } from './types.js';

/** Deletes the lock only if it still holds the caller's token, so a slow owner never frees someone else's lock. */
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Deletes the user's keys passed in KEYS[2..] (all in the user's hash slot) and removes them from the index
 * KEYS[1]; the index goes when empty. Atomic, and a key added meanwhile stays indexed.
 */
const FORGET_USER = `
local removed = 0
for i = 2, #KEYS do
  removed = removed + redis.call('unlink', KEYS[i])
  redis.call('srem', KEYS[1], KEYS[i])
end
if redis.call('scard', KEYS[1]) == 0 then redis.call('unlink', KEYS[1]) end
return removed`;

const SCAN_COUNT = 1000;
const UNLINK_BATCH = 500;

export interface RedisStoreOptions {
  /** The longest a cache operation may wait on Redis before it counts as failed (ms). */
  opTimeoutMs: number;
  /** How long to skip Redis after a timeout (ms). */
  stallPauseMs?: number;
}

/** Masters to scan: every master of a cluster, or the single node. */
function scanTargets(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

export function createRedisStore(
  client: RedisClient,
  { opTimeoutMs, stallPauseMs = 250 }: RedisStoreOptions,
): CacheStore {
  const isCluster = client instanceof Cluster;

  /**
   * After an operation times out, Redis is skipped for `stallPauseMs` (250 ms), so a stalled server costs one
   * timeout per pause, not one per call, and a passing hiccup costs little.
   */
  let skipUntil = 0;

  /** Fails at once when Redis is not connected or just stalled, and after `timeoutMs` otherwise. */
  function fast<T>(operation: () => Promise<T>, timeoutMs = opTimeoutMs): Promise<T> {
    if (client.status !== 'ready') return Promise.reject(new BackendUnavailableError(`redis ${client.status}`));
    if (Date.now() < skipUntil) return Promise.reject(new BackendUnavailableError('redis stalled a moment ago'));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        skipUntil = Date.now() + stallPauseMs;
        reject(new BackendUnavailableError(`redis did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      operation().then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  }

  async function scanNode(node: Redis, pattern: string, onBatch: (keys: string[]) => Promise<void>) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
      cursor = next;
      if (keys.length > 0) await onBatch(keys);
    } while (cursor !== '0');
  }

  /** Admin-side scans get a longer budget than request-path operations. */
  const adminTimeout = Math.max(opTimeoutMs, 30_000);

  return {
    backend: isCluster ? 'redis-cluster' : 'redis',
    connected: () => client.status === 'ready',
    async get(key) {
      const value = await fast(() => client.get(key));
      return value ?? undefined;
    },
    async set(key, value, ttlMs, userIndex) {
      if (!userIndex) {
        await fast(() => client.set(key, value, 'PX', ttlMs));
        return;
      }
      // The entry and its user's index share the hash tag, so one MULTI covers both, in a cluster too.
      await fast(async () => {
        const results = await client
          .multi()
          .set(key, value, 'PX', ttlMs)
          .sadd(userIndex.indexKey, key)
          .pexpire(userIndex.indexKey, userIndex.ttlMs)
          .exec();
        const failed = results?.find(([err]) => err);
        if (!results || failed) throw failed?.[0] ?? new BackendUnavailableError('transaction aborted');
      });
    },
    async delete(key) {
      await fast(() => client.unlink(key));
    },
    locks: {
      async tryLock(lockKey, token, ttlMs) {
        return (await fast(() => client.set(lockKey, token, 'PX', ttlMs, 'NX'))) === 'OK';
      },
      async unlock(lockKey, token) {
        await fast(() => client.eval(RELEASE_LOCK, 1, lockKey, token));
      },
    },
    async deleteByPrefix(prefix) {
      let removed = 0;
      await fast(async () => {
        for (const node of scanTargets(client)) {
          await scanNode(node, `${prefix}*`, async (keys) => {
            if (isCluster) {
              // Keys of one node may sit in different slots: unlink them one by one, pipelined to that node.
              const pipeline = node.pipeline();
              for (const key of keys) pipeline.unlink(key);
              for (const [err, n] of (await pipeline.exec()) ?? []) if (!err) removed += Number(n);
            } else {
              for (let i = 0; i < keys.length; i += UNLINK_BATCH) {
                removed += await node.unlink(...keys.slice(i, i + UNLINK_BATCH));
              }
            }
          });
        }
      }, adminTimeout);
      return removed;
    },
    async countByPrefixes(common, prefixes) {
      const counts = prefixes.map(() => 0);
      await fast(async () => {
        for (const node of scanTargets(client)) {
          await scanNode(node, `${common}*`, async (keys) => {
            for (const key of keys) {
              const i = prefixes.findIndex((prefix) => key.startsWith(prefix));
              if (i >= 0) counts[i] = (counts[i] ?? 0) + 1;
            }
          });
        }
      }, adminTimeout);
      return counts;
    },
    async deleteUser(indexKey) {
      return fast(async () => {
        const members = await client.smembers(indexKey);
        if (members.length === 0) {
          await client.unlink(indexKey);
          return 0;
        }
        return Number(await client.eval(FORGET_USER, members.length + 1, indexKey, ...members));
      });
    },
    async memoryBytes() {
      return fast(async () => {
        let total = 0;
        for (const node of scanTargets(client)) {
          const info = await node.info('memory');
          const match = /^used_memory:(\d+)/m.exec(info);
          if (match?.[1]) total += Number(match[1]);
        }
        return total;
      });
    },
    async close() {
      // The connection belongs to the composition root, which closes it.
    },
  };
}

export interface RedisCacheOptions {
  client: RedisClient;
  prefix: string;
  ttlSeconds: Record<Namespace, number>;
  versions?: Partial<Record<Namespace, string>>;
  metrics?: Pick<Metrics, 'cacheLookups' | 'cacheErrors'>;
  logger: Logger;
  /** Default 50 ms: a dead or stuck Redis costs a request at most this much per operation. */
  opTimeoutMs?: number;
  lock?: { ttlMs: number; waitMs: number; pollMs: number };
  statsFlushMs?: number;
}

/** The shared cache on Redis (single node or Cluster, through the injected ioredis client). */
export function createRedisCache(options: RedisCacheOptions): Cache {
  const { client, logger } = options;
  const keys = createKeyScheme(options.prefix, options.versions);
  const store = createRedisStore(client, { opTimeoutMs: options.opTimeoutMs ?? 50 });
  const statsKey = keys.statsKey();
  const counters = createRedisCounters(
    {
      async increment(deltas, ttlMs) {
        if (client.status !== 'ready') throw new BackendUnavailableError(`redis ${client.status}`);
        // MULTI, not a plain pipeline: all of a batch counts or none does, so a retry never double-counts.
        const multi = client.multi();
        for (const [field, by] of Object.entries(deltas)) multi.hincrby(statsKey, field, by);
        multi.pexpire(statsKey, ttlMs);
        const results = await multi.exec();
        const failed = results?.find(([err]) => err);
        if (!results || failed) throw failed?.[0] ?? new BackendUnavailableError('transaction aborted');
      },
      async readAll() {
        if (client.status !== 'ready') throw new BackendUnavailableError(`redis ${client.status}`);
        return client.hgetall(statsKey);
      },
    },
    logger,
    { flushMs: options.statsFlushMs ?? 1000 },
  );
  return createCacheCore({
    store,
    counters,
    keys,
    ttlSeconds: options.ttlSeconds,
    metrics: options.metrics,
    logger,
    lock: options.lock ?? { ttlMs: 10_000, waitMs: 1500, pollMs: 25 },
  });
}
