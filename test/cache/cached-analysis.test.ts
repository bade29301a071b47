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

  it('answers surface variants from one entry, with evidence quoted from the message at hand', async () => {
    const calls: string[] = [];
    const analyzer: Analyzer = {
      knowledgeVersion: 'kb-1',
      analyze(text) {
        calls.push(text);
        const quote = ['忘記吃飯', '忘记吃饭'].find((q) => text.includes(q));
        return {
          primary: 'M1',
          offTopic: false,
          normalAgeing: false,
          safety: [],
          m1: quote ? [{ id: 'M1-01', score: 0.5, evidence: [quote] }] : [],
          m2: null,
          m3: [],
          m4: [],
          knowledgeVersion: 'kb-1',
        };
      },
    };
    const analyze = cachedAnalysis(cache(), analyzer);
    expect((await analyze('爸爸常忘記吃飯')).m1[0]?.evidence).toEqual(['忘記吃飯']);
    expect((await analyze('爸爸常忘记吃饭！！😢')).m1[0]?.evidence).toEqual(['忘记吃饭']);
    expect(calls).toEqual(['爸爸常忘記吃飯']);
  });

  it('analyses afresh when a cached quote is not in the message at hand', async () => {
    const calls: string[] = [];
    const analyzer: Analyzer = {
      knowledgeVersion: 'kb-1',
      analyze(text) {
        calls.push(text);
        return {
          primary: 'M1',
          offTopic: false,
          normalAgeing: false,
          safety: [],
          m1: [{ id: 'M1-01', score: 0.5, evidence: [text.slice(1, 6)] }],
          m2: null,
          m3: [],
          m4: [],
          knowledgeVersion: 'kb-1',
        };
      },
    };
    const analyze = cachedAnalysis(cache(), analyzer);
    // Both read 他乾脆不吃飯 once canonical, but 干 folds to 幹 on its own, so the quote cannot be re-anchored.
    await analyze('他乾脆不吃飯');
    const variant = await analyze('他干脆不吃饭');
    expect(calls).toEqual(['他乾脆不吃飯', '他干脆不吃饭']);
    expect(variant.m1[0]?.evidence).toEqual(['干脆不吃饭']);
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
