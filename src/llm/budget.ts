import type { RedisClient } from '../redis/connect.js';
import { DAY_KEY_TTL_S, taipeiDay } from './day.js';

export type BudgetRefusal = 'budget_daily' | 'budget_user' | 'budget_unavailable';

export interface Reservation {
  day: string;
  microUsd: number;
}

export type ReserveResult =
  | { ok: true; reservation: Reservation; spentMicroUsd: number; crossedWarning: boolean }
  | { ok: false; reason: BudgetRefusal };

/**
 * Today's Gemini spending (Asia/Taipei day) and per-user call counts. A call first reserves its estimated
 * cost (and one user call); after the response the reservation is settled to the real cost. A call that
 * timed out keeps its reservation, since Google may still bill it.
 */
export interface BudgetLedger {
  readonly capMicroUsd: number;
  readonly userDailyCalls: number;
  reserve(userHash: string, estimateMicroUsd: number): Promise<ReserveResult>;
  settle(reservation: Reservation, actualMicroUsd: number): Promise<void>;
  /** Spent plus reserved today, in micro-USD. */
  spentToday(): Promise<number>;
}

export interface BudgetOptions {
  dailyBudgetUsd: number;
  userDailyCalls: number;
  now?: () => Date;
}

/** The share of the daily cap at which a warning is logged and counted. */
export const WARNING_SHARE = 0.8;

const crossed = (before: number, after: number, cap: number) =>
  cap > 0 && before < cap * WARNING_SHARE && after >= cap * WARNING_SHARE;

export function createMemoryBudget(options: BudgetOptions): BudgetLedger {
  const capMicroUsd = Math.round(options.dailyBudgetUsd * 1e6);
  const now = options.now ?? (() => new Date());
  let day = '';
  let spent = 0;
  let calls = new Map<string, number>();
  const roll = () => {
    const today = taipeiDay(now());
    if (today !== day) {
      day = today;
      spent = 0;
      calls = new Map();
    }
    return today;
  };
  return {
    capMicroUsd,
    userDailyCalls: options.userDailyCalls,
    async reserve(userHash, estimate) {
      const today = roll();
      const used = calls.get(userHash) ?? 0;
      if (used >= options.userDailyCalls) return { ok: false, reason: 'budget_user' };
      if (spent + estimate > capMicroUsd) return { ok: false, reason: 'budget_daily' };
      calls.set(userHash, used + 1);
      const before = spent;
      spent += estimate;
      return {
        ok: true,
        reservation: { day: today, microUsd: estimate },
        spentMicroUsd: spent,
        crossedWarning: crossed(before, spent, capMicroUsd),
      };
    },
    async settle(reservation, actual) {
      if (roll() === reservation.day) spent = Math.max(0, spent + actual - reservation.microUsd);
    },
    async spentToday() {
      roll();
      return spent;
    },
  };
}

// KEYS[1] user calls; ARGV cap, ttl → 1 when a call was counted.
const RESERVE_USER = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1`;

// KEYS[1] spend; ARGV estimate, cap, ttl → {ok, before, after}.
const RESERVE_SPEND = `
local before = tonumber(redis.call('GET', KEYS[1]) or '0')
local est = tonumber(ARGV[1])
if before + est > tonumber(ARGV[2]) then return {0, before, before} end
local after = redis.call('INCRBY', KEYS[1], est)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {1, before, after}`;

// KEYS[1] spend; ARGV delta, ttl: applies the settlement, never below zero.
const SETTLE = `
local after = redis.call('INCRBY', KEYS[1], ARGV[1])
if after < 0 then redis.call('SET', KEYS[1], 0) after = 0 end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return after`;

/**
 * The shared ledger: each step is one Lua script, so instances never overspend together. The user key
 * carries a `{u:<hash>}` hash tag and the spend key its own tag, so each script stays in one cluster slot;
 * a user call refused by the global cap is given back. Redis errors refuse the call (fail closed).
 */
export function createRedisBudget(redis: RedisClient, prefix: string, options: BudgetOptions): BudgetLedger {
  const capMicroUsd = Math.round(options.dailyBudgetUsd * 1e6);
  const now = options.now ?? (() => new Date());
  const spendKey = (day: string) => `${prefix}:{llm-budget}:spend:${day}`;
  const userKey = (userHash: string, day: string) => `${prefix}:{u:${userHash}}:llm:calls:${day}`;
  return {
    capMicroUsd,
    userDailyCalls: options.userDailyCalls,
    async reserve(userHash, estimate) {
      const day = taipeiDay(now());
      try {
        const counted = await redis.eval(
          RESERVE_USER,
          1,
          userKey(userHash, day),
          options.userDailyCalls,
          DAY_KEY_TTL_S,
        );
        if (Number(counted) !== 1) return { ok: false, reason: 'budget_user' };
        const [ok, before, after] = (await redis.eval(
          RESERVE_SPEND,
          1,
          spendKey(day),
          estimate,
          capMicroUsd,
          DAY_KEY_TTL_S,
        )) as [number, number, number];
        if (ok !== 1) {
          await redis.decr(userKey(userHash, day));
          return { ok: false, reason: 'budget_daily' };
        }
        return {
          ok: true,
          reservation: { day, microUsd: estimate },
          spentMicroUsd: after,
          crossedWarning: crossed(before, after, capMicroUsd),
        };
      } catch {
        return { ok: false, reason: 'budget_unavailable' };
      }
    },
    async settle(reservation, actual) {
      const delta = actual - reservation.microUsd;
      if (delta === 0) return;
      await redis.eval(SETTLE, 1, spendKey(reservation.day), delta, DAY_KEY_TTL_S).catch(() => undefined);
    },
    async spentToday() {
      return Number((await redis.get(spendKey(taipeiDay(now())))) ?? 0);
    },
  };
}
