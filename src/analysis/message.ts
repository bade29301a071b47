import type { CompiledLexicon } from './compiled-lexicon.js';
import { type CompiledCue, type CueScore, clausePrefix, findHits, scoreHits } from './cue-matcher.js';
import { type MappedText, mapText } from './mapped-text.js';

/** One message prepared for matching: normalised text with offset map, its character set, helpers. */
export interface Message {
  text: MappedText;
  chars: ReadonlySet<string>;
  /** Cue score with negated hits ("沒有迷路", "還不會") removed. */
  score(cues: readonly CompiledCue[], opts?: { keepNegated?: boolean }): CueScore;
  anyOf(patterns: readonly RegExp[], slice?: string): boolean;
}

export function prepareMessage(raw: string, lex: CompiledLexicon): Message {
  const text = mapText(raw);
  const chars = new Set(text.norm);
  const negated = (from: number) => {
    const prefix = clausePrefix(text.norm, from, 6);
    return prefix.length > 0 && lex.context.negation.some((re) => re.test(prefix));
  };
  return {
    text,
    chars,
    score(cues, opts) {
      const hits = findHits(text.norm, chars, cues);
      return scoreHits(text, cues, opts?.keepNegated ? hits : hits.filter((h) => !negated(h.from)));
    },
    anyOf(patterns, slice = text.norm) {
      return patterns.some((re) => re.test(slice));
    },
  };
}
