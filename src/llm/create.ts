import type { Cache } from '../cache/types.js';
import type { Config } from '../config/load.js';
import type { KnowledgeBase } from '../knowledge/schema.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { RedisClient } from '../redis/connect.js';
import { createMemoryBudget, createRedisBudget } from './budget.js';
import { createGeminiClient } from './client.js';
import { createGeminiEnricher, type GeminiEnricher } from './enricher.js';
import { priceTable } from './pricing.js';
import { createMemoryStats, createRedisStats } from './stats.js';

export interface LlmDeps {
  knowledge: KnowledgeBase;
  cache: Cache;
  logger: Logger;
  metrics?: Metrics;
  /** When given, budgets and stats are shared by every instance through Redis; memory otherwise. */
  redis?: RedisClient;
}

/** Builds the Gemini enricher from configuration; app.ts calls this only when `config.llmConfigured`. */
export function createLlmFromConfig(config: Config, deps: LlmDeps): GeminiEnricher {
  if (!config.GEMINI_API_KEY) throw new Error('GEMINI_API_KEY is not set');
  const budgetOptions = { dailyBudgetUsd: config.LLM_DAILY_BUDGET_USD, userDailyCalls: config.LLM_USER_DAILY_CALLS };
  const prefix = config.REDIS_KEY_PREFIX;
  return createGeminiEnricher({
    generate: createGeminiClient({ apiKey: config.GEMINI_API_KEY, baseUrl: config.GEMINI_BASE_URL }),
    knowledge: deps.knowledge,
    cache: deps.cache,
    budget: deps.redis ? createRedisBudget(deps.redis, prefix, budgetOptions) : createMemoryBudget(budgetOptions),
    stats: deps.redis ? createRedisStats(deps.redis, prefix) : createMemoryStats(),
    prices: priceTable(config.GEMINI_PRICES_JSON),
    logger: deps.logger.child({ module: 'llm' }),
    metrics: deps.metrics,
    options: {
      model: config.GEMINI_MODEL,
      timeoutMs: config.GEMINI_TIMEOUT_MS,
      topK: config.LLM_TOP_K,
      contextTokenBudget: config.LLM_CONTEXT_TOKEN_BUDGET,
      maxOutputTokens: config.LLM_MAX_OUTPUT_TOKENS,
      thinkingBudget: config.LLM_THINKING_BUDGET,
      temperature: config.LLM_TEMPERATURE,
      maxAttempts: config.LLM_MAX_ATTEMPTS,
      circuitFailures: config.LLM_CIRCUIT_FAILURES,
      circuitOpenMs: config.LLM_CIRCUIT_OPEN_MS,
      cacheTtlSeconds: config.CACHE_TTL_LLM_S,
    },
  });
}
