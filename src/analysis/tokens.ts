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

export interface SpanToken {
  token: string;
  from: number;
  to: number;
}

/** `tokenize` with each token's position in the normalised text. */
export function tokenizeWithSpans(norm: string): SpanToken[] {
  const out: SpanToken[] = [];
  let prev = -1;
  for (let i = 0; i < norm.length; i++) {
    const ch = norm[i]!;
    if (HAN.test(ch)) {
      out.push({ token: ch, from: i, to: i + 1 });
      if (prev === i - 1 && prev >= 0) out.push({ token: norm.slice(prev, i + 1), from: prev, to: i + 1 });
      prev = i;
    } else {
      prev = -1;
    }
  }
  for (const m of norm.matchAll(WORD)) {
    if (m[0].length > 1) out.push({ token: m[0], from: m.index, to: m.index + m[0].length });
  }
  return out;
}
