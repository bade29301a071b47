import { toTraditional } from './normalise.js';

const DROPPED = /[\s\p{P}\p{S}\p{Extended_Pictographic}]|\u200d|\ufe0f/u;

interface Folded {
  text: string;
  /** For each UTF-16 unit of `text`, the [start, end) of the original code point it came from. */
  spans: Array<[number, number]>;
}

/** Folds code point by code point (NFKC, Simplified → Traditional, lower case; spaces, punctuation, emoji dropped). */
function fold(original: string): Folded {
  let text = '';
  const spans: Array<[number, number]> = [];
  let offset = 0;
  for (const ch of original) {
    const start = offset;
    offset += ch.length;
    const folded = toTraditional(ch.normalize('NFKC')).toLowerCase();
    for (const unit of folded) {
      if (DROPPED.test(unit)) continue;
      text += unit;
      for (let i = 0; i < unit.length; i++) spans.push([start, offset]);
    }
  }
  return { text, spans };
}

/**
 * Finds `fragment` (taken from another wording of the same message) in `text`, ignoring differences of
 * width, script (Simplified/Traditional), case, spaces, punctuation and emoji. Returns the matching
 * substring of `text`, or null when `text` does not contain it.
 */
export function anchorInText(fragment: string, text: string): string | null {
  if (text.includes(fragment)) return fragment;
  const target = fold(text);
  const needle = fold(fragment).text;
  if (needle === '') return null;
  const at = target.text.indexOf(needle);
  if (at < 0) return null;
  const start = target.spans[at]![0];
  const end = target.spans[at + needle.length - 1]![1];
  return text.slice(start, end);
}
