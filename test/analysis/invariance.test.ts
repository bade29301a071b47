import { Converter } from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/analysis/analyzer.js';
import type { AnalysisResult } from '../../src/analysis/types.js';
import { canonicalKeyText } from '../../src/text/normalise.js';
import { devTexts, readFixture } from './helpers.js';

const analyzer = createAnalyzer();
const toSimplified = Converter({ from: 'tw', to: 'cn' });

const dev = devTexts();
const fixtures = ['own-messages.jsonl', 'holdout-messages.jsonl', 'blind-messages.jsonl', 'blind12-messages.jsonl'];
const texts = [...dev, ...fixtures.flatMap((f) => readFixture(f).map((m) => m.text))];

/** Everything a caregiver would call "the same answer": module, flags and label ids in order, stage. */
const labels = (r: AnalysisResult) => ({
  primary: r.primary,
  offTopic: r.offTopic,
  normalAgeing: r.normalAgeing,
  safety: r.safety,
  m1: r.m1.map((l) => l.id),
  m2: r.m2?.id ?? null,
  m3: r.m3.map((l) => l.id),
  m4: r.m4.map((l) => l.id),
});

const HAN = /\p{Script=Han}/u;
const toFullWidth = (t: string) =>
  t.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
/** A space after every third Han character, and wide spaces around every punctuation mark. */
const spaced = (t: string) => {
  let n = 0;
  return [...t].map((c) => (HAN.test(c) ? (++n % 3 === 0 ? `${c} ` : c) : /\p{P}/u.test(c) ? `  ${c}  ` : c)).join('');
};
const punctuated = (t: string) => `${t.replace(/([，。！？,.!?])/g, '$1$1$1')}！！！`;
const withEmoji = (t: string) => `😭 ${t.replace(/，/, '，🙏')} 👍🏻`;

const VARIANTS: Record<string, (t: string) => string> = {
  spaced,
  fullWidth: toFullWidth,
  punctuated,
  withEmoji,
  trailingDots: (t) => `${t}……`,
  newlines: (t) => `${t.replace(/([。！？])/g, '$1\n\n')}\n`,
  all: (t) => withEmoji(punctuated(spaced(toFullWidth(t)))),
};

describe('analyze: invariance to typing variants', () => {
  it('has the dev set and the labelled fixtures to vary, and every variant changes the typing', () => {
    expect(texts.length).toBeGreaterThan(100);
    for (const vary of [spaced, punctuated, withEmoji]) expect(texts.every((t) => vary(t) !== t)).toBe(true);
  });

  for (const [name, vary] of Object.entries(VARIANTS)) {
    it(`gives the same labels to every message typed ${name}`, () => {
      const differing: string[] = [];
      for (const text of texts) {
        const variant = vary(text);
        if (JSON.stringify(labels(analyzer.analyze(variant))) !== JSON.stringify(labels(analyzer.analyze(text)))) {
          differing.push(variant);
        }
      }
      expect(differing).toEqual([]);
    });
  }

  it('gives the same labels to every message whose Simplified form has the same cache key', () => {
    const differing: string[] = [];
    for (const text of texts) {
      const variant = toSimplified(text);
      if (canonicalKeyText(variant) !== canonicalKeyText(text)) continue;
      if (JSON.stringify(labels(analyzer.analyze(variant))) !== JSON.stringify(labels(analyzer.analyze(text)))) {
        differing.push(variant);
      }
    }
    expect(differing).toEqual([]);
  });

  it('gives the Simplified form of a message the same labels, whatever the cache key', () => {
    const same = texts.filter(
      (t) => JSON.stringify(labels(analyzer.analyze(toSimplified(t)))) === JSON.stringify(labels(analyzer.analyze(t))),
    );
    expect(same.length / texts.length).toBeGreaterThanOrEqual(0.98);
  });

  it('keeps a red flag when a space splits the words that carry it', () => {
    const text = '阿嬤早上出門散步，到現在都還沒回來，手機也沒接';
    expect(analyzer.analyze(text).safety).toContain('missing_person');
    expect(analyzer.analyze(text.replace('還沒回來', '還沒 回來')).safety).toContain('missing_person');
    expect(analyzer.analyze(text.replace('還沒回來', '還 沒 回 來')).safety).toContain('missing_person');
  });

  it('keys the cache exactly on what the engine reads: one key, one answer', () => {
    for (const text of texts.slice(0, 60)) {
      for (const vary of Object.values(VARIANTS)) {
        expect(canonicalKeyText(vary(text))).toBe(canonicalKeyText(text));
      }
    }
  });
});
