import type { Cache } from '../cache/types.js';
import type { ModelPrice, PriceTable } from '../config/gemini-prices.js';
import type { KnowledgeBase } from '../knowledge/schema.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { canonicalKeyText } from '../text/normalise.js';
import type { BudgetLedger, BudgetRefusal, Reservation } from './budget.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { GenerateFn, GenerateResult } from './client.js';
import { classifyError, EnrichmentFailed, type FailureKind } from './errors.js';
import { responseJsonSchema, validateOutput } from './output.js';
import { costMicroUsd, findPrice, worstCasePrice } from './pricing.js';
import { type BuiltPrompt, buildPrompt, PROMPT_VERSION } from './prompt.js';
import { shouldEnrich } from './should-enrich.js';
import { callIncrements, type StatsSection, type StatsStore, summarise } from './stats.js';
import type { Enricher, EnrichInput, Enrichment } from './types.js';

export interface GeminiEnricherOptions {
  model: string;
  /** Bound on one answer, retries included (GEMINI_TIMEOUT_MS). */
  timeoutMs: number;
  topK: number;
  contextTokenBudget: number;
  maxOutputTokens: number;
  thinkingBudget: number;
  temperature: number;
  maxAttempts: number;
  circuitFailures: number;
  circuitOpenMs: number;
  /** TTL of cached answers (CACHE_TTL_LLM_S); the llm namespace default when unset. */
  cacheTtlSeconds?: number;
}

export interface GeminiEnricherDeps {
  generate: GenerateFn;
  knowledge: KnowledgeBase;
  cache: Cache;
  budget: BudgetLedger;
  stats: StatsStore;
  prices: PriceTable;
  logger: Logger;
  metrics?: Metrics;
  options: GeminiEnricherOptions;
  /** Test seams. */
  now?: () => number;
  random?: () => number;
}

export type SkipReason = 'safety' | 'off_topic' | 'no_context' | 'circuit_open' | 'shutdown' | BudgetRefusal;

export interface GeminiStats {
  backend: 'redis' | 'memory';
  model: string;
  promptVersion: string;
  day: string;
  circuit: string;
  today: StatsSection;
  total: StatsSection;
  budget: {
    dailyUsd: number;
    spentTodayUsd: number;
    leftUsd: number;
    userDailyCalls: number;
    /** Set when answers are currently offline because of the budget. */
    offlineBecause: string | null;
  };
  price: (ModelPrice & { model: string }) | null;
}

export interface GeminiEnricher extends Enricher {
  stats(): Promise<GeminiStats>;
  /** Aborts calls in flight and answers every later request offline (graceful shutdown). */
  close(): void;
}

class Skipped extends Error {
  constructor(readonly reason: SkipReason) {
    super(`gemini skipped: ${reason}`);
  }
}

/** Leaves room for at least this much of an attempt before retrying. */
const MIN_ATTEMPT_MS = 500;
const BACKOFF_BASE_MS = 250;
/** Output tokens reserved for dynamic thinking (thinkingBudget -1). */
const DYNAMIC_THINKING_RESERVE = 8192;
const BLOCKING_FINISH = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'LANGUAGE']);

export function createGeminiEnricher(deps: GeminiEnricherDeps): GeminiEnricher {
  const { options, logger, metrics, stats, budget } = deps;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const model = options.model;
  const price = findPrice(deps.prices, model);
  const budgetPrice = price ?? worstCasePrice(deps.prices);
  const circuit = new CircuitBreaker(options.circuitFailures, options.circuitOpenMs, now);
  const shutdown = new AbortController();
  if (!price) {
    logger.warn({ model }, 'no price for this Gemini model: cost is reported as unknown; set GEMINI_PRICES_JSON');
  }

  const record = (increments: Record<string, number>) =>
    stats.add(increments).catch((err: Error) => logger.warn({ err: err.message }, 'llm stats not recorded'));

  async function refreshBudgetGauge(): Promise<void> {
    if (!metrics) return;
    const spent = await budget.spentToday().catch(() => undefined);
    if (spent !== undefined) metrics.llmBudgetLeftUsd.set(Math.max(0, budget.capMicroUsd - spent) / 1e6);
  }

  function estimateMicroUsd(prompt: BuiltPrompt): number {
    const thinking = options.thinkingBudget < 0 ? DYNAMIC_THINKING_RESERVE : options.thinkingBudget;
    return Math.ceil(
      prompt.estimatedPromptTokens * budgetPrice.input + (options.maxOutputTokens + thinking) * budgetPrice.output,
    );
  }

  /** Calls Gemini with retries inside one deadline; resolves the response or throws EnrichmentFailed. */
  async function callWithRetries(prompt: BuiltPrompt): Promise<GenerateResult> {
    const deadline = now() + options.timeoutMs;
    const schema = responseJsonSchema(prompt.context.map((c) => c.id));
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - now();
      const timer = AbortSignal.timeout(Math.max(1, remaining));
      try {
        return await deps.generate({
          model,
          systemInstruction: prompt.systemInstruction,
          userText: prompt.userText,
          responseJsonSchema: schema,
          temperature: options.temperature,
          maxOutputTokens: options.maxOutputTokens,
          thinkingBudget: options.thinkingBudget,
          signal: AbortSignal.any([timer, shutdown.signal]),
        });
      } catch (err) {
        const c = classifyError(err, timer.aborted && !shutdown.signal.aborted);
        const wait = c.retryDelayMs ?? backoff(attempt);
        const fits = now() + wait + MIN_ATTEMPT_MS <= deadline;
        if (!c.retryable || attempt >= options.maxAttempts || !fits || shutdown.signal.aborted) {
          throw Object.assign(new EnrichmentFailed(c.kind), { mayBeBilled: c.mayBeBilled });
        }
        logger.debug({ kind: c.kind, status: c.status, attempt, waitMs: wait }, 'gemini call failed, retrying');
        metrics?.llmCalls.inc({ model, outcome: `retry_${c.kind}` });
        await sleep(wait, shutdown.signal);
      }
    }
  }

  function backoff(attempt: number): number {
    // Exponential with full jitter.
    return Math.round(random() * BACKOFF_BASE_MS * 2 ** (attempt - 1));
  }

  /** The uncached path: circuit, budget reservation, call, settlement, validation. */
  async function compute(prompt: BuiltPrompt, userHash: string): Promise<Enrichment> {
    if (shutdown.signal.aborted) throw new Skipped('shutdown');
    if (!circuit.tryAcquire()) throw new Skipped('circuit_open');
    const reserved = await budget.reserve(userHash, estimateMicroUsd(prompt));
    if (!reserved.ok) {
      circuit.release();
      throw new Skipped(reserved.reason);
    }
    if (reserved.crossedWarning) {
      logger.warn(
        { spentUsd: reserved.spentMicroUsd / 1e6, dailyUsd: budget.capMicroUsd / 1e6 },
        'Gemini spending passed 80% of the daily budget',
      );
      metrics?.llmBudgetWarnings.inc({ threshold: '0.8' });
    }
    const started = now();
    let result: GenerateResult;
    try {
      result = await callWithRetries(prompt);
    } catch (err) {
      const failed = err as EnrichmentFailed & { mayBeBilled?: boolean };
      if (failed.kind === 'aborted') circuit.release();
      else circuit.failure();
      // A call that may have reached the model keeps its reservation: Google may bill it.
      if (!failed.mayBeBilled) await budget.settle(reserved.reservation, 0);
      await fail(failed.kind ?? 'network');
      void refreshBudgetGauge();
      throw err;
    }
    circuit.success();
    await account(result, reserved.reservation, now() - started);
    void refreshBudgetGauge();
    return toEnrichment(result, prompt);
  }

  async function account(result: GenerateResult, reservation: Reservation, latencyMs: number): Promise<void> {
    const usage = result.usage;
    const cost = usage && price ? costMicroUsd(usage, price) : null;
    if (usage) await budget.settle(reservation, costMicroUsd(usage, budgetPrice));
    await record(callIncrements(model, usage, cost, latencyMs));
    if (!metrics) return;
    if (usage) {
      metrics.llmTokens.inc({ model, kind: 'prompt' }, usage.promptTokens);
      metrics.llmTokens.inc({ model, kind: 'cached' }, usage.cachedTokens);
      metrics.llmTokens.inc({ model, kind: 'output' }, usage.candidatesTokens);
      metrics.llmTokens.inc({ model, kind: 'thinking' }, usage.thoughtsTokens);
    }
    if (cost !== null) metrics.llmCostUsd.inc({ model }, cost / 1e6);
  }

  async function fail(kind: FailureKind): Promise<void> {
    metrics?.llmCalls.inc({ model, outcome: kind });
    await record({ [`fail:${kind}`]: 1 });
  }

  async function toEnrichment(result: GenerateResult, prompt: BuiltPrompt): Promise<Enrichment> {
    let kind: FailureKind | undefined;
    if (result.blockReason || (result.finishReason && BLOCKING_FINISH.has(result.finishReason))) kind = 'blocked';
    else if (!result.text?.trim()) kind = 'empty';
    if (!kind) {
      const checked = validateOutput(result.text ?? '', prompt.context);
      if (checked.ok) {
        metrics?.llmCalls.inc({ model, outcome: 'ok' });
        const { summary, nextSteps, followUpQuestion, usedIds } = checked.value;
        return { summary, nextSteps, usedIds, model, ...(followUpQuestion ? { followUpQuestion } : {}) };
      }
      kind = checked.reason;
    }
    logger.info({ kind, finishReason: result.finishReason }, 'gemini answer discarded, answering offline');
    await fail(kind);
    throw new EnrichmentFailed(kind);
  }

  return {
    async enrich(input: EnrichInput): Promise<Enrichment | null> {
      const skip = async (reason: SkipReason) => {
        await record({ [`skip:${reason}`]: 1 });
        return null;
      };
      try {
        await record({ requests: 1 });
        if (shutdown.signal.aborted) return await skip('shutdown');
        if (!shouldEnrich(input.analysis)) return await skip(input.analysis.safety.length > 0 ? 'safety' : 'off_topic');
        const prompt = buildPrompt(input.text, input.analysis, deps.knowledge, options);
        if (prompt.context.length === 0) return await skip('no_context');

        let computed = false;
        // The context ids are part of the key too: an analysis engine update may ground the same text differently.
        const contextIds = prompt.context.map((c) => c.id).join(',');
        const keyParts = [canonicalKeyText(input.text), model, PROMPT_VERSION, deps.knowledge.version, contextIds];
        const pending = deps.cache.cached(
          'llm',
          keyParts,
          () => {
            computed = true;
            return compute(prompt, input.userHash);
          },
          options.cacheTtlSeconds ? { ttlSeconds: options.cacheTtlSeconds } : undefined,
        );
        const answer = await untilAborted(pending, input.signal);
        if (!answer) return null;
        if (!computed) await record({ cacheHits: 1 });
        return answer;
      } catch (err) {
        if (err instanceof Skipped) return await skip(err.reason);
        if (!(err instanceof EnrichmentFailed)) {
          logger.warn({ err: (err as Error).message }, 'gemini enrichment error, answering offline');
        }
        return null;
      }
    },

    async stats(): Promise<GeminiStats> {
      const [read, spent] = await Promise.all([stats.read(), budget.spentToday().catch(() => 0)]);
      const today = summarise(read.today);
      const left = Math.max(0, budget.capMicroUsd - spent);
      const offlineBecause =
        left === 0 || (today.skipped.budget_daily ?? 0) > 0
          ? `daily budget of ${budget.capMicroUsd / 1e6} USD reached: answers are offline until midnight Asia/Taipei`
          : null;
      return {
        backend: stats.backend,
        model,
        promptVersion: PROMPT_VERSION,
        day: read.day,
        circuit: circuit.state,
        today,
        total: summarise(read.total),
        budget: {
          dailyUsd: budget.capMicroUsd / 1e6,
          spentTodayUsd: spent / 1e6,
          leftUsd: left / 1e6,
          userDailyCalls: budget.userDailyCalls,
          offlineBecause,
        },
        price: price ? { model, ...price } : null,
      };
    },

    close() {
      shutdown.abort();
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Resolves undefined as soon as the caller's signal aborts; the shared computation goes on for others. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
