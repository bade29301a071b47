import { Cluster, Redis } from 'ioredis';
import type { CheckResult } from '../report.js';
import { networkCode } from './line.js';

export interface RedisTarget {
  url?: string;
  clusterNodes?: string;
  timeoutMs: number;
}

/** One connection attempt and a PING, never a retry loop: the operator wants an answer now. */
export async function checkRedis(target: RedisTarget): Promise<CheckResult> {
  const name = 'Redis';
  const where = target.clusterNodes ? `cluster ${target.clusterNodes}` : redactUrl(target.url ?? '');
  const options = {
    lazyConnect: true,
    connectTimeout: target.timeoutMs,
    commandTimeout: target.timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  };
  const client: Redis | Cluster = target.clusterNodes
    ? new Cluster(
        target.clusterNodes.split(',').map((hp) => {
          const i = hp.lastIndexOf(':');
          return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
        }),
        { lazyConnect: true, enableOfflineQueue: false, clusterRetryStrategy: () => null, redisOptions: options },
      )
    : new Redis(target.url ?? 'redis://127.0.0.1:6379', options);
  // ioredis rejects connect() with a generic "Connection is closed."; the error event has the cause.
  let lastError: unknown;
  client.on('error', (err) => {
    lastError = err;
  });
  try {
    await client.connect();
    const pong = await client.ping();
    const info = await client.info('server').catch(() => '');
    const version = /redis_version:([^\r\n]+)/.exec(info)?.[1];
    return { name, status: 'ok', detail: `${where} answered ${pong}${version ? ` (Redis ${version})` : ''}` };
  } catch (err) {
    return {
      name,
      status: 'fail',
      detail: `${where} is unreachable (${networkCode(lastError ?? err) ?? 'no answer'})`,
      fix: 'start Redis (systemctl start redis-server, or docker compose up -d redis) or correct REDIS_URL; leave REDIS_URL empty to use the in-memory default',
    };
  } finally {
    client.disconnect();
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
