import type { Logger } from '../log/logger.js';
import type { CounterField, CounterTotals, StatsCounters } from './store.js';

const FIELDS: readonly CounterField[] = ['hits', 'misses', 'sets', 'errors'];

function emptyTotals(): Record<CounterField, number> {
  return { hits: 0, misses: 0, sets: 0, errors: 0 };
}

function addInto(target: CounterTotals, namespace: string, field: CounterField, by: number): void {
  const row = target[namespace] ?? emptyTotals();
  row[field] += by;
  target[namespace] = row;
}

/** Counters of this process only (the embedded default). */
export function createMemoryCounters(): StatsCounters {
  const totals: CounterTotals = {};
  return {
    shared: false,
    add: (namespace, field, by = 1) => addInto(totals, namespace, field, by),
    read: async () => ({ totals: structuredClone(totals), shared: false }),
    close: async () => {},
  };
}

export interface RedisHashOps {
  /** Adds the deltas to the shared hash (fields `<namespace>:<field>`) and refreshes its TTL. */
  increment(deltas: Record<string, number>, ttlMs: number): Promise<void>;
  readAll(): Promise<Record<string, string>>;
}

/**
 * Counters in one Redis hash shared by every instance. Increments are buffered for at most `flushMs` and sent
 * as one HINCRBY batch, so a lookup never pays an extra round trip; `read` flushes first, so the numbers are
 * exact. While Redis is unreachable the deltas stay buffered (and are sent when it is back) and `read`
 * reports this instance's own totals.
 */
export function createRedisCounters(
  ops: RedisHashOps,
  logger: Logger,
  { flushMs = 1000, ttlMs = 30 * 86_400_000 }: { flushMs?: number; ttlMs?: number } = {},
): StatsCounters {
  let pending: Record<string, number> = {};
  const local: CounterTotals = {};
  let flushing: Promise<void> | undefined;

  const flush = async (): Promise<void> => {
    if (flushing) await flushing.catch(() => {});
    const batch = pending;
    if (Object.keys(batch).length === 0) return;
    pending = {};
    flushing = ops
      .increment(batch, ttlMs)
      .catch((err: Error) => {
        for (const [field, by] of Object.entries(batch)) pending[field] = (pending[field] ?? 0) + by;
        logger.debug({ err: err.message }, 'cache stats flush failed; kept for later');
        throw err;
      })
      .finally(() => {
        flushing = undefined;
      });
    await flushing;
  };

  const timer = setInterval(() => void flush().catch(() => {}), flushMs);
  timer.unref();

  return {
    shared: true,
    add(namespace, field, by = 1) {
      addInto(local, namespace, field, by);
      const name = `${namespace}:${field}`;
      pending[name] = (pending[name] ?? 0) + by;
    },
    async read() {
      try {
        await flush();
        const raw = await ops.readAll();
        const totals: CounterTotals = {};
        for (const [name, value] of Object.entries(raw)) {
          const i = name.lastIndexOf(':');
          const field = name.slice(i + 1) as CounterField;
          if (!FIELDS.includes(field)) continue;
          addInto(totals, name.slice(0, i), field, Number(value));
        }
        return { totals, shared: true };
      } catch {
        return { totals: structuredClone(local), shared: false };
      }
    },
    async close() {
      clearInterval(timer);
      await flush().catch(() => {});
    },
  };
}
