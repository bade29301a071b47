import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/analysis/analyzer.js';
import { clauseQuote, EVIDENCE_MAX } from '../../src/analysis/mapped-text.js';
import type { AnalysisResult } from '../../src/analysis/types.js';
import { devTexts, readFixture } from './helpers.js';

const analyzer = createAnalyzer();
const dev = devTexts();
const texts = [
  ...dev,
  ...['own-messages.jsonl', 'holdout-messages.jsonl'].flatMap((f) => readFixture(f).map((m) => m.text)),
];
const quotesOf = (r: AnalysisResult) => [...r.m1, ...r.m3, ...(r.m2 ? [r.m2] : [])].map((l) => l.evidence);

describe('evidence quotes', () => {
  it('quotes the clause around a cue, not a fragment of it', () => {
    const text = '我媽剛吃完飯又問我什麼時候吃飯，東西放哪裡都找不到，這樣是失智嗎？';
    const r = analyzer.analyze(text);
    const all = quotesOf(r).flat();
    expect(all).toContain('我媽剛吃完飯又問我什麼時候吃飯');
    expect(all).toContain('東西放哪裡都找不到');
    for (const fragment of ['剛吃', '又問', '什麼', '找不到']) expect(all).not.toContain(fragment);
  });

  it('trims a long clause around the match and keeps Western words whole', () => {
    const long = '我爸爸這半年來只要一出門到了傍晚就在市場附近繞來繞去找不到回家的路還說不認得';
    const q = clauseQuote(long, long.indexOf('找不到'), long.indexOf('找不到') + 3);
    expect(q.length).toBeLessThanOrEqual(EVIDENCE_MAX);
    expect(q).toContain('找不到');
    expect(long).toContain(q);
    const en =
      'Honestly my dad keeps asking the same question over and over again every single morning. Is it dementia?';
    const at = en.indexOf('asking');
    const quote = clauseQuote(en, at, at + 'asking the same question'.length);
    expect(quote).toMatch(/^\w.*\w$/);
    expect(en).toContain(` ${quote} `);
    expect(quote).not.toContain('Is it');
  });

  it('gives every label at most three distinct clause quotes, each an exact part of the message', () => {
    expect(texts.length).toBeGreaterThan(100);
    let quotes = 0;
    for (const text of texts) {
      for (const evidence of quotesOf(analyzer.analyze(text))) {
        expect(evidence.length).toBeLessThanOrEqual(3);
        expect(new Set(evidence).size).toBe(evidence.length);
        for (const e of evidence) {
          quotes++;
          expect(text).toContain(e);
          expect(e).toBe(e.trim());
          expect(e.length).toBeLessThanOrEqual(EVIDENCE_MAX * 2);
          expect(e).not.toMatch(/[，。！？；\n]/u);
          // Two-character fragments only when the clause itself is that short.
          if (e.length <= 2) {
            const at = text.indexOf(e);
            expect(`${text[at - 1] ?? ''}${text[at + e.length] ?? ''}`).not.toMatch(/\p{Script=Han}/u);
          }
        }
      }
    }
    expect(quotes).toBeGreaterThan(100);
  });
});
