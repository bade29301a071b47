import { toTraditional } from '../text/normalise.js';

/**
 * The message as the matcher reads it, with a map back to the original: `norm[i]` came from
 * `original.slice(start[i], end[i])`. Lower-cased, NFKC (full-width → half-width), Simplified → Traditional,
 * emoji removed, spacing and punctuation folded as in `mapText`.
 */
export interface MappedText {
  original: string;
  norm: string;
  start: Int32Array;
  end: Int32Array;
}

const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;

/** Emoji and their modifiers: pictographs, skin tones, regional indicators, ZWJ, variation selector, keycap. */
function isEmoji(ch: string, cp: number): boolean {
  return (
    PICTOGRAPHIC.test(ch) ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
    (cp >= 0x1f1e6 && cp <= 0x1f1ff) ||
    cp === 0x200d ||
    cp === 0xfe0f ||
    cp === 0x20e3
  );
}
const SPACE = /^\s$/u;
/** Characters next to which a space carries no meaning (Chinese text has no word spaces). */
const SPACE_ABSORBING = /^[\p{Script=Han}\p{Script=Bopomofo}\p{P}]$/u;
const PUNCT_OR_SYMBOL = /^[\p{P}\p{S}]$/u;

/**
 * The message as the matcher reads it. It folds exactly what `canonicalKeyText` (the analysis cache key)
 * folds, so two messages with one key get one analysis: spaces next to Han characters or punctuation are
 * dropped ("還沒 回來" = "還沒回來"), other whitespace runs become one space, a repeated punctuation mark
 * counts once, punctuation and symbols at either end are dropped, emoji are removed.
 */
export function mapText(original: string): MappedText {
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let pendingSpace: [number, number] | null = null;
  const emit = (unit: string, from: number, to: number) => {
    const last = chars[chars.length - 1];
    if (PUNCT_OR_SYMBOL.test(unit)) {
      // Leading punctuation is dropped; a mark repeated (even across a space) counts once.
      if (last === undefined || (unit === last && (pendingSpace === null || SPACE_ABSORBING.test(unit)))) {
        pendingSpace = null;
        return;
      }
    }
    if (pendingSpace && last !== undefined && !SPACE_ABSORBING.test(last) && !SPACE_ABSORBING.test(unit)) {
      chars.push(' ');
      starts.push(pendingSpace[0]);
      ends.push(pendingSpace[1]);
    }
    pendingSpace = null;
    chars.push(unit);
    starts.push(from);
    ends.push(to);
  };
  for (let i = 0; i < original.length; ) {
    const cp = original.codePointAt(i) ?? 0;
    // Fast path: CJK ideographs and lower-case ASCII letters and digits are already in matching form.
    if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39)) {
      if (pendingSpace === null && chars.length > 0) {
        chars.push(original[i]!);
        starts.push(i);
        ends.push(i + 1);
      } else emit(original[i]!, i, i + 1);
      i += 1;
      continue;
    }
    const len = cp > 0xffff ? 2 : 1;
    const ch = original.slice(i, i + len);
    if ((cp >= 0x2000 && isEmoji(ch, cp)) || (cp < 0x20 && cp !== 0x0a && cp !== 0x09 && cp !== 0x0d)) {
      i += len;
      continue;
    }
    for (const unit of ch.normalize('NFKC').toLowerCase()) {
      if (SPACE.test(unit)) pendingSpace ??= [i, i + len];
      else emit(unit, i, i + len);
    }
    i += len;
  }
  while (chars.length > 0 && PUNCT_OR_SYMBOL.test(chars[chars.length - 1]!)) {
    chars.pop();
    starts.pop();
    ends.pop();
  }
  const joined = chars.join('');
  // Simplified → Traditional keeps the length for the cn → tw tables; if a phrase ever changes length,
  // fall back to converting character by character so the offset map stays exact.
  const converted = toTraditional(joined);
  const traditional = converted.length === joined.length ? converted : chars.map((c) => toTraditional(c)).join('');
  const norm = foldVariants(traditional);
  const start = new Int32Array(norm.length);
  const end = new Int32Array(norm.length);
  // `chars` may hold astral characters (two code units); expand the map to code units.
  let u = 0;
  for (let k = 0; k < chars.length; k++) {
    const width = (traditional === converted ? chars[k]!.length : toTraditional(chars[k]!).length) || 1;
    for (let w = 0; w < width && u < norm.length; w++, u++) {
      start[u] = starts[k]!;
      end[u] = ends[k]!;
    }
  }
  return { original, norm, start, end };
}

const VARIANTS: Record<string, string> = { 講: '說', 她: '他', 妳: '你', 牠: '它', 喂: '餵', 着: '著', 裏: '裡' };
const VARIANT_RE = new RegExp(`[${Object.keys(VARIANTS).join('')}]`, 'gu');

/**
 * Folds interchangeable characters one to one (講/說, 她/他, 妳/你…), so that cues need not list both forms;
 * the text keeps its length and offsets. Applied to messages, cue patterns and indexed documents alike.
 */
export function foldVariants(text: string): string {
  return text.replace(VARIANT_RE, (c) => VARIANTS[c] ?? c);
}

/** The original substring behind `norm.slice(from, to)`, trimmed of surrounding whitespace. */
export function originalSpan(text: MappedText, from: number, to: number): string {
  if (to <= from || from >= text.norm.length) return '';
  const a = text.start[from]!;
  const b = text.end[Math.min(to, text.norm.length) - 1]!;
  return text.original.slice(a, b).trim();
}

/** Where a clause ends in the original message (Chinese and Western punctuation, line breaks, brackets). */
const CLAUSE_END = /[，。！？!?,;；、:：\n\r…~～()（）「」『』"“”|｜]/u;
const WORD_CHAR = /[\p{L}\p{N}']/u;
const HAN_CHAR = /\p{Script=Han}/u;
/** Spaces, emoji code points (ZWJ, VS16, skin tones each on its own) and dots trimmed off a quote's edges. */
const NOISE = '[\\s\\p{Extended_Pictographic}\\u200d\\ufe0f\\u{1F3FB}-\\u{1F3FF}.]';
const EDGE_NOISE = new RegExp(`^${NOISE}+|${NOISE}+$`, 'gu');
/** Longest quote: enough for a clause of Chinese; Western words are longer, so they get twice the room. */
export const EVIDENCE_MAX = 24;

/** Whether `original[i]` ends a clause ("." only as a Western full stop, before a space or the end). */
const isBreak = (original: string, i: number) =>
  CLAUSE_END.test(original[i]!) || (original[i] === '.' && (i + 1 >= original.length || /\s/.test(original[i + 1]!)));

const isLow = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
};

/**
 * The quote for a match at `original.slice(a, b)`: the match widened to its clause (the text between two
 * clause-ending marks), trimmed to about `EVIDENCE_MAX` characters around the match and to whole words in
 * Western text. Always an exact substring of `original`.
 */
export function clauseQuote(original: string, a: number, b: number): string {
  if (b <= a) return '';
  const latin = !HAN_CHAR.test(original.slice(a, b));
  const max = latin ? EVIDENCE_MAX * 2 : EVIDENCE_MAX;
  let from = a;
  let to = b;
  let clauseFrom = a;
  while (clauseFrom > 0 && !isBreak(original, clauseFrom - 1)) clauseFrom--;
  let clauseTo = b;
  while (clauseTo < original.length && !isBreak(original, clauseTo)) clauseTo++;
  // Grow to the right first (Chinese clauses usually finish the thought after the cue), then to the left.
  while (to - from < max && (from > clauseFrom || to < clauseTo)) {
    if (to < clauseTo) to++;
    if (to - from < max && from > clauseFrom) from--;
  }
  // Never cut a surrogate pair or (in Western text) a word.
  if (isLow(original, from) && from < a) from++;
  if (to < original.length && isLow(original, to) && to > b) to--;
  while (from < a && from > clauseFrom && WORD_CHAR.test(original[from - 1]!) && WORD_CHAR.test(original[from]!)) {
    from++;
  }
  while (to > b && to < clauseTo && WORD_CHAR.test(original[to]!) && WORD_CHAR.test(original[to - 1]!)) to--;
  const quote = original.slice(from, to).replace(EDGE_NOISE, '');
  return quote.length > 0 ? quote : original.slice(a, b).trim();
}

/** `clauseQuote` for `norm.slice(from, to)`. */
export function clauseSpan(text: MappedText, from: number, to: number): string {
  if (to <= from || from >= text.norm.length) return '';
  return clauseQuote(text.original, text.start[from]!, text.end[Math.min(to, text.norm.length) - 1]!);
}
