import type { Logger } from '../log/logger.js';
import type { RedisClient } from '../redis/connect.js';

/** Answers each webhookEventId once: redelivered or duplicated events are dropped. */
export interface EventDeduper {
  /** True the first time an id is seen (within the TTL), false for a duplicate. */
  firstSeen(webhookEventId: string): Promise<boolean>;
}

export interface DeduperOptions {
  redis?: RedisClient;
  /** Keys are `<keyPrefix>:dedupe:<webhookEventId>`. */
  keyPrefix: string;
  ttlSeconds: number;
  logger: Logger;
  /** Bound on ids remembered in memory. */
  maxMemoryEntries?: number;
}

/**
 * Atomic `SET key 1 NX EX ttl` in Redis when configured, so several instances agree; an in-memory map with
 * the same TTL otherwise, and as the fallback (with a warning) while Redis fails.
 */
export function createDeduper(opts: DeduperOptions): EventDeduper {
  const seen = new Map<string, number>();
  const max = opts.maxMemoryEntries ?? 100_000;
  const ttlMs = opts.ttlSeconds * 1000;

  const rememberLocally = (id: string): boolean => {
    const now = Date.now();
    const expires = seen.get(id);
    if (expires !== undefined && expires > now) return false;
    seen.delete(id);
    seen.set(id, now + ttlMs);
    // Map keeps insertion order, so the oldest entries come first.
    for (const [key, exp] of seen) {
      if (seen.size <= max && exp > now) break;
      seen.delete(key);
    }
    return true;
  };

  return {
    async firstSeen(id) {
      const local = rememberLocally(id);
      if (!opts.redis) return local;
      try {
        const set = await opts.redis.set(`${opts.keyPrefix}:dedupe:${id}`, '1', 'EX', opts.ttlSeconds, 'NX');
        return set === 'OK';
      } catch (err) {
        opts.logger.warn(
          { webhookEventId: id, err: (err as Error).message },
          'redis unavailable for dedupe: using this instance memory only',
        );
        return local;
      }
    },
  };
}
