import type { FastifyInstance } from 'fastify';
import { createAnalyzer } from './analysis/analyzer.js';
import { cachedAnalysis } from './cache/cached-analysis.js';
import { createCache } from './cache/create-cache.js';
import { createRateLimiter, type RateLimiter } from './cache/rate-limiter.js';
import type { Cache } from './cache/types.js';
import type { Config } from './config/load.js';
import { createConversation } from './conversation/create-conversation.js';
import type { ConversationHandler } from './conversation/types.js';
import { registerAnalyzeRoute } from './http/analyze-route.js';
import { registerCacheRoutes } from './http/cache-routes.js';
import { registerChatRoute } from './http/chat-route.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { registerLlmStatsRoutes } from './http/llm-stats-routes.js';
import { registerMetricsRoute } from './http/metrics-route.js';
import { registerModulesStatusRoute } from './http/modules-status-route.js';
import { registerApiRateLimit } from './http/rate-limit-hook.js';
import { createHttpServer } from './http/server.js';
import { registerSimulatorRoute } from './http/simulator-route.js';
import { loadKnowledgeBase } from './knowledge/load.js';
import { createLineTransport } from './line/transport.js';
import { registerWebhookRoutes } from './line/webhook-route.js';
import { createLlmFromConfig } from './llm/create.js';
import type { Enricher } from './llm/types.js';
import { createIdHasher } from './log/hash-id.js';
import type { Logger } from './log/logger.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { timedAnalyzer } from './metrics/timed-analyzer.js';
import { connectRedis, isRedisReady, type RedisClient } from './redis/connect.js';

export interface App {
  server: FastifyInstance;
  cache: Cache;
  metrics: Metrics;
  /** LINE messages per user (RATE_LIMIT_USER_PER_MIN); the conversation layer asks it per hashed user id. */
  userRateLimiter: RateLimiter;
  /** Gemini enrichment, only with GEMINI_API_KEY; the conversation layer calls it after the offline analysis. */
  enricher: Enricher | undefined;
  /** Stops accepting work, drains what is in flight (bounded), closes every connection. */
  close(): Promise<void>;
}

/** Replaceable parts, for tests and for modules that build them elsewhere. */
export interface AppDeps {
  conversationHandler?: ConversationHandler;
}

/**
 * The composition root: the only place that creates cache, knowledge, analyzer, LLM, sender and HTTP
 * routes and hands each its dependencies.
 */
export async function buildApp(config: Config, logger: Logger, deps: AppDeps = {}): Promise<App> {
  const closers: Array<() => Promise<void>> = [];
  const redis: RedisClient | undefined = config.redisConfigured
    ? connectRedis({ url: config.REDIS_URL, clusterNodes: config.REDIS_CLUSTER_NODES, logger })
    : undefined;
  if (redis) closers.push(async () => void (await redis.quit().catch(() => redis.disconnect())));

  const knowledge = loadKnowledgeBase();
  const metrics = createMetrics();
  const cache = createCache(config, redis, metrics, logger);
  closers.push(() => cache.close());
  const limiter = (name: string, limitPerWindow: number) =>
    createRateLimiter({
      name,
      limitPerWindow,
      redis,
      prefix: config.REDIS_KEY_PREFIX,
      logger,
      opTimeoutMs: config.CACHE_OP_TIMEOUT_MS,
    });
  const userRateLimiter = limiter('user', config.RATE_LIMIT_USER_PER_MIN);
  const llm = config.llmConfigured
    ? createLlmFromConfig(config, { knowledge, cache, logger, metrics, redis })
    : undefined;
  if (llm) closers.push(async () => llm.close());

  const hashId = createIdHasher(config.USER_ID_SALT ?? config.LINE_CHANNEL_SECRET ?? crypto.randomUUID());
  const analyzer = timedAnalyzer(createAnalyzer(knowledge), metrics.analysisSeconds);
  // One handler for the webhook and the simulator (POST /api/chat).
  const handler =
    deps.conversationHandler ??
    createConversation({
      analyzer,
      kb: knowledge,
      cache,
      enricher: llm,
      logger,
      metrics,
      rateLimiter: userRateLimiter,
    });

  const server = createHttpServer(logger);
  registerMetricsRoute(server, metrics, config.METRICS_TOKEN);
  registerApiRateLimit(server, limiter('api', config.RATE_LIMIT_API_PER_MIN));
  registerAnalyzeRoute(server, { analyze: cachedAnalysis(cache, analyzer) });
  registerCacheRoutes(server, cache, config.ADMIN_TOKEN);
  registerModulesStatusRoute(server, knowledge, config.ADMIN_TOKEN);
  registerLlmStatsRoutes(server, config.ADMIN_TOKEN, llm && (() => llm.stats()));
  const line = createLineTransport({ config, logger, metrics, redis, hashId, handler });
  await registerWebhookRoutes(server, { metrics, ...(line ? { line } : {}) });
  registerChatRoute(server, { conversation: handler, hashId });
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
    cache,
    metrics,
    userRateLimiter,
    enricher: llm,
    async close() {
      // New requests get 503 while closing; events already accepted finish (bounded) before Redis closes.
      await server.close();
      if (line) await line.queue.drain(config.SHUTDOWN_TIMEOUT_MS);
      for (const close of closers.reverse()) await close();
    },
  };
}
