import type { Cue } from './lexicon-schema.js';
import { clauseSpan, foldVariants, type MappedText } from './mapped-text.js';

/** A cue compiled once: the global regular expression plus a cheap character prefilter. */
export interface CompiledCue {
  /** The whole pattern. */
  re: RegExp;
  w: number;
  /**
   * The pattern split at its top-level alternatives, each with its own prefilter: every match of `re` is a
   * match of one part, and a part can be skipped when its required characters are absent.
   */
  parts: CuePart[];
}

export interface CuePart {
  re: RegExp;
  /** Character sets that must each meet the text for the part to possibly match (empty: always try). */
  need: string[][];
  /** Position in the cue prefilter (set by `buildPrefilter`). */
  slot: number;
}

/**
 * An inverted index from characters to the cues whose required sets they satisfy. For a message it
 * computes, in one pass over its distinct characters, which cues can possibly match; the others are
 * never run.
 */
export interface CuePrefilter {
  /** Reads `text` code point by code point; a repeated character sets the same bits again. */
  passes(text: string): Uint8Array;
}

export function buildPrefilter(allCues: readonly CompiledCue[]): CuePrefilter {
  const cues = allCues.flatMap((c) => c.parts);
  const byChar = new Map<string, number[]>();
  const full = new Uint32Array(cues.length);
  cues.forEach((cue, slot) => {
    cue.slot = slot;
    const sets = cue.need.slice(0, 31);
    full[slot] = sets.length === 0 ? 0 : (2 ** sets.length - 1) >>> 0;
    sets.forEach((set, bit) => {
      for (const ch of set) {
        const list = byChar.get(ch);
        const entry = slot * 32 + bit;
        if (list) list.push(entry);
        else byChar.set(ch, [entry]);
      }
    });
  });
  // Scratch bit sets, cleared at each call: the result is computed before `passes` returns.
  const seen = new Uint32Array(cues.length);
  return {
    passes(text) {
      seen.fill(0);
      for (const ch of text) {
        const list = byChar.get(ch);
        if (!list) continue;
        for (let i = 0; i < list.length; i++) {
          const e = list[i]!;
          seen[e >>> 5]! |= 1 << (e & 31);
        }
      }
      const ok = new Uint8Array(cues.length);
      for (let i = 0; i < cues.length; i++) ok[i] = seen[i]! >>> 0 === full[i] ? 1 : 0;
      return ok;
    },
  };
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

const OPTIONAL_AFTER = /^(\?|\*|\{0,)/;

/** End index (exclusive) of the atom starting at `i`: an escape, a class, a group or one character. */
function atomEnd(src: string, i: number): number {
  const c = src[i]!;
  if (c === '\\') return i + 2;
  if (c === '[') {
    let j = i + 1;
    while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
    return j + 1;
  }
  if (c === '(') {
    let depth = 0;
    for (let j = i; j < src.length; j++) {
      if (src[j] === '\\') {
        j++;
        continue;
      }
      if (src[j] === '[') {
        while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
        continue;
      }
      if (src[j] === '(') depth++;
      else if (src[j] === ')' && --depth === 0) return j + 1;
    }
    return src.length;
  }
  return i + String.fromCodePoint(src.codePointAt(i)!).length;
}

/** Skips a quantifier after an atom; returns [next index, whether the atom may be absent]. */
function quantifier(src: string, i: number): [number, boolean] {
  const rest = src.slice(i);
  const optional = OPTIONAL_AFTER.test(rest);
  const m = /^(\?|\*|\+|\{\d*,?\d*\})\??/.exec(rest);
  return [i + (m ? m[0].length : 0), optional];
}

/**
 * Characters of which at least one occurs in every match, when they can be read off the pattern: per
 * top-level alternative, the first atom that must be present and is a literal character or a group whose
 * alternatives all yield such characters. Null when unsure; the cue is then always tried.
 */
export function requiredChars(source: string): string[] | null {
  const out = new Set<string>();
  for (const alt of topLevelAlternatives(source)) {
    let found: string[] | null = null;
    for (let i = 0; i < alt.length && !found; ) {
      const end = atomEnd(alt, i);
      const [next, optional] = quantifier(alt, end);
      const c = alt[i]!;
      if (!optional) {
        if (c === '(') {
          const inner = alt.slice(i + 1, end - 1);
          if (!/^\?(<?[=!])/.test(inner)) found = requiredChars(inner.replace(/^\?:/, ''));
        } else if (!'\\[.^$|'.includes(c)) {
          found = [String.fromCodePoint(alt.codePointAt(i)!)];
        }
      }
      i = next;
    }
    if (!found) return null;
    for (const f of found) out.add(f);
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
/**
 * For a pattern without top-level alternatives, one character set per atom that must be present (each set
 * must meet the text); otherwise the single set of `requiredChars`. Empty when nothing can be read off.
 */
export function requiredCharSets(source: string): string[][] {
  if (topLevelAlternatives(source).length > 1) {
    const one = requiredChars(source);
    return one ? [one] : [];
  }
  const sets: string[][] = [];
  for (let i = 0; i < source.length; ) {
    const end = atomEnd(source, i);
    const [next, optional] = quantifier(source, end);
    const c = source[i]!;
    if (!optional) {
      if (c === '(') {
        const inner = source.slice(i + 1, end - 1);
        if (!/^\?(<?[=!])/.test(inner)) {
          const set = requiredChars(inner.replace(/^\?:/, ''));
          if (set) sets.push(set);
        }
      } else if (!'\\[.^$|'.includes(c)) {
        sets.push([String.fromCodePoint(source.codePointAt(i)!)]);
      }
    }
    i = next;
  }
  return sets;
}

export function compileCues(cues: readonly Cue[], opts: { crossClauses?: boolean } = {}): CompiledCue[] {
  const build = (source: string) => new RegExp(opts.crossClauses ? source : clauseBound(source), 'gu');
  return cues.map((c) => {
    const source = foldVariants(c.re);
    return {
      re: build(source),
      w: c.w,
      parts: topLevelAlternatives(source).map((alt) => ({ re: build(alt), need: requiredCharSets(alt), slot: -1 })),
    };
  });
}

export function compilePatterns(patterns: readonly string[], flags = 'u'): RegExp[] {
  return patterns.map((p) => new RegExp(foldVariants(p), flags));
}

/** Every match of every cue (all non-overlapping matches per cue), skipping cues the prefilter rules out. */
export function findHits(norm: string, passes: Uint8Array, cues: readonly CompiledCue[]): CueHit[] {
  const hits: CueHit[] = [];
  for (let i = 0; i < cues.length; i++) {
    const parts = cues[i]!.parts;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k]!;
      if (part.slot >= 0 && passes[part.slot] === 0) continue;
      part.re.lastIndex = 0;
      for (let m = part.re.exec(norm); m; m = part.re.exec(norm)) {
        hits.push({ cue: i, from: m.index, to: m.index + m[0].length });
        if (m[0].length === 0) part.re.lastIndex++;
      }
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

/** Summed weight of the distinct cues hit, with their evidence (each hit's clause) in the original message. */
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
    const span = clauseSpan(text, hit.from, hit.to);
    if (span && !evidence.includes(span)) evidence.push(span);
    if (seen.has(hit.cue)) continue;
    seen.add(hit.cue);
    weight += cues[hit.cue]!.w;
  }
  // Drop evidence contained in a longer piece of evidence ("忘記" inside "忘記關瓦斯").
  const distinct = evidence.filter((e, i) => !evidence.some((o, j) => j !== i && o.length > e.length && o.includes(e)));
  return { weight, evidence: distinct, spans };
}
