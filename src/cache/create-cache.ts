import type { Config } from '../config/load.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { RedisClient } from '../redis/connect.js';
import { createMemoryCache } from './memory-cache.js';
import { createRedisCache } from './redis-cache.js';
import type { Cache, Namespace } from './types.js';

/** Namespace TTLs from the configuration (defaults: analysis 30 min, flex 1 h, session 2 h, llm 30 min). */
export function namespaceTtls(config: Config): Record<Namespace, number> {
  return {
    analysis: config.CACHE_TTL_ANALYSIS_S,
    flex: config.CACHE_TTL_FLEX_S,
    session: config.CACHE_TTL_SESSION_S,
    llm: config.CACHE_TTL_LLM_S,
    feedback: config.FEEDBACK_TTL_S,
  };
}

/** Redis when a client is given (REDIS_URL or REDIS_CLUSTER_NODES), the in-memory LRU otherwise. */
export function createCache(
  config: Config,
  redis: RedisClient | undefined,
  metrics: Pick<Metrics, 'cacheLookups' | 'cacheErrors'> | undefined,
  logger: Logger,
): Cache {
  const common = {
    prefix: config.REDIS_KEY_PREFIX,
    ttlSeconds: namespaceTtls(config),
    metrics,
    logger,
  };
  if (redis) return createRedisCache({ ...common, client: redis, opTimeoutMs: config.CACHE_OP_TIMEOUT_MS });
  return createMemoryCache({
    ...common,
    maxEntries: config.MEMORY_CACHE_MAX_ENTRIES,
    maxBytes: config.MEMORY_CACHE_MAX_BYTES,
  });
}
