/**
 * Pre-call token estimate, used only for trimming the context and reserving budget; billing always comes
 * from the response's usageMetadata. Traditional Chinese runs about 1.35 characters per token on Gemini's
 * tokenizer and Latin text about 4 (shared/reference/gemini.md §7).
 */
const WIDE = /[\p{Script=Han}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;

export const ZH_CHARS_PER_TOKEN = 1.35;
export const LATIN_CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  let wide = 0;
  let other = 0;
  for (const ch of text) {
    if (WIDE.test(ch)) wide += 1;
    else other += 1;
  }
  return Math.ceil(wide / ZH_CHARS_PER_TOKEN + other / LATIN_CHARS_PER_TOKEN);
}

/** The longest prefix of `text` (by whole characters) whose estimate fits `tokens`. */
export function truncateToTokens(text: string, tokens: number): string {
  if (estimateTokens(text) <= tokens) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (estimateTokens(chars.slice(0, mid).join('')) <= tokens) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('');
}
