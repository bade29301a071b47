import { describe, expect, it } from 'vitest';
import { canonicalKeyText, normaliseText } from '../../src/text/normalise.js';

describe('normaliseText', () => {
  it('turns Simplified into Traditional and full-width digits into ASCII', () => {
    expect(normaliseText('妈妈忘记吃饭 ３ 次')).toBe('媽媽忘記吃飯 3 次');
  });
});

describe('canonicalKeyText', () => {
  it('folds surface variations of one question together', () => {
    const base = canonicalKeyText('爸爸最近常忘記剛吃過飯');
    for (const variant of [
      '爸爸 最近常忘記剛吃過飯',
      ' 爸爸最近常忘記剛吃過飯！！',
      '爸爸最近常忘记刚吃过饭',
      '爸爸最近常忘記剛吃過飯😢',
      '爸爸最近常忘記剛吃過飯。',
    ]) {
      expect(canonicalKeyText(variant)).toBe(base);
    }
    for (const spaced of ['爸爸 ，最近常忘記', '爸爸， 最近常忘記', '爸爸 , 最近常忘記', '爸爸，\u3000最近常忘記']) {
      expect(canonicalKeyText(spaced)).toBe(canonicalKeyText('爸爸，最近常忘記'));
    }
    expect(canonicalKeyText('cdr 2')).not.toBe(canonicalKeyText('cdr2'));
  });

  it('keeps different meanings apart', () => {
    expect(canonicalKeyText('爸爸忘記吃飯')).not.toBe(canonicalKeyText('爸爸不吃飯'));
    expect(canonicalKeyText('媽媽有迷路')).not.toBe(canonicalKeyText('媽媽沒有迷路'));
  });
});
