/**
 * Tokens and cost per Gemini answer over the dev messages: the real analyzer, the real enricher (as app.ts
 * builds it) and the official SDK against the fake Gemini server. The fake counts tokens deterministically
 * from the real request (ceil(CJK × 0.74 + other ÷ 4), about 1.35 Chinese characters per token), so prompt
 * tokens reflect the real prompt size; output tokens are those of the fake's fixed answer.
 *
 *   npm run bench -- llm-tokens     (or npx tsx bench/run.ts llm-tokens)
 */

import { pino } from 'pino';
import { createAnalyzer } from '../src/analysis/analyzer.js';
import { createCache } from '../src/cache/create-cache.js';
import { loadConfig } from '../src/config/load.js';
import { loadKnowledgeBase } from '../src/knowledge/load.js';
import { createLlmFromConfig } from '../src/llm/create.js';
import { findPrice, priceTable } from '../src/llm/pricing.js';
import { startFakeGemini } from '../test/fakes/gemini-server.js';
import { devTexts } from './dev-texts.js';

export default async function llmTokensBench() {
  const fake = await startFakeGemini({ apiKey: 'bench' });
  const logger = pino({ level: 'silent' });
  const config = loadConfig({
    GEMINI_API_KEY: 'bench',
    GEMINI_BASE_URL: fake.baseUrl,
    LLM_DAILY_BUDGET_USD: '1000',
    LLM_USER_DAILY_CALLS: '100000',
  });
  const knowledge = loadKnowledgeBase();
  const analyzer = createAnalyzer(knowledge);
  const cache = createCache(config, undefined, undefined, logger);
  const enricher = createLlmFromConfig(config, { knowledge, cache, logger });
  const messages = devTexts();
  let answered = 0;
  for (const [i, text] of messages.entries()) {
    const answer = await enricher.enrich({ text, analysis: analyzer.analyze(text), userHash: `bench-user-${i}` });
    if (answer) answered++;
  }
  const stats = await enricher.stats();
  await enricher.close();
  await fake.close();
  const today = stats.today;
  const perAnswerMicroUsd = today.llmCalls ? (today.costUsd * 1e6) / today.llmCalls : 0;
  return {
    model: config.GEMINI_MODEL,
    price: findPrice(priceTable(config.GEMINI_PRICES_JSON), config.GEMINI_MODEL),
    messages: messages.length,
    llmCalls: today.llmCalls,
    answered,
    skipped: today.skipped,
    failures: today.failures,
    avgPromptTokensPerCall: today.avgPromptTokensPerCall,
    avgOutputTokensPerCall: today.avgOutputTokensPerCall,
    costPer1000AnswersUsd: Math.round(perAnswerMicroUsd * 1000) / 1e6,
  };
}
