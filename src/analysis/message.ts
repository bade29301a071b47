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
   * clause ("萬一哪天他跑出去…", "if she ever…") are removed too; with `notWriter`, hits in a clause
   * about the writer.
   */
  score(
    cues: readonly CompiledCue[],
    opts?: { keepNegated?: boolean; realOnly?: boolean; notWriter?: boolean },
  ): CueScore;
  anyOf(patterns: readonly RegExp[], slice?: string): boolean;
}

/** A clause opening on a supposition describes what might happen, not what the person does. */
const HYPOTHETICAL = /^(萬一|如果|假如|假設|要是|若是|哪天|if |in case |what if )/u;

/**
 * A clause whose subject is the writer ("我每天都在哭", "我睡不好"), not a relative ("我媽…", "我們家阿公…")
 * and with no one else named: its mood, sleep or appetite are the caregiver's own (labelling rule 3).
 */
const WRITER_CLAUSE =
  /^(我|i |i'm |i've )(?!(媽|爸|婆|公|家|阿|外|奶|爺|先生|太太|老公|老婆|岳|丈|們家|的(媽|爸|家|先生|太太)|母|父|mum|mom|dad|husband|wife))[^他伊]*$/u;

export function prepareMessage(raw: string, lex: CompiledLexicon): Message {
  const text = mapText(raw);
  const passes = lex.prefilter.passes(text.norm);
  const negated = (from: number) => {
    const prefix = clausePrefix(text.norm, from, 6);
    return prefix.length > 0 && lex.context.negation.some((re) => re.test(prefix));
  };
  const aboutWriter = (from: number) => WRITER_CLAUSE.test(clausePrefix(text.norm, from, 12));
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
        (h) =>
          (opts?.keepNegated || !negated(h.from)) &&
          !(opts?.realOnly && hypothetical(h.from)) &&
          !(opts?.notWriter && aboutWriter(h.from)),
      );
      return scoreHits(text, cues, hits);
    },
    anyOf(patterns, slice = text.norm) {
      return patterns.some((re) => re.test(slice));
    },
  };
}
