import type { Cue } from './lexicon-schema.js';
import { type MappedText, originalSpan } from './mapped-text.js';

/** A cue compiled once: the global regular expression plus a cheap character prefilter. */
export interface CompiledCue {
  re: RegExp;
  w: number;
  /** Characters of which at least one must occur in the text for the cue to possibly match; null = always try. */
  anyOf: string[] | null;
}

export interface CueHit {
  cue: number;
  from: number;
  to: number;
}

/** Splits a pattern source at top-level `|` (outside groups and classes). */
function topLevelAlternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let last = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(last, i));
      last = i + 1;
    }
  }
  parts.push(source.slice(last));
  return parts;
}

const QUANTIFIER_AFTER = /^[?*{]/;

/**
 * The set of characters one of which every match must start with, when it can be read off the pattern:
 * each alternative either starts with a literal character (not made optional) or with a group whose own
 * alternatives do. Returns null when unsure; the cue is then always tried.
 */
export function leadingChars(source: string): string[] | null {
  const out = new Set<string>();
  for (const alt of topLevelAlternatives(source)) {
    if (alt.length === 0) return null;
    const c = alt[0]!;
    if (c === '(') {
      let depth = 0;
      let end = -1;
      for (let i = 0; i < alt.length; i++) {
        if (alt[i] === '\\') {
          i++;
          continue;
        }
        if (alt[i] === '(') depth++;
        else if (alt[i] === ')' && --depth === 0) {
          end = i;
          break;
        }
      }
      if (end < 0 || QUANTIFIER_AFTER.test(alt.slice(end + 1))) return null;
      let inner = alt.slice(1, end);
      if (inner.startsWith('?<') || inner.startsWith('?=') || inner.startsWith('?!')) return null;
      if (inner.startsWith('?:')) inner = inner.slice(2);
      const sub = leadingChars(inner);
      if (!sub) return null;
      for (const s of sub) out.add(s);
      continue;
    }
    if ('\\[.^$)'.includes(c)) return null;
    const cp = String.fromCodePoint(alt.codePointAt(0)!);
    if (QUANTIFIER_AFTER.test(alt.slice(cp.length))) return null;
    out.add(cp);
  }
  return [...out];
}

const IN_CLAUSE = '[^，。！？!?,.;；\\n]';

/** Rewrites every unescaped `.` outside a character class so that gaps stay inside one clause. */
export function clauseBound(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else out += c === '.' ? IN_CLAUSE : c;
  }
  return out;
}

/** Compiles cues; by default a gap (`.`) never crosses a clause boundary (comma, full stop, question mark). */
export function compileCues(cues: readonly Cue[], opts: { crossClauses?: boolean } = {}): CompiledCue[] {
  return cues.map((c) => ({
    re: new RegExp(opts.crossClauses ? c.re : clauseBound(c.re), 'gu'),
    w: c.w,
    anyOf: leadingChars(c.re),
  }));
}

export function compilePatterns(patterns: readonly string[], flags = 'u'): RegExp[] {
  return patterns.map((p) => new RegExp(p, flags));
}

/** Every match of every cue (all non-overlapping matches per cue), skipping cues the prefilter rules out. */
export function findHits(norm: string, chars: ReadonlySet<string>, cues: readonly CompiledCue[]): CueHit[] {
  const hits: CueHit[] = [];
  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i]!;
    if (cue.anyOf && !cue.anyOf.some((c) => chars.has(c))) continue;
    cue.re.lastIndex = 0;
    for (let m = cue.re.exec(norm); m; m = cue.re.exec(norm)) {
      hits.push({ cue: i, from: m.index, to: m.index + m[0].length });
      if (m[0].length === 0) cue.re.lastIndex++;
    }
  }
  return hits;
}

const CLAUSE_BREAK = /[，。！？!?,;；、\n…~～:：()（）「」"]/u;
const SENTENCE_BREAK = /[。！？!?\n]/u;

/** The text of the clause before `pos` (up to `max` characters, stopping at punctuation). */
export function clausePrefix(norm: string, pos: number, max = 12): string {
  let i = pos;
  while (i > 0 && pos - i < max && !CLAUSE_BREAK.test(norm[i - 1]!)) i--;
  return norm.slice(i, pos);
}

/** The rest of the clause from `pos` (up to `max` characters, including the closing punctuation). */
export function clauseSuffix(norm: string, pos: number, max = 12): string {
  let i = pos;
  while (i < norm.length && i - pos < max && !CLAUSE_BREAK.test(norm[i]!)) i++;
  return norm.slice(pos, Math.min(norm.length, i + 1));
}

/** Bounds of the sentence holding position `pos`. */
export function sentenceAt(norm: string, pos: number): [number, number] {
  let a = pos;
  while (a > 0 && !SENTENCE_BREAK.test(norm[a - 1]!)) a--;
  let b = pos;
  while (b < norm.length && !SENTENCE_BREAK.test(norm[b]!)) b++;
  return [a, b];
}

/** Summed weight of the distinct cues hit, with their evidence in the original message. */
export interface CueScore {
  weight: number;
  evidence: string[];
  /** Positions of the hits (normalised text), for context checks. */
  spans: Array<[number, number]>;
}

export function scoreHits(text: MappedText, cues: readonly CompiledCue[], hits: readonly CueHit[]): CueScore {
  const seen = new Set<number>();
  const evidence: string[] = [];
  const spans: Array<[number, number]> = [];
  let weight = 0;
  for (const hit of hits) {
    spans.push([hit.from, hit.to]);
    const span = originalSpan(text, hit.from, hit.to);
    if (span && !evidence.includes(span)) evidence.push(span);
    if (seen.has(hit.cue)) continue;
    seen.add(hit.cue);
    weight += cues[hit.cue]!.w;
  }
  return { weight, evidence, spans };
}
