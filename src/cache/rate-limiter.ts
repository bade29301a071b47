import { createHash } from 'node:crypto';
import type { Logger } from '../log/logger.js';
import type { RedisClient } from '../redis/connect.js';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  /** Requests left in the current window (0 when over). */
  remaining: number;
  /** Seconds until a request would be allowed again (0 when allowed). */
  retryAfterSeconds: number;
  /** True only for the request that went over the limit, so a LINE reply can say so once, not to every message. */
  firstRefusal: boolean;
}

export interface RateLimiter {
  readonly limitPerWindow: number;
  allow(id: string): Promise<RateDecision>;
}

/** What CareLine answers on LINE when a user sends more messages than RATE_LIMIT_USER_PER_MIN. */
export const USER_OVER_LIMIT_TEXT = '訊息有點多，請稍等一分鐘再傳，我們會接著幫您。';

/**
 * Sliding-window counter: INCR this window's counter (PEXPIRE on first use) and read the previous one, in one
 * script. Both keys share a hash tag, so this works on Redis Cluster too.
 */
const SLIDING_WINDOW = `
local current = redis.call('incr', KEYS[1])
if current == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end
local previous = tonumber(redis.call('get', KEYS[2]) or '0')
return {current, previous}`;

export interface RateLimiterOptions {
  /** Appears in keys and logs: 'api' or 'user'. */
  name: string;
  limitPerWindow: number;
  windowMs?: number;
  redis?: RedisClient;
  prefix: string;
  logger: Logger;
  /** Longest wait on Redis before deciding from this instance's own counts (ms). */
  opTimeoutMs?: number;
  now?: () => number;
}

/** Weighted count of the sliding window and the decision it gives. */
function decide(limit: number, current: number, previous: number, elapsed: number, windowMs: number): RateDecision {
  const weight = 1 - elapsed / windowMs;
  const estimate = previous * weight + current;
  if (estimate <= limit) {
    return {
      allowed: true,
      limit,
      remaining: Math.max(0, Math.floor(limit - estimate)),
      retryAfterSeconds: 0,
      firstRefusal: false,
    };
  }
  // Over: wait until the previous window's share has faded enough, or for the next window if this one alone is full.
  let waitMs = windowMs - elapsed;
  if (current <= limit && previous > 0) {
    const neededWeight = (limit - current) / previous;
    waitMs = Math.max(0, (1 - neededWeight) * windowMs - elapsed);
  }
  return {
    allowed: false,
    limit,
    remaining: 0,
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    firstRefusal: estimate - 1 <= limit,
  };
}

/** Counts of this process only: the fallback when Redis is not configured or not answering. */
function createLocalWindows() {
  const counts = new Map<string, number>();
  let lastPrunedWindow = -1;
  return (id: string, window: number): [number, number] => {
    if (window !== lastPrunedWindow) {
      for (const key of counts.keys()) if (Number(key.slice(0, key.indexOf(':'))) < window - 1) counts.delete(key);
      lastPrunedWindow = window;
    }
    const currentKey = `${window}:${id}`;
    const current = (counts.get(currentKey) ?? 0) + 1;
    counts.set(currentKey, current);
    return [current, counts.get(`${window - 1}:${id}`) ?? 0];
  };
}

/**
 * A per-id limit (client IP, hashed user id) over a sliding one-minute window. Redis-backed when a client is
 * given, so every instance shares the count; when Redis fails the decision comes from this instance's counts
 * (a warning is logged), so a dead Redis never blocks or opens everything. A limit of 0 turns it off.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { name, limitPerWindow: limit, redis, prefix, logger } = options;
  const windowMs = options.windowMs ?? 60_000;
  const opTimeoutMs = options.opTimeoutMs ?? 50;
  const now = options.now ?? Date.now;
  const local = createLocalWindows();
  let lastWarn = 0;

  async function redisCounts(idHash: string, window: number): Promise<[number, number]> {
    if (!redis) throw new Error('redis off');
    if (redis.status !== 'ready') throw new Error(`redis ${redis.status}`);
    const tag = `{rl:${name}:${idHash}}`;
    const call = redis.eval(
      SLIDING_WINDOW,
      2,
      `${prefix}:rl:${tag}:${window}`,
      `${prefix}:rl:${tag}:${window - 1}`,
      2 * windowMs,
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`redis did not answer within ${opTimeoutMs} ms`)), opTimeoutMs);
    });
    try {
      const [current, previous] = (await Promise.race([call, timeout])) as [number, number];
      return [Number(current), Number(previous)];
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    limitPerWindow: limit,
    async allow(id) {
      if (limit === 0) {
        return { allowed: true, limit, remaining: Number.POSITIVE_INFINITY, retryAfterSeconds: 0, firstRefusal: false };
      }
      const t = now();
      const window = Math.floor(t / windowMs);
      const idHash = createHash('sha256').update(id).digest('base64url').slice(0, 16);
      let counts: [number, number];
      if (redis) {
        try {
          counts = await redisCounts(idHash, window);
        } catch (err) {
          if (t - lastWarn > 10_000) {
            lastWarn = t;
            logger.warn({ limiter: name, err: (err as Error).message }, 'rate limit falls back to this instance');
          }
          counts = local(idHash, window);
        }
      } else {
        counts = local(idHash, window);
      }
      return decide(limit, counts[0], counts[1], t - window * windowMs, windowMs);
    },
  };
}
