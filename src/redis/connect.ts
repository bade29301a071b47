import { Cluster, Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';

export type RedisClient = Redis | Cluster;

export interface RedisConnectOptions {
  url?: string;
  clusterNodes?: string;
  logger: Logger;
}

/**
 * One fail-fast Redis connection for cache, dedupe, sessions and ledgers: no offline queue, one attempt per
 * command, a short connect timeout, and reconnection in the background. A command on a dead Redis rejects
 * at once instead of waiting, so callers treat the error as a miss.
 */
export function connectRedis({ url, clusterNodes, logger }: RedisConnectOptions): RedisClient {
  const common = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 500,
    retryStrategy: (times: number) => Math.min(200 * 2 ** Math.min(times, 5), 5000),
  } as const;
  let client: RedisClient;
  if (clusterNodes) {
    const nodes = clusterNodes.split(',').map((hp) => {
      const i = hp.lastIndexOf(':');
      return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
    });
    client = new Cluster(nodes, {
      enableOfflineQueue: false,
      redisOptions: common,
      clusterRetryStrategy: common.retryStrategy,
    });
  } else {
    client = new Redis(url ?? 'redis://127.0.0.1:6379', { ...common, lazyConnect: false });
  }
  let wasReady = false;
  client.on('ready', () => {
    wasReady = true;
    logger.info({ redis: clusterNodes ? 'cluster' : 'single' }, 'redis connected');
  });
  client.on('error', (err: Error) => {
    logger.warn({ err: err.message }, wasReady ? 'redis error' : 'redis not reachable yet');
  });
  return client;
}

export function isRedisReady(client: RedisClient | undefined): boolean {
  return client?.status === 'ready';
}
