import type { CompiledLexicon } from './compiled-lexicon.js';
import { findHits, sentenceAt } from './cue-matcher.js';
import { originalSpan } from './mapped-text.js';
import type { Message } from './message.js';
import type { SafetyFlag } from './types.js';

export interface SafetyFinding {
  id: SafetyFlag;
  /** Summed weight of the distinct cues that held (not past, not hypothetical, not hyperbole). */
  weight: number;
  evidence: string[];
}

export interface SafetyResult {
  flags: SafetyFlag[];
  findings: SafetyFinding[];
  /** The writer (caregiver) speaks of their own despair: the answer leads with caregiver support. */
  caregiverSelf: boolean;
  /** Harm by the caregiver or a hired or family carer (→ protection, legal and respite resources). */
  harmByCarer: boolean;
}

/**
 * The deterministic safety gate: a flag needs cues summing to the threshold, each in a sentence that
 * does not mark it as past, resolved, hypothetical or casual ("走失過", "說沒事", "累死了").
 */
export function detectSafetyIn(msg: Message, lex: CompiledLexicon): SafetyResult {
  const norm = msg.text.norm;
  const findings: SafetyFinding[] = [];
  for (const flag of lex.safety.flags) {
    const hits = findHits(norm, msg.chars, flag.cues).filter((h) => {
      const [a, b] = sentenceAt(norm, h.from);
      const sentence = norm.slice(a, b);
      return !flag.notNow.some((re) => re.test(sentence));
    });
    const seen = new Set<number>();
    let weight = 0;
    const evidence: string[] = [];
    for (const h of hits) {
      const span = originalSpan(msg.text, h.from, h.to);
      if (span && !evidence.includes(span)) evidence.push(span);
      if (!seen.has(h.cue)) {
        seen.add(h.cue);
        weight += flag.cues[h.cue]!.w;
      }
    }
    if (weight >= lex.safety.threshold) findings.push({ id: flag.id, weight, evidence });
  }
  return {
    flags: findings.map((f) => f.id),
    findings,
    caregiverSelf: findings.length > 0 && msg.anyOf(lex.safety.caregiverSelf),
    harmByCarer: findings.length > 0 && msg.anyOf(lex.safety.harmByCarer),
  };
}
