import type { CompiledLexicon } from './compiled-lexicon.js';
import { type CueHit, clausePrefix, findHits, sentenceAt } from './cue-matcher.js';
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

/** Characters before and after a cue in which a past, resolved, hypothetical or casual marker cancels it. */
const SCOPE_BEFORE = 40;
const SCOPE_AFTER = 50;
/** Characters before a cue searched for a denial ("她不是昏倒"). */
const DENIAL_SCOPE = 8;
/** Characters of the original message around a death-wish cue in which laughter marks it as hyperbole. */
const LAUGH_SCOPE = 8;

/** A laughing emoji, "哈哈" or "lol" right next to the cue ("好想死喔🤣"): casual exaggeration. */
function laughsNear(msg: Message, lex: CompiledLexicon, from: number, to: number): boolean {
  const { original, start, end } = msg.text;
  const a = Math.max(0, start[from]! - LAUGH_SCOPE);
  const b = Math.min(original.length, end[to - 1]! + LAUGH_SCOPE);
  return msg.anyOf(lex.context.casual, original.slice(a, b).toLowerCase());
}

/** Characters of the clause before a cue searched for a hypothetical ("如果", "萬一", "if"). */
const HYPOTHETICAL_SCOPE = 16;
const PHRASE_BREAK = /[，。！？!?,;；、\n…~～:：()（）「」" ]/u;
const CLAUSE_STOP = /[，。！？!?,;；\n:：()（）"]/u;

/** The cue stands in a clause the writer only imagines ("如果他走丟了", "萬一跌倒撞到頭"). */
function imagined(norm: string, from: number, hypothetical: readonly RegExp[]): boolean {
  // In English words are spaced, so the clause runs to punctuation and a little further.
  const latin = /[a-z]/.test(norm.slice(Math.max(0, from - 3), from));
  const scope = latin ? HYPOTHETICAL_SCOPE * 3 : HYPOTHETICAL_SCOPE;
  const stop = latin ? CLAUSE_STOP : PHRASE_BREAK;
  let i = from;
  while (i > 0 && from - i < scope && !stop.test(norm[i - 1]!)) i--;
  const phrase = norm.slice(i, from);
  return phrase.length > 0 && hypothetical.some((re) => re.test(phrase));
}

/** A past marker before the cue in its sentence, not followed by a renewal ("上個月走失過，今天又…"). */
function pastBefore(norm: string, h: CueHit, past: readonly RegExp[], renewal: readonly RegExp[]): boolean {
  const [a] = sentenceAt(norm, h.from);
  const lo = Math.max(a, h.from - SCOPE_BEFORE);
  // Up to the end of the cue: a past marker may be part of it ("走失過").
  const before = norm.slice(lo, h.to);
  const hitAt = h.from - lo;
  for (const re of past) {
    re.lastIndex = 0;
    for (let m = re.exec(before); m; m = re.exec(before)) {
      if (m[0].length === 0) re.lastIndex++;
      const end = m.index + m[0].length;
      const between = end < hitAt ? before.slice(end, hitAt) : '';
      if (!(between && renewal.some((r) => r.test(between)))) return true;
    }
  }
  return false;
}

/**
 * Whether a past, resolved, hypothetical or casual marker near the cue cancels it. The context is the
 * cue's sentence, but never further than a few clauses away: a long unpunctuated LINE message is one
 * "sentence", and a "之前" at its start says nothing about its end. A marker before the cue no longer
 * counts when a renewal stands between them ("上個月走失過，今天又不見了").
 */
function cancelled(norm: string, h: CueHit, notNow: readonly RegExp[], renewal: readonly RegExp[]): boolean {
  const [a, b] = sentenceAt(norm, h.from);
  const lo = Math.max(a, h.from - SCOPE_BEFORE);
  const around = norm.slice(lo, Math.min(b, h.to + SCOPE_AFTER));
  const hitAt = h.from - lo;
  for (const re of notNow) {
    re.lastIndex = 0;
    for (let m = re.exec(around); m; m = re.exec(around)) {
      const end = m.index + m[0].length;
      if (m[0].length === 0) re.lastIndex++;
      const between = end <= hitAt ? around.slice(end, hitAt) : '';
      if (between && renewal.some((r) => r.test(between))) continue;
      return true;
    }
  }
  return false;
}

/**
 * The deterministic safety gate: a flag needs cues summing to the threshold, each in a sentence that
 * does not mark it as past, resolved, hypothetical or casual ("走失過", "說沒事", "累死了").
 */
export function detectSafetyIn(msg: Message, lex: CompiledLexicon): SafetyResult {
  const norm = msg.text.norm;
  const findings: SafetyFinding[] = [];
  for (const flag of lex.safety.flags) {
    const hits = findHits(norm, msg.passes, flag.cues).filter((h) => {
      if (cancelled(norm, h, flag.notNow, lex.safety.renewal)) return false;
      const prefix = clausePrefix(norm, h.from, DENIAL_SCOPE);
      if (prefix && lex.safety.denial.some((re) => re.test(prefix))) return false;
      // A wandering or medical event the writer only imagines is no emergency; thoughts of self-harm or of
      // taking someone along are often put hypothetically ("如果我不在了…", "若是兩个做伙去死") and stay flags.
      const imaginable = flag.id === 'missing_person' || flag.id === 'medical_emergency';
      if (imaginable && imagined(norm, h.from, lex.safety.hypothetical)) return false;
      // "上個月走失過" is past; a past word after the cue ("跟上次一樣") says nothing about the cue itself.
      if (imaginable && pastBefore(norm, h, lex.safety.past, lex.safety.renewal)) return false;
      return !(flag.id === 'self_harm' && laughsNear(msg, lex, h.from, h.to));
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
