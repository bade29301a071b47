import type { AnalysisResult } from '../analysis/types.js';

/**
 * Whether a message should wait for Gemini at all. Red-flag messages are answered at once from the
 * deterministic safety card; off-topic messages have nothing to ground on. `enrich()` applies the same rule
 * (resolving null at once, at no cost), so calling it anyway is safe.
 */
export function shouldEnrich(analysis: AnalysisResult): boolean {
  return analysis.safety.length === 0 && !analysis.offTopic;
}
