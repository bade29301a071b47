import { toTraditional } from '../text/normalise.js';

/**
 * The message as the matcher reads it, with a map back to the original: `norm[i]` came from
 * `original.slice(start[i], end[i])`. Lower-cased, NFKC (full-width → half-width), Simplified → Traditional,
 * emoji removed, every run of whitespace one space.
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

export function mapText(original: string): MappedText {
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let lastWasSpace = true;
  for (let i = 0; i < original.length; ) {
    const cp = original.codePointAt(i) ?? 0;
    const len = cp > 0xffff ? 2 : 1;
    // Fast path: CJK ideographs and lower-case ASCII letters and digits are already in matching form.
    if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39)) {
      lastWasSpace = false;
      chars.push(original[i]!);
      starts.push(i);
      ends.push(i + 1);
      i += 1;
      continue;
    }
    const ch = original.slice(i, i + len);
    if ((cp >= 0x2000 && isEmoji(ch, cp)) || (cp < 0x20 && cp !== 0x0a && cp !== 0x09 && cp !== 0x0d)) {
      i += len;
      continue;
    }
    const folded = ch.normalize('NFKC').toLowerCase();
    for (const unit of folded) {
      if (SPACE.test(unit)) {
        if (lastWasSpace) continue;
        lastWasSpace = true;
        chars.push(' ');
      } else {
        lastWasSpace = false;
        chars.push(unit);
      }
      starts.push(i);
      ends.push(i + len);
    }
    i += len;
  }
  while (chars.length > 0 && chars[chars.length - 1] === ' ') {
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
