import type { AnalysisResult, Analyzer } from '../analysis/types.js';
import { anchorInText } from '../text/anchor.js';
import { exact } from './keys.js';
import type { Cache } from './types.js';

/**
 * Re-anchors a cached analysis on this message: every evidence quote must be a substring of the message the
 * caregiver sent now. Returns null when a quote cannot be found (the cached answer came from a wording
 * whose evidence this one does not contain).
 */
function anchorOn(result: AnalysisResult, text: string): AnalysisResult | null {
  const anchor = <L extends { evidence: string[] }>(label: L): L | null => {
    const evidence: string[] = [];
    for (const quote of label.evidence) {
      const found = anchorInText(quote, text);
      if (found === null) return null;
      evidence.push(found);
    }
    return { ...label, evidence };
  };
  const m1 = result.m1.map(anchor);
  const m3 = result.m3.map(anchor);
  const m2 = result.m2 && anchor(result.m2);
  if (m1.includes(null) || m3.includes(null) || (result.m2 && !m2)) return null;
  return { ...result, m1: m1 as AnalysisResult['m1'], m3: m3 as AnalysisResult['m3'], m2 };
}

/**
 * The analysis through the cache, keyed on the canonical text (so the same question typed with other
 * spacing, width, punctuation, emoji or Simplified characters hits one entry) and the knowledge version.
 * The engine reads the same canonical folding, so variants get the same labels (test/analysis checks
 * this); evidence is then re-anchored on the message at hand, and if a quote cannot be found the message
 * is analysed afresh.
 */
export function cachedAnalysis(cache: Cache, analyzer: Analyzer): (text: string) => Promise<AnalysisResult> {
  return async (text) => {
    const result = await cache.cached('analysis', [text, exact(analyzer.knowledgeVersion)], () =>
      analyzer.analyze(text),
    );
    return anchorOn(result, text) ?? analyzer.analyze(text);
  };
}
