import { pino } from 'pino';
import type { AnalysisResult } from '../../src/analysis/types.js';
import { createCache } from '../../src/cache/create-cache.js';
import type { Cache } from '../../src/cache/types.js';
import { loadConfig } from '../../src/config/load.js';
import { loadKnowledgeBase } from '../../src/knowledge/load.js';
import { createMemoryBudget } from '../../src/llm/budget.js';
import { createGeminiClient } from '../../src/llm/client.js';
import { createGeminiEnricher, type GeminiEnricherDeps, type GeminiEnricherOptions } from '../../src/llm/enricher.js';
import { priceTable } from '../../src/llm/pricing.js';
import { createMemoryStats } from '../../src/llm/stats.js';
import type { RedisClient } from '../../src/redis/connect.js';

delete process.env.GOOGLE_GENAI_USE_VERTEXAI;
delete process.env.GOOGLE_GENAI_USE_ENTERPRISE;

export const silentLogger = pino({ level: 'silent' });

export function analysis(partial: Partial<AnalysisResult> = {}): AnalysisResult {
  return {
    primary: 'M3',
    offTopic: false,
    normalAgeing: false,
    safety: [],
    m1: [],
    m2: null,
    m3: [{ id: 'M3-01', score: 0.9, evidence: ['偷我的錢'] }],
    m4: [{ id: 'M4-daily', score: 0.4 }],
    knowledgeVersion: 'test',
    ...partial,
  };
}

/** The real cache (memory LRU, or Redis when a client is given) with the default namespace TTLs. */
export function testCache(redis?: RedisClient): Cache {
  return createCache(loadConfig({}), redis, undefined, silentLogger);
}

export const baseOptions: GeminiEnricherOptions = {
  model: 'gemini-2.5-flash-lite',
  timeoutMs: 3000,
  topK: 4,
  contextTokenBudget: 1200,
  maxOutputTokens: 512,
  thinkingBudget: 0,
  temperature: 0.2,
  maxAttempts: 3,
  circuitFailures: 5,
  circuitOpenMs: 30_000,
};

/** An enricher on the real SDK pointed at the fake server, memory budget and stats unless overridden. */
export function enricherFor(
  baseUrl: string,
  overrides: Partial<Omit<GeminiEnricherDeps, 'options'>> & { options?: Partial<GeminiEnricherOptions> } = {},
) {
  const { options, ...rest } = overrides;
  return createGeminiEnricher({
    generate: createGeminiClient({ apiKey: 'test-key', baseUrl }),
    knowledge: loadKnowledgeBase(),
    cache: testCache(),
    budget: createMemoryBudget({ dailyBudgetUsd: 1, userDailyCalls: 100 }),
    stats: createMemoryStats(),
    prices: priceTable(undefined),
    logger: silentLogger,
    random: () => 0.5,
    ...rest,
    options: { ...baseOptions, ...options },
  });
}
