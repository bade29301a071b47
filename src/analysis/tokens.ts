const HAN = /\p{Script=Han}/u;
const WORD = /[a-z0-9]+(?:'[a-z]+)?/g;

/**
 * Retrieval tokens of a normalised text: Han characters as unigrams and bigrams (Chinese has no spaces, and
 * bigrams are the usual robust unit for short messages), Latin words as lower-case words.
 */
export function tokenize(norm: string): string[] {
  const out: string[] = [];
  let prev = '';
  for (const ch of norm) {
    if (HAN.test(ch)) {
      out.push(ch);
      if (prev) out.push(prev + ch);
      prev = ch;
    } else {
      prev = '';
    }
  }
  for (const m of norm.matchAll(WORD)) if (m[0].length > 1) out.push(m[0]);
  return out;
}
