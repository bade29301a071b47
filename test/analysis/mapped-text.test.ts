import { describe, expect, it } from 'vitest';
import { mapText, originalSpan } from '../../src/analysis/mapped-text.js';

describe('mapText', () => {
  it('folds full-width, Simplified, case, emoji and spaces for matching', () => {
    const t = mapText('妈妈  忘记ＣＤＲ　２😭😭 了');
    expect(t.norm).toBe('媽媽忘記cdr 2了');
  });

  it('drops spaces next to Han characters, repeated and edge punctuation, as the cache key does', () => {
    expect(mapText('！！阿嬤 還沒 回來！！！？？阿公 呢。。').norm).toBe('阿嬤還沒回來!?阿公呢');
    expect(mapText('「阿公」 ， 一直 問').norm).toBe('阿公」,一直問');
    expect(mapText('my dad  keeps   asking').norm).toBe('my dad keeps asking');
  });

  it('maps every normalised span back to an exact substring of the original', () => {
    const original = '我妈😭最近  ＣＤＲ２，忘记关火🔥了';
    const t = mapText(original);
    const at = t.norm.indexOf('忘記關火');
    expect(at).toBeGreaterThan(0);
    const span = originalSpan(t, at, at + 4);
    expect(span).toBe('忘记关火');
    expect(original.includes(originalSpan(t, t.norm.indexOf('cdr'), t.norm.indexOf('cdr') + 4))).toBe(true);
    expect(originalSpan(t, t.norm.indexOf('cdr'), t.norm.indexOf('cdr') + 4)).toBe('ＣＤＲ２');
  });

  it('keeps astral characters intact', () => {
    const t = mapText('𠮷野家😀阿嬤');
    expect(t.norm).toBe('𠮷野家阿嬤');
    expect(originalSpan(t, 0, 2)).toBe('𠮷');
  });

  it('gives an empty text for emoji and whitespace only', () => {
    expect(mapText(' 😭🙏 \n ').norm).toBe('');
  });
});
