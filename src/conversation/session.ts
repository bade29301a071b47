import type { AnalysisResult, M1Id, M3Id, M4Id, ModuleId, StageId } from '../analysis/types.js';
import { userKey } from '../cache/keys.js';
import type { Cache } from '../cache/types.js';

/**
 * What CareLine remembers between messages, for follow-ups (e.g. the stage scale marks the last
 * estimate). Only label ids: no message text, no evidence.
 */
export interface Session {
  v: 1;
  knowledgeVersion: string;
  primary: ModuleId | null;
  normalAgeing: boolean;
  m1: M1Id[];
  m2: StageId | null;
  m3: M3Id[];
  m4: M4Id[];
  /** Epoch milliseconds of the analysis. */
  at: number;
}

export function sessionFromAnalysis(a: AnalysisResult, now: number): Session {
  return {
    v: 1,
    knowledgeVersion: a.knowledgeVersion,
    primary: a.primary,
    normalAgeing: a.normalAgeing,
    m1: a.m1.map((l) => l.id),
    m2: a.m2?.id ?? null,
    m3: a.m3.map((l) => l.id),
    m4: a.m4.map((l) => l.id),
    at: now,
  };
}

export interface SessionStore {
  get(userHash: string): Promise<Session | undefined>;
  save(userHash: string, session: Session): Promise<void>;
}

/** Sessions in the cache's `session` namespace (TTL CACHE_TTL_SESSION_S), one per-user key each. */
export function createSessionStore(cache: Cache): SessionStore {
  return {
    async get(userHash) {
      const s = await cache.get<Session>('session', [userKey(userHash)]);
      return s?.v === 1 ? s : undefined;
    },
    save: (userHash, session) => cache.set('session', [userKey(userHash)], session),
  };
}
