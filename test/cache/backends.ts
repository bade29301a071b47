import { Cluster, type Redis } from 'ioredis';
import { createKeyScheme } from '../../src/cache/keys.js';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { createRedisCache } from '../../src/cache/redis-cache.js';
import type { Cache, Namespace } from '../../src/cache/types.js';
import { createLogger } from '../../src/log/logger.js';
import { connectRedis, type RedisClient } from '../../src/redis/connect.js';
import { spawnRedisCluster } from '../helpers/redis-cluster.js';
import { spawnRedis } from '../helpers/redis-server.js';

export const logger = createLogger('silent');

export const TTLS: Record<Namespace, number> = { analysis: 1800, flex: 3600, session: 7200, llm: 1800, feedback: 600 };

/** One backend under test: how to make caches on it, and (for Redis) the raw client and a way to crash it. */
export interface Backend {
  name: 'memory' | 'redis' | 'redis-cluster';
  /** A fresh cache; Redis caches of one backend share data, so two of them act as two CareLine instances. */
  makeCache(options?: { opTimeoutMs?: number; prefix?: string; lockWaitMs?: number }): Cache;
  client?: RedisClient;
  /** Crashes Redis; the returned function starts it again and waits until the client is ready. */
  crash?(): Promise<() => Promise<void>>;
  stop(): Promise<void>;
}

/** Generous in tests that count exactly, so a busy CI machine cannot turn a slow answer into a miss. */
export const PATIENT_MS = 2000;

export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let prefixes = 0;
export const freshPrefix = () => `t${process.pid}x${++prefixes}`;

export async function startBackend(name: Backend['name']): Promise<Backend> {
  const caches: Cache[] = [];
  const track = (cache: Cache) => {
    caches.push(cache);
    return cache;
  };
  if (name === 'memory') {
    return {
      name,
      makeCache: ({ prefix = freshPrefix() } = {}) =>
        track(createMemoryCache({ prefix, ttlSeconds: TTLS, logger, maxEntries: 10_000, maxBytes: 64 << 20 })),
      stop: async () => void (await Promise.all(caches.map((c) => c.close()))),
    };
  }
  const server = name === 'redis' ? await spawnRedis() : undefined;
  const cluster = name === 'redis-cluster' ? await spawnRedisCluster() : undefined;
  const client = connectRedis({ url: server?.url, clusterNodes: cluster?.nodes, logger });
  await waitUntil(() => client.status === 'ready', 'redis ready');
  return {
    name,
    client,
    makeCache: ({ opTimeoutMs = PATIENT_MS, prefix = freshPrefix(), lockWaitMs = 10_000 } = {}) =>
      track(
        createRedisCache({
          client,
          prefix,
          ttlSeconds: TTLS,
          logger,
          opTimeoutMs,
          lock: { ttlMs: 10_000, waitMs: lockWaitMs, pollMs: 10 },
        }),
      ),
    async crash() {
      const restart = server ? await server.kill() : await cluster!.killAll();
      await waitUntil(() => client.status !== 'ready', 'client to notice');
      return async () => {
        await restart();
        await waitUntil(() => client.status === 'ready', 'client to reconnect', 30_000);
      };
    },
    async stop() {
      await Promise.all(caches.map((c) => c.close()));
      client.disconnect();
      await server?.stop();
      await cluster?.stop();
    },
  };
}

/** Every key stored under a prefix, scanning every master (test inspection only). */
export async function allKeys(client: RedisClient, prefix: string): Promise<string[]> {
  const nodes: Redis[] = client instanceof Cluster ? client.nodes('master') : [client];
  const found: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
  }
  return found;
}

export const keyOf = (prefix: string, namespace: Namespace, parts: readonly unknown[]) =>
  createKeyScheme(prefix).key(namespace, parts);
