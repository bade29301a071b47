import type { AnalysisResult } from './types.js';

/** A result with no label: nothing to answer (`offTopic` false) or not about caring for someone (true). */
export function emptyAnalysis(knowledgeVersion: string, offTopic = false): AnalysisResult {
  return {
    primary: null,
    offTopic,
    normalAgeing: false,
    safety: [],
    m1: [],
    m2: null,
    m3: [],
    m4: [],
    knowledgeVersion,
  };
}
