import { pino } from 'pino';
import type { AnalysisResult } from '../../src/analysis/types.js';
import type { Cache, CacheStats, Namespace } from '../../src/cache/types.js';
import { loadKnowledgeBase } from '../../src/knowledge/load.js';
import { createMemoryBudget } from '../../src/llm/budget.js';
import { createGeminiClient } from '../../src/llm/client.js';
import { createGeminiEnricher, type GeminiEnricherDeps, type GeminiEnricherOptions } from '../../src/llm/enricher.js';
import { priceTable } from '../../src/llm/pricing.js';
import { createMemoryStats } from '../../src/llm/stats.js';

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

/**
 * A minimal in-test Cache: a Map with in-process single-flight; failed computations are not stored. The
 * real implementations live in src/cache (the "cache" helper's branch).
 */
export function memoryCache(): Cache & { entries: Map<string, unknown> } {
  const entries = new Map<string, unknown>();
  const inflight = new Map<string, Promise<unknown>>();
  const key = (ns: Namespace, parts: readonly unknown[]) => `${ns}:${JSON.stringify(parts)}`;
  const stats: CacheStats = {
    backend: 'memory',
    connected: true,
    namespaces: {} as CacheStats['namespaces'],
    memoryBytes: null,
  };
  return {
    backend: 'memory',
    entries,
    async get<T>(ns: Namespace, parts: readonly unknown[]) {
      return entries.get(key(ns, parts)) as T | undefined;
    },
    async set(ns, parts, value) {
      entries.set(key(ns, parts), value);
    },
    async delete(ns, parts) {
      entries.delete(key(ns, parts));
    },
    cached<T>(ns: Namespace, parts: readonly unknown[], compute: () => Promise<T> | T): Promise<T> {
      const k = key(ns, parts);
      if (entries.has(k)) return Promise.resolve(entries.get(k) as T);
      const pending = inflight.get(k);
      if (pending) return pending as Promise<T>;
      const p = (async () => {
        try {
          const value = await compute();
          entries.set(k, value);
          return value;
        } finally {
          inflight.delete(k);
        }
      })();
      inflight.set(k, p);
      return p;
    },
    async clear() {
      const n = entries.size;
      entries.clear();
      return n;
    },
    async stats() {
      return stats;
    },
    async close() {},
  };
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
    cache: memoryCache(),
    budget: createMemoryBudget({ dailyBudgetUsd: 1, userDailyCalls: 100 }),
    stats: createMemoryStats(),
    prices: priceTable(undefined),
    logger: silentLogger,
    random: () => 0.5,
    ...rest,
    options: { ...baseOptions, ...options },
  });
}
