import { z } from 'zod';
import { type PriceTable, priceTableSchema } from './gemini-prices.js';

/**
 * Every environment variable CareLine reads, with defaults and the hint shown when a value is wrong.
 * README.md and .env.example document the same list; test/config keeps them in sync.
 */
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().min(0);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const httpUrl = z
  .string()
  .url()
  .refine((v) => /^https?:\/\//.test(v), 'must start with http:// or https://');
const optionalUrl = optionalString.pipe(httpUrl.optional());
const priceJson = optionalString.transform((v, ctx): PriceTable | undefined => {
  if (v === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
    return z.NEVER;
  }
  const parsed = priceTableSchema.safeParse(raw);
  if (!parsed.success) {
    ctx.addIssue({
      code: 'custom',
      message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    });
    return z.NEVER;
  }
  return parsed.data;
});

export const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_BASE_URL: optionalUrl,

  LINE_CHANNEL_SECRET: optionalString,
  LINE_CHANNEL_SECRET_PREVIOUS: optionalString,
  LINE_CHANNEL_ACCESS_TOKEN: optionalString,
  LINE_API_BASE_URL: optionalUrl,
  LINE_TIMEOUT_MS: positiveInt.default(5000),
  GROUP_TRIGGER_KEYWORD: z.string().min(1).default('小幫手'),
  USER_ID_SALT: optionalString,

  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
  ),
  REDIS_CLUSTER_NODES: optionalString.pipe(
    z
      .string()
      .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'must be a comma-separated list of host:port')
      .optional(),
  ),
  REDIS_REQUIRED: bool.default(false),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/i, 'letters, digits, _ and - only')
    .default('careline'),

  CACHE_TTL_ANALYSIS_S: positiveInt.default(1800),
  CACHE_TTL_FLEX_S: positiveInt.default(3600),
  CACHE_TTL_SESSION_S: positiveInt.default(7200),
  CACHE_TTL_LLM_S: positiveInt.default(1800),
  DEDUPE_TTL_S: positiveInt.default(86_400),
  FEEDBACK_TTL_S: positiveInt.default(30 * 86_400),
  CACHE_OP_TIMEOUT_MS: positiveInt.default(50),
  MEMORY_CACHE_MAX_ENTRIES: positiveInt.default(5000),
  MEMORY_CACHE_MAX_BYTES: positiveInt.default(64 * 1024 * 1024),
  RATE_LIMIT_API_PER_MIN: nonNegativeInt.default(60),
  RATE_LIMIT_USER_PER_MIN: nonNegativeInt.default(20),

  GEMINI_API_KEY: optionalString,
  GEMINI_MODEL: z.string().min(1).default('gemini-2.5-flash-lite'),
  GEMINI_BASE_URL: optionalUrl,
  GEMINI_TIMEOUT_MS: positiveInt.default(6000),
  GEMINI_PRICES_JSON: priceJson,
  LLM_THINKING_BUDGET: z.coerce.number().int().min(-1).default(0),
  LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0.2),
  LLM_MAX_ATTEMPTS: positiveInt.max(5).default(3),
  LLM_CIRCUIT_FAILURES: positiveInt.default(5),
  LLM_CIRCUIT_OPEN_MS: positiveInt.default(30_000),
  LLM_DAILY_BUDGET_USD: z.coerce.number().min(0).default(1),
  LLM_USER_DAILY_CALLS: nonNegativeInt.default(30),
  LLM_TOP_K: positiveInt.default(4),
  LLM_CONTEXT_TOKEN_BUDGET: positiveInt.default(1200),
  LLM_MAX_OUTPUT_TOKENS: positiveInt.default(512),

  ADMIN_TOKEN: optionalString,
  METRICS_TOKEN: optionalString,
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
});

export type Env = z.infer<typeof envSchema>;

/** How to fix each variable, shown next to its validation error. */
export const envHints: Record<keyof Env, string> = {
  PORT: 'a TCP port number such as 3000 (0 picks a free port)',
  HOST: 'the interface to listen on: 127.0.0.1 for local only, 0.0.0.0 in a container',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  PUBLIC_BASE_URL: 'the public https:// address LINE reaches, e.g. https://careline.example.org',
  LINE_CHANNEL_SECRET: 'LINE Developers Console → your channel → Basic settings → Channel secret',
  LINE_CHANNEL_SECRET_PREVIOUS: 'the old channel secret, only while rotating secrets',
  LINE_CHANNEL_ACCESS_TOKEN: 'LINE Developers Console → Messaging API → Channel access token (long-lived)',
  LINE_API_BASE_URL: 'leave empty for https://api.line.me; tests point it at a fake server',
  LINE_TIMEOUT_MS: 'timeout of each LINE API call in milliseconds, e.g. 5000',
  GROUP_TRIGGER_KEYWORD: 'the word that makes CareLine answer in a group chat, e.g. 小幫手',
  USER_ID_SALT: 'a long random secret used to hash LINE user ids in logs and keys (openssl rand -hex 32)',
  REDIS_URL: 'redis://host:6379/0 (rediss:// for TLS); leave empty for the in-memory default',
  REDIS_CLUSTER_NODES: 'host:port,host:port of Redis Cluster seed nodes; leave empty for a single node',
  REDIS_REQUIRED: 'true makes /ready answer 503 while Redis is down',
  REDIS_KEY_PREFIX: 'the first part of every Redis key, e.g. careline',
  CACHE_TTL_ANALYSIS_S: 'seconds an analysis stays cached (default 1800)',
  CACHE_TTL_FLEX_S: 'seconds a built Flex reply stays cached (default 3600)',
  CACHE_TTL_SESSION_S: 'seconds a conversation session lives (default 7200)',
  CACHE_TTL_LLM_S: 'seconds a Gemini answer stays cached (default 1800)',
  DEDUPE_TTL_S: 'seconds a webhookEventId is remembered to drop duplicates (default 86400)',
  FEEDBACK_TTL_S: 'seconds feedback answers are kept (default 30 days)',
  CACHE_OP_TIMEOUT_MS: 'longest a request waits on Redis per cache operation before treating it as a miss (default 50)',
  MEMORY_CACHE_MAX_ENTRIES: 'entries the in-memory cache holds at most',
  MEMORY_CACHE_MAX_BYTES: 'bytes the in-memory cache holds at most',
  RATE_LIMIT_API_PER_MIN: 'requests per minute per client IP on /api/* (0 turns the limit off)',
  RATE_LIMIT_USER_PER_MIN: 'LINE messages per minute per user (0 turns the limit off)',
  GEMINI_API_KEY: 'a Gemini API key from Google AI Studio (AISTUDIO_API_KEY is accepted too); empty = offline answers',
  GEMINI_MODEL: 'a current Gemini model id, e.g. gemini-2.5-flash-lite',
  GEMINI_BASE_URL: 'leave empty for Google; tests point it at a fake server',
  GEMINI_TIMEOUT_MS: 'timeout of one Gemini call in milliseconds (default 6000)',
  GEMINI_PRICES_JSON:
    'JSON price table {"model":{"input":0.1,"output":0.4,"cachedInput":0.01,"effectiveDate":"2026-09-20"}} in USD per 1M tokens, merged over the defaults',
  LLM_THINKING_BUDGET: 'thinkingBudget of a Gemini call: 0 = thinking off (default), -1 = dynamic',
  LLM_TEMPERATURE: 'sampling temperature of a Gemini call (default 0.2)',
  LLM_MAX_ATTEMPTS: 'attempts per Gemini answer on 429/5xx, including the first (default 3, at most 5)',
  LLM_CIRCUIT_FAILURES: 'consecutive Gemini failures that open the circuit breaker (default 5)',
  LLM_CIRCUIT_OPEN_MS: 'milliseconds the circuit stays open before one probe call (default 30000)',
  LLM_DAILY_BUDGET_USD: 'the most CareLine may spend on Gemini per day (Asia/Taipei), e.g. 1.5',
  LLM_USER_DAILY_CALLS: 'Gemini calls per user per day (0 = none)',
  LLM_TOP_K: 'how many knowledge items go into a Gemini prompt',
  LLM_CONTEXT_TOKEN_BUDGET: 'tokens the knowledge context may use in a prompt',
  LLM_MAX_OUTPUT_TOKENS: 'maxOutputTokens of a Gemini call',
  ADMIN_TOKEN: 'a long random bearer token for admin endpoints (openssl rand -hex 32)',
  METRICS_TOKEN: 'bearer token required by GET /metrics; empty = open',
  SHUTDOWN_TIMEOUT_MS: 'how long SIGTERM waits for events in flight, in milliseconds',
};
