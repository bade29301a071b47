import type { CompiledLexicon } from './compiled-lexicon.js';
import { clausePrefix } from './cue-matcher.js';
import { clauseSpan } from './mapped-text.js';
import type { Message } from './message.js';
import { quotes, toScore } from './scoring.js';
import type { ScoredLabel, StageId } from './types.js';

export interface StageFinding {
  /** The stage stated for now (the latest mention not marked as past), or null. */
  stated: StageId | null;
  statedEvidence: string[];
  statedWeight: number;
  between: boolean;
  functional: { id: StageId; weight: number; evidence: string[] } | null;
}

/** The stage the message states for now, and the one its description of daily function implies. */
export function resolveStage(msg: Message, lex: CompiledLexicon): StageFinding {
  const norm = msg.text.norm;
  const between = msg.anyOf(lex.m2.between);
  type Mention = { id: StageId; at: number; evidence: string; weight: number };
  let best: Mention | null = null;
  let earlier: Mention | null = null;
  for (const s of lex.m2.stated) {
    for (const cue of s.cues) {
      cue.re.lastIndex = 0;
      for (let m = cue.re.exec(norm); m; m = cue.re.exec(norm)) {
        const prefix = clausePrefix(norm, m.index, 8);
        if (lex.m2.past.some((re) => re.test(prefix))) {
          // An earlier stage with nothing newer ("之前CDR1，最近穩定") is still the latest known.
          if (lex.m2.past[0]!.test(prefix) && (!earlier || m.index > earlier.at)) {
            earlier = {
              id: s.id,
              at: m.index,
              evidence: clauseSpan(msg.text, m.index, m.index + m[0].length),
              weight: cue.w,
            };
          }
          continue;
        }
        if (!best || m.index > best.at) {
          best = {
            id: s.id,
            at: m.index,
            evidence: clauseSpan(msg.text, m.index, m.index + m[0].length),
            weight: cue.w,
          };
        }
      }
    }
  }
  best ??= earlier;
  let functional: StageFinding['functional'] = null;
  for (const s of lex.m2.functional) {
    const score = msg.score(s.cues);
    if (score.weight > 0 && (!functional || score.weight > functional.weight)) {
      functional = { id: s.id, weight: score.weight, evidence: score.evidence };
    }
  }
  return {
    stated: between ? null : (best?.id ?? null),
    statedEvidence: best ? [best.evidence] : [],
    statedWeight: best?.weight ?? 0,
    between,
    functional,
  };
}

/** The M2 label: a stated stage (supported by function), or severe loss of function on its own. */
export function stageLabel(stage: StageFinding, functionalAllowed: boolean): ScoredLabel<StageId> | null {
  if (stage.between) return null;
  const fn = stage.functional;
  if (stage.stated) {
    const support = fn && fn.id === stage.stated ? fn.weight : 0;
    return {
      id: stage.stated,
      score: toScore(stage.statedWeight + support),
      evidence: quotes([...stage.statedEvidence, ...(support > 0 && fn ? fn.evidence : [])]),
    };
  }
  // Severe loss of function (tube feeding, a few words left) is itself a stage, stated or not.
  if (fn && (functionalAllowed || (fn.id === 'severe' && fn.weight >= 2)) && fn.weight >= 1.5) {
    return { id: fn.id, score: toScore(fn.weight), evidence: quotes(fn.evidence) };
  }
  return null;
}
