import type { FastifyInstance } from 'fastify';
import type { Config } from './config/load.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { createHttpServer } from './http/server.js';
import { registerSimulatorRoute } from './http/simulator-route.js';
import { createIdHasher } from './log/hash-id.js';
import type { Logger } from './log/logger.js';
import { connectRedis, isRedisReady, type RedisClient } from './redis/connect.js';

export interface App {
  server: FastifyInstance;
  /** Stops accepting work, drains what is in flight (bounded), closes every connection. */
  close(): Promise<void>;
}

/**
 * The composition root: the only place that creates cache, knowledge, analyzer, LLM, sender and HTTP
 * routes and hands each its dependencies.
 */
export async function buildApp(config: Config, logger: Logger): Promise<App> {
  const closers: Array<() => Promise<void>> = [];
  const redis: RedisClient | undefined = config.redisConfigured
    ? connectRedis({ url: config.REDIS_URL, clusterNodes: config.REDIS_CLUSTER_NODES, logger })
    : undefined;
  if (redis) closers.push(async () => void (await redis.quit().catch(() => redis.disconnect())));

  const hashId = createIdHasher(config.USER_ID_SALT ?? config.LINE_CHANNEL_SECRET ?? crypto.randomUUID());
  void hashId;

  const server = createHttpServer(logger);
  registerHealthRoutes(server, [
    () => ({
      name: 'redis',
      state: !redis ? 'off' : isRedisReady(redis) ? 'up' : 'down',
      required: config.REDIS_REQUIRED,
      detail: redis ? undefined : 'REDIS_URL not set: in-memory cache, sessions and dedupe',
    }),
    () => ({
      name: 'line',
      state: config.lineConfigured ? 'up' : 'off',
      required: false,
      detail: config.lineConfigured ? undefined : 'LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN not set',
    }),
    () => ({
      name: 'llm',
      state: config.llmConfigured ? 'up' : 'off',
      required: false,
      detail: config.llmConfigured ? config.GEMINI_MODEL : 'GEMINI_API_KEY not set: offline answers',
    }),
  ]);
  await registerSimulatorRoute(server);

  return {
    server,
    async close() {
      await server.close();
      for (const close of closers.reverse()) await close();
    },
  };
}
