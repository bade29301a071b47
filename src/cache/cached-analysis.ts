import type { AnalysisResult, Analyzer } from '../analysis/types.js';
import { exact } from './keys.js';
import type { Cache } from './types.js';

/**
 * The analysis through the cache. Keyed on the exact message and the analyzer's knowledge version, not the
 * canonical text: the result's evidence must be substrings of this very message, and the offline analyzer
 * reads some surface differences (a space inside a word, a question mark after a cue) as meaning, so
 * folding variants together could hand one message another's answer — even another's missing red flag.
 * The analyzer takes well under a millisecond; the cache here only saves repeats of the same message.
 */
export function cachedAnalysis(cache: Cache, analyzer: Analyzer): (text: string) => Promise<AnalysisResult> {
  return (text) =>
    cache.cached('analysis', [exact(text), exact(analyzer.knowledgeVersion)], () => analyzer.analyze(text));
}
