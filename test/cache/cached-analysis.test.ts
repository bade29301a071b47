import { describe, expect, it } from 'vitest';
import type { AnalysisResult, Analyzer } from '../../src/analysis/types.js';
import { cachedAnalysis } from '../../src/cache/cached-analysis.js';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { logger, TTLS } from './backends.js';

/** A stand-in analyzer whose answer depends on the exact text (as the real one's evidence does). */
function countingAnalyzer(version: string) {
  const calls: string[] = [];
  const analyzer: Analyzer = {
    knowledgeVersion: version,
    analyze(text) {
      calls.push(text);
      const lost = text.includes('走失');
      const result: AnalysisResult = {
        primary: lost ? 'M4' : null,
        offTopic: !lost,
        normalAgeing: false,
        safety: lost ? ['missing_person'] : [],
        m1: [],
        m2: null,
        m3: [],
        m4: [],
        knowledgeVersion: version,
      };
      return result;
    },
  };
  return { analyzer, calls };
}

describe('cached analysis', () => {
  const cache = () =>
    createMemoryCache({ prefix: 'careline', ttlSeconds: TTLS, logger, maxEntries: 100, maxBytes: 1e6 });

  it('analyses a repeated message once and keeps its red flag', async () => {
    const { analyzer, calls } = countingAnalyzer('kb-1');
    const analyze = cachedAnalysis(cache(), analyzer);
    const first = await analyze('爸爸走失了');
    const second = await analyze('爸爸走失了');
    expect(second).toEqual(first);
    expect(second.safety).toEqual(['missing_person']);
    expect(calls).toEqual(['爸爸走失了']);
  });

  it('never hands a surface variant the answer of another message', async () => {
    const { analyzer, calls } = countingAnalyzer('kb-1');
    const analyze = cachedAnalysis(cache(), analyzer);
    expect((await analyze('爸爸走 失了')).safety).toEqual([]);
    expect((await analyze('爸爸走失了')).safety).toEqual(['missing_person']);
    expect(calls).toEqual(['爸爸走 失了', '爸爸走失了']);
  });

  it('recomputes when the knowledge version changes', async () => {
    const shared = cache();
    const v1 = countingAnalyzer('kb-1');
    const v2 = countingAnalyzer('kb-2');
    await cachedAnalysis(shared, v1.analyzer)('爸爸走失了');
    expect((await cachedAnalysis(shared, v2.analyzer)('爸爸走失了')).knowledgeVersion).toBe('kb-2');
    expect(v2.calls).toHaveLength(1);
  });
});
