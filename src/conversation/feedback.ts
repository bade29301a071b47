import { userKey } from '../cache/keys.js';
import type { Cache } from '../cache/types.js';
import type { FeedbackTarget } from '../flex/postback.js';
import type { Session } from './session.js';

/** One 「這不符合我的情況」 answer: which card, and whether it was part of the user's last answer. */
export interface FeedbackEntry {
  target: FeedbackTarget;
  module: 'M1' | 'M2' | 'M3' | 'M4' | 'normal';
  knowledgeVersion: string | null;
  inLastAnswer: boolean;
  at: number;
}

export const MAX_FEEDBACK_PER_USER = 50;

export function feedbackModule(target: FeedbackTarget): FeedbackEntry['module'] {
  if (target === 'normal') return 'normal';
  if (target.startsWith('M1-')) return 'M1';
  if (target.startsWith('M3-')) return 'M3';
  if (target.startsWith('M4-')) return 'M4';
  return 'M2';
}

function inSession(target: FeedbackTarget, s: Session | undefined): boolean {
  if (!s) return false;
  if (target === 'normal') return s.normalAgeing;
  return (
    (s.m1 as string[]).includes(target) ||
    (s.m3 as string[]).includes(target) ||
    (s.m4 as string[]).includes(target) ||
    s.m2 === target
  );
}

export interface FeedbackStore {
  /** Stores the answer (TTL) and returns it; `duplicate` when the user already said so for this card. */
  record(
    userHash: string,
    target: FeedbackTarget,
    session: Session | undefined,
    now: number,
  ): Promise<{ entry: FeedbackEntry; duplicate: boolean }>;
  list(userHash: string): Promise<FeedbackEntry[]>;
}

/**
 * Feedback in the cache's `feedback` namespace (TTL FEEDBACK_TTL_S), one per-user key (`userKey`) so
 * unfollow deletes it with `Cache.forgetUser`; the namespace's key count in /cache/stats counts the users
 * who gave feedback, the `careline_feedback_total` series counts the answers.
 */
export function createFeedbackStore(cache: Cache): FeedbackStore {
  const list = async (userHash: string) => (await cache.get<FeedbackEntry[]>('feedback', [userKey(userHash)])) ?? [];
  return {
    list,
    async record(userHash, target, session, now) {
      const entries = await list(userHash);
      const entry: FeedbackEntry = {
        target,
        module: feedbackModule(target),
        knowledgeVersion: session?.knowledgeVersion ?? null,
        inLastAnswer: inSession(target, session),
        at: now,
      };
      const duplicate = entries.some((e) => e.target === target && e.knowledgeVersion === entry.knowledgeVersion);
      if (!duplicate) {
        await cache.set('feedback', [userKey(userHash)], [...entries, entry].slice(-MAX_FEEDBACK_PER_USER));
      }
      return { entry, duplicate };
    },
  };
}
