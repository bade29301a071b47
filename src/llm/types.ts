import type { AnalysisResult } from '../analysis/types.js';

/** A caregiver-friendly answer from Gemini, grounded in the knowledge items it was given. */
export interface Enrichment {
  /** At most 120 characters, Traditional Chinese. */
  summary: string;
  /** Two to four concrete next steps. */
  nextSteps: string[];
  followUpQuestion?: string;
  /** Taxonomy ids the answer relied on; all were in the given context. */
  usedIds: string[];
  model: string;
}

export interface EnrichInput {
  text: string;
  analysis: AnalysisResult;
  /** Hashed user id, for per-user budgets. Never the raw LINE id. */
  userHash: string;
  signal?: AbortSignal;
}

/** Optional LLM step after the offline analysis. Never throws: any failure resolves to null. */
export interface Enricher {
  enrich(input: EnrichInput): Promise<Enrichment | null>;
}
