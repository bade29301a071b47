import { describe, expect, it } from 'vitest';
import { anchorInText } from '../../src/text/anchor.js';

describe('anchorInText', () => {
  it('finds a fragment in another wording of the message and returns that wording', () => {
    expect(anchorInText('忘記關火', '妈妈最近常常忘记关火，锅子都烧焦了')).toBe('忘记关火');
    expect(anchorInText('三個多小時還沒回來', '出門三個多小時 還沒 回來😢')).toBe('三個多小時 還沒 回來');
    expect(anchorInText('ＡＢＣ１２', 'say abc12 now')).toBe('abc12');
  });

  it('returns the fragment itself when it is already there', () => {
    expect(anchorInText('吃過飯', '爸爸剛吃過飯')).toBe('吃過飯');
  });

  it('returns null when the text does not contain it', () => {
    expect(anchorInText('不吃飯', '爸爸忘記吃飯')).toBeNull();
    expect(anchorInText('！！', '爸爸忘記吃飯')).toBeNull();
  });
});
