import type { CompiledLexicon } from './compiled-lexicon.js';
import { type CompiledCue, type CueScore, clausePrefix, findHits, scoreHits } from './cue-matcher.js';
import { type MappedText, mapText } from './mapped-text.js';

/** One message prepared for matching: normalised text with offset map, its character set, helpers. */
export interface Message {
  text: MappedText;
  /** Which cues of the lexicon can possibly match this message (character prefilter). */
  passes: Uint8Array;
  /**
   * Cue score with negated hits ("沒有迷路", "還不會") removed; with `realOnly`, hits in a hypothetical
   * clause ("萬一哪天他跑出去…", "if she ever…") are removed too.
   */
  score(cues: readonly CompiledCue[], opts?: { keepNegated?: boolean; realOnly?: boolean }): CueScore;
  anyOf(patterns: readonly RegExp[], slice?: string): boolean;
}

/** A clause opening on a supposition describes what might happen, not what the person does. */
const HYPOTHETICAL = /^(萬一|如果|假如|假設|要是|若是|哪天|if |in case |what if )/u;

export function prepareMessage(raw: string, lex: CompiledLexicon): Message {
  const text = mapText(raw);
  const passes = lex.prefilter.passes(new Set(text.norm));
  const negated = (from: number) => {
    const prefix = clausePrefix(text.norm, from, 6);
    return prefix.length > 0 && lex.context.negation.some((re) => re.test(prefix));
  };
  // "萬一他又跑出去" fears a repeat of something that happened: that is not hypothetical.
  const hypothetical = (from: number) => {
    const prefix = clausePrefix(text.norm, from, 16);
    return HYPOTHETICAL.test(prefix) && !/[又再]|again/u.test(prefix);
  };
  return {
    text,
    passes,
    score(cues, opts) {
      const hits = findHits(text.norm, passes, cues).filter(
        (h) => (opts?.keepNegated || !negated(h.from)) && !(opts?.realOnly && hypothetical(h.from)),
      );
      return scoreHits(text, cues, hits);
    },
    anyOf(patterns, slice = text.norm) {
      return patterns.some((re) => re.test(slice));
    },
  };
}
