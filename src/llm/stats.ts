import type { RedisClient } from '../redis/connect.js';
import { DAY_KEY_TTL_S, taipeiDay } from './day.js';
import type { Usage } from './pricing.js';

/** Counter fields → increments. One flat hash per day and one for all time, so instances simply add up. */
export type Increments = Record<string, number>;

export interface StatsStore {
  readonly backend: 'redis' | 'memory';
  add(increments: Increments): Promise<void>;
  read(): Promise<{ day: string; today: Increments; total: Increments }>;
}

/** The all-time hash expires this long after the last call (everything stored has a TTL). */
const TOTAL_TTL_S = 400 * 86_400;
export const LATENCY_BOUNDS_MS = [100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 4000, 5000, 6000, 8000, 10_000];

export function createMemoryStats(now: () => Date = () => new Date()): StatsStore {
  let day = taipeiDay(now());
  let today: Increments = {};
  const total: Increments = {};
  const roll = () => {
    const d = taipeiDay(now());
    if (d !== day) {
      day = d;
      today = {};
    }
  };
  return {
    backend: 'memory',
    async add(increments) {
      roll();
      for (const [field, by] of Object.entries(increments)) {
        today[field] = (today[field] ?? 0) + by;
        total[field] = (total[field] ?? 0) + by;
      }
    },
    async read() {
      roll();
      return { day, today: { ...today }, total: { ...total } };
    },
  };
}

/** Stats shared by every instance: HINCRBY on a daily hash (48 h TTL) and an all-time hash, one slot. */
export function createRedisStats(redis: RedisClient, prefix: string, now: () => Date = () => new Date()): StatsStore {
  const dayKey = (day: string) => `${prefix}:{llm-stats}:day:${day}`;
  const totalKey = `${prefix}:{llm-stats}:total`;
  const numbers = (hash: Record<string, string>) =>
    Object.fromEntries(Object.entries(hash).map(([k, v]) => [k, Number(v)]));
  return {
    backend: 'redis',
    async add(increments) {
      const day = dayKey(taipeiDay(now()));
      const tx = redis.multi();
      for (const [field, by] of Object.entries(increments)) {
        if (by === 0) continue;
        tx.hincrby(day, field, by);
        tx.hincrby(totalKey, field, by);
      }
      tx.expire(day, DAY_KEY_TTL_S);
      tx.expire(totalKey, TOTAL_TTL_S);
      await tx.exec();
    },
    async read() {
      const day = taipeiDay(now());
      const [today, total] = await Promise.all([redis.hgetall(dayKey(day)), redis.hgetall(totalKey)]);
      return { day, today: numbers(today), total: numbers(total) };
    },
  };
}

/** The counter fields of one finished Gemini call. */
export function callIncrements(
  model: string,
  usage: Usage | undefined,
  costMicroUsd: number | null,
  latencyMs: number,
) {
  const m = `m:${model}`;
  const out: Increments = { calls: 1, [`${m}:calls`]: 1, 'lat:count': 1, 'lat:sumMs': Math.round(latencyMs) };
  const bound = LATENCY_BOUNDS_MS.find((b) => latencyMs <= b);
  out[`lat:le:${bound ?? 'inf'}`] = 1;
  if (usage) {
    out[`${m}:usageCalls`] = 1;
    out[`${m}:prompt`] = usage.promptTokens;
    out[`${m}:cached`] = usage.cachedTokens;
    out[`${m}:output`] = usage.candidatesTokens;
    out[`${m}:thinking`] = usage.thoughtsTokens;
  }
  if (costMicroUsd === null) out[`${m}:costUnknown`] = 1;
  else out[`${m}:costMicroUsd`] = costMicroUsd;
  return out;
}

export interface ModelSection {
  calls: number;
  tokens: { prompt: number; cached: number; output: number; thinking: number };
  avgPromptTokensPerCall: number | null;
  avgOutputTokensPerCall: number | null;
  costUsd: number;
  /** Calls whose model had no price: their cost is not in costUsd. */
  costUnknownCalls: number;
}

export interface StatsSection extends ModelSection {
  requests: number;
  cacheHits: number;
  llmCalls: number;
  failures: Record<string, number>;
  /** Requests answered offline without a call, by reason (safety, budget_daily, circuit_open, …). */
  skipped: Record<string, number>;
  /** p95 is the upper bound of the latency bucket holding the 95th percentile. */
  latencyMs: { avg: number | null; p95: number | string | null };
  perModel: Record<string, ModelSection>;
}

const usd = (micro: number) => Math.round(micro) / 1e6;

/** Turns a counter hash into the stats shape served on /gemini/stats. */
export function summarise(h: Increments): StatsSection {
  const get = (f: string) => h[f] ?? 0;
  const byPrefix = (prefix: string) =>
    Object.fromEntries(
      Object.entries(h)
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, v]) => [k.slice(prefix.length), v]),
    );
  const models = new Set(
    Object.keys(h)
      .filter((k) => k.startsWith('m:'))
      .map((k) => k.slice(2, k.lastIndexOf(':'))),
  );
  const perModel: Record<string, ModelSection> = {};
  for (const model of models) {
    const m = (f: string) => get(`m:${model}:${f}`);
    const usageCalls = m('usageCalls');
    perModel[model] = {
      calls: m('calls'),
      tokens: { prompt: m('prompt'), cached: m('cached'), output: m('output'), thinking: m('thinking') },
      avgPromptTokensPerCall: usageCalls ? Math.round((m('prompt') / usageCalls) * 10) / 10 : null,
      avgOutputTokensPerCall: usageCalls ? Math.round((m('output') / usageCalls) * 10) / 10 : null,
      costUsd: usd(m('costMicroUsd')),
      costUnknownCalls: m('costUnknown'),
    };
  }
  const sum = (pick: (s: ModelSection) => number) => Object.values(perModel).reduce((a, s) => a + pick(s), 0);
  const usageCalls = [...models].reduce((a, model) => a + get(`m:${model}:usageCalls`), 0);
  const tokens = {
    prompt: sum((s) => s.tokens.prompt),
    cached: sum((s) => s.tokens.cached),
    output: sum((s) => s.tokens.output),
    thinking: sum((s) => s.tokens.thinking),
  };
  const latCount = get('lat:count');
  return {
    requests: get('requests'),
    cacheHits: get('cacheHits'),
    llmCalls: get('calls'),
    calls: get('calls'),
    failures: byPrefix('fail:'),
    skipped: byPrefix('skip:'),
    tokens,
    avgPromptTokensPerCall: usageCalls ? Math.round((tokens.prompt / usageCalls) * 10) / 10 : null,
    avgOutputTokensPerCall: usageCalls ? Math.round((tokens.output / usageCalls) * 10) / 10 : null,
    costUsd: usd(Object.keys(h).reduce((a, k) => (k.endsWith(':costMicroUsd') ? a + get(k) : a), 0)),
    costUnknownCalls: sum((s) => s.costUnknownCalls),
    latencyMs: { avg: latCount ? Math.round(get('lat:sumMs') / latCount) : null, p95: p95(h, latCount) },
    perModel,
  };
}

function p95(h: Increments, count: number): number | string | null {
  if (!count) return null;
  let seen = 0;
  for (const bound of LATENCY_BOUNDS_MS) {
    seen += h[`lat:le:${bound}`] ?? 0;
    if (seen >= count * 0.95) return bound;
  }
  return `>${LATENCY_BOUNDS_MS.at(-1)}`;
}
