import { Converter } from 'opencc-js';

/** Simplified → Traditional (Taiwan usage), e.g. 忘记 → 忘記, 里面 → 裡面. */
export const toTraditional: (text: string) => string = Converter({ from: 'cn', to: 'tw' });

// biome-ignore lint/suspicious/noMisleadingCharacterClass: every code point (skin tones, ZWJ, VS16 included) is removed on its own.
const EMOJI = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u{1F1E6}-\u{1F1FF}\u200d\ufe0f\u20e3]/gu;
const CJK = '\\p{Script=Han}\\p{Script=Bopomofo}';
/** Spaces next to a Han character or punctuation carry no meaning in Chinese text (爸爸 ，今天 → 爸爸，今天). */
const SPACE_NEXT_TO_CJK = new RegExp(`(?<=[${CJK}\\p{P}])\\s+|\\s+(?=[${CJK}\\p{P}])`, 'gu');
const EDGE_PUNCTUATION = /^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu;
const REPEATED_PUNCTUATION = /([\p{P}\p{S}])\1+/gu;

/**
 * The text as the engine reads it: NFKC (full-width digits and letters become half-width), Simplified
 * turned Traditional, whitespace collapsed. Emoji stay; use `stripEmoji` where matching needs it.
 */
export function normaliseText(text: string): string {
  return toTraditional(text.normalize('NFKC')).replace(/\s+/g, ' ').trim();
}

export function stripEmoji(text: string): string {
  return text.replace(EMOJI, '');
}

/**
 * The canonical form used in cache keys: the same question typed with extra spaces, full-width characters,
 * emoji, trailing or repeated punctuation, different letter case or Simplified characters gives the same
 * string; any difference in words (爸爸忘記吃飯 vs 爸爸不吃飯) stays.
 */
export function canonicalKeyText(text: string): string {
  return stripEmoji(normaliseText(text))
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(SPACE_NEXT_TO_CJK, '')
    .replace(REPEATED_PUNCTUATION, '$1')
    .replace(EDGE_PUNCTUATION, '');
}
