import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every Prometheus series CareLine exposes on GET /metrics. Created once in the composition root and
 * handed to the modules that count; nothing reaches for a global registry.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'careline_' });
  const r = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'careline_http_requests_total',
      help: 'HTTP requests answered, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      registers: r,
    }),
    webhookRequests: new Counter({
      name: 'careline_webhook_requests_total',
      help: 'Webhook requests by HTTP status answered',
      labelNames: ['status'] as const,
      registers: r,
    }),
    events: new Counter({
      name: 'careline_events_total',
      help: 'Webhook events by type and outcome',
      labelNames: ['type', 'outcome'] as const,
      registers: r,
    }),
    sends: new Counter({
      name: 'careline_messages_sent_total',
      help: 'Messages sent to LINE by method (reply or push)',
      labelNames: ['method'] as const,
      registers: r,
    }),
    sendFailures: new Counter({
      name: 'careline_send_failures_total',
      help: 'Failed LINE API calls by method and HTTP status (0 = network or timeout)',
      labelNames: ['method', 'status'] as const,
      registers: r,
    }),
    analysisSeconds: new Histogram({
      name: 'careline_analysis_duration_seconds',
      help: 'Offline analysis latency',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
      registers: r,
    }),
    cacheLookups: new Counter({
      name: 'careline_cache_lookups_total',
      help: 'Cache lookups by namespace and result (hit or miss)',
      labelNames: ['namespace', 'result'] as const,
      registers: r,
    }),
    cacheErrors: new Counter({
      name: 'careline_cache_errors_total',
      help: 'Cache backend failures by namespace and operation (each degraded to a miss or a dropped write)',
      labelNames: ['namespace', 'operation'] as const,
      registers: r,
    }),
    llmCalls: new Counter({
      name: 'careline_llm_calls_total',
      help: 'Gemini calls by model and outcome',
      labelNames: ['model', 'outcome'] as const,
      registers: r,
    }),
    llmTokens: new Counter({
      name: 'careline_llm_tokens_total',
      help: 'Gemini tokens by model and kind (prompt, cached, output, thinking)',
      labelNames: ['model', 'kind'] as const,
      registers: r,
    }),
    llmCostUsd: new Counter({
      name: 'careline_llm_cost_usd_total',
      help: 'Gemini cost in USD computed from usageMetadata',
      labelNames: ['model'] as const,
      registers: r,
    }),
    llmBudgetWarnings: new Counter({
      name: 'careline_llm_budget_warnings_total',
      help: "Times today's Gemini spending crossed a share of the daily cap (threshold 0.8)",
      labelNames: ['threshold'] as const,
      registers: r,
    }),
    feedback: new Counter({
      name: 'careline_feedback_total',
      help: '「這不符合我的情況」 answers by the module of the card they refer to',
      labelNames: ['module'] as const,
      registers: r,
    }),
    cardFallbacks: new Counter({
      name: 'careline_card_fallbacks_total',
      help: 'Cards left out or replaced by plain text because they could not be built or broke a LINE limit',
      labelNames: ['card'] as const,
      registers: r,
    }),
    llmBudgetLeftUsd: new Gauge({
      name: 'careline_llm_budget_left_usd',
      help: "USD left in today's Gemini budget",
      registers: r,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
