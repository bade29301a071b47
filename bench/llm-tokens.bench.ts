/**
 * Tokens and cost per Gemini answer over the labelled dev messages, through the real enricher and SDK
 * against the fake Gemini server. The fake counts tokens deterministically from the real request
 * (ceil(CJK × 0.74 + other ÷ 4), i.e. ~1.35 Chinese characters per token), so prompt tokens reflect the real
 * prompt size; output tokens are those of the fake's fixed answer. Prints one JSON line.
 *
 *   npx tsx bench/llm-tokens.bench.ts [path/to/dev.jsonl]   (or through npm run bench)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { AnalysisResult, M1Id, M3Id, M4Id, ModuleId, SafetyFlag, StageId } from '../src/analysis/types.js';
import { createCache } from '../src/cache/create-cache.js';
import { loadConfig } from '../src/config/load.js';
import { loadKnowledgeBase } from '../src/knowledge/load.js';
import { createMemoryBudget } from '../src/llm/budget.js';
import { createGeminiClient } from '../src/llm/client.js';
import { createGeminiEnricher } from '../src/llm/enricher.js';
import { findPrice, priceTable } from '../src/llm/pricing.js';
import { createMemoryStats } from '../src/llm/stats.js';
import { startFakeGemini } from '../test/fakes/gemini-server.js';

interface DevRow {
  id: string;
  text: string;
  primary: ModuleId | 'none';
  m1: M1Id[];
  m2: StageId | null;
  m3: M3Id[];
  m4: M4Id[];
  safety: SafetyFlag[];
  off_topic: boolean;
}

/** An analysis as the engine would report the labels: ids best first, scores falling with rank. */
function fromLabels(row: DevRow, knowledgeVersion: string): AnalysisResult {
  const ranked = <T extends string>(ids: T[]) => ids.map((id, i) => ({ id, score: 1 / (i + 1), evidence: [] }));
  return {
    primary: row.primary === 'none' ? null : row.primary,
    offTopic: row.off_topic,
    normalAgeing: row.primary === 'M1' && row.m1.length === 0,
    safety: row.safety,
    m1: ranked(row.m1),
    m2: row.m2 ? { id: row.m2, score: 1, evidence: [] } : null,
    m3: ranked(row.m3),
    m4: row.m4.map((id, i) => ({ id, score: 1 / (i + 1) })),
    knowledgeVersion,
  };
}

const path = process.argv[2] ?? fileURLToPath(new URL('../../shared/eval/dev.jsonl', import.meta.url));
const rows = readFileSync(path, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as DevRow);
const config = loadConfig({ GEMINI_API_KEY: 'bench' });
const fake = await startFakeGemini({ apiKey: 'bench' });
const knowledge = loadKnowledgeBase();
const prices = priceTable(config.GEMINI_PRICES_JSON);
const enricher = createGeminiEnricher({
  generate: createGeminiClient({ apiKey: 'bench', baseUrl: fake.baseUrl }),
  knowledge,
  cache: createCache(config, undefined, undefined, pino({ level: 'silent' })),
  budget: createMemoryBudget({ dailyBudgetUsd: 100, userDailyCalls: 10_000 }),
  stats: createMemoryStats(),
  prices,
  logger: pino({ level: 'silent' }),
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
  },
});

let answered = 0;
for (const row of rows) {
  const answer = await enricher.enrich({
    text: row.text,
    analysis: fromLabels(row, knowledge.version),
    userHash: row.id,
  });
  if (answer) answered++;
}
const stats = await enricher.stats();
await fake.close();

const price = findPrice(prices, config.GEMINI_MODEL);
const perAnswerMicro = stats.today.llmCalls ? (stats.today.costUsd * 1e6) / stats.today.llmCalls : 0;
console.log(
  JSON.stringify({
    bench: 'llm-tokens',
    model: config.GEMINI_MODEL,
    price,
    knowledgeVersion: knowledge.version,
    messages: rows.length,
    llmCalls: stats.today.llmCalls,
    answered,
    skipped: stats.today.skipped,
    failures: stats.today.failures,
    avgPromptTokensPerCall: stats.today.avgPromptTokensPerCall,
    avgOutputTokensPerCall: stats.today.avgOutputTokensPerCall,
    costPer1000AnswersUsd: Math.round(perAnswerMicro * 1000) / 1e6,
  }),
);
