import { buildPrefilter, type CompiledCue, type CuePrefilter, compileCues, compilePatterns } from './cue-matcher.js';
import type { Lexicon } from './lexicon-schema.js';
import type { M1Id, M3Id, M4Id, SafetyFlag, StageId } from './types.js';

/** The lexicon with every pattern compiled once, grouped the way the analyzer reads it. */
export interface CompiledLexicon {
  /** Character prefilter over every cue below. */
  prefilter: CuePrefilter;
  m1: Array<{ id: M1Id; cues: CompiledCue[] }>;
  m3: Array<{ id: M3Id; cues: CompiledCue[] }>;
  m4: Array<{ id: M4Id; ask: CompiledCue[]; need: CompiledCue[] }>;
  m2: {
    stated: Array<{ id: StageId; cues: CompiledCue[] }>;
    functional: Array<{ id: StageId; cues: CompiledCue[] }>;
    between: RegExp[];
    past: RegExp[];
    question: CompiledCue[];
  };
  safety: {
    flags: Array<{ id: SafetyFlag; cues: CompiledCue[]; notNow: RegExp[] }>;
    threshold: number;
    denial: RegExp[];
    renewal: RegExp[];
    hypothetical: RegExp[];
    past: RegExp[];
    caregiverSelf: RegExp[];
    harmByCarer: RegExp[];
  };
  context: {
    negation: RegExp[];
    casual: RegExp[];
    normalAgeing: CompiledCue[];
    wordTraps: CompiledCue[];
    person: CompiledCue[];
    careContext: CompiledCue[];
    suspect: RegExp[];
    diagnosed: CompiledCue[];
    notYetDiagnosed: CompiledCue[];
    askWhether: CompiledCue[];
    askCoping: CompiledCue[];
    askResource: CompiledCue[];
    change: CompiledCue[];
  };
}

export function compileLexicon(lex: Lexicon): CompiledLexicon {
  const entries = <K extends string, V>(o: Record<K, V>) => Object.entries(o) as Array<[K, V]>;
  const c = lex.context;
  const compiled: Omit<CompiledLexicon, 'prefilter'> = {
    m1: entries(lex.m1).map(([id, cues]) => ({ id: id as M1Id, cues: compileCues(cues) })),
    m3: entries(lex.m3).map(([id, cues]) => ({ id: id as M3Id, cues: compileCues(cues) })),
    m4: entries(lex.m4).map(([id, v]) => ({ id, ask: compileCues(v.ask), need: compileCues(v.need) })),
    m2: {
      stated: entries(lex.m2.stated).map(([id, cues]) => ({ id, cues: compileCues(cues) })),
      functional: entries(lex.m2.functional).map(([id, cues]) => ({ id, cues: compileCues(cues) })),
      between: compilePatterns(lex.m2.between),
      past: compilePatterns(lex.m2.past),
      question: compileCues(lex.m2.question),
    },
    safety: {
      flags: entries(lex.safety.flags).map(([id, v]) => ({
        id,
        cues: compileCues(v.cues, { crossClauses: true }),
        notNow: compilePatterns(v.notNow, 'gu'),
      })),
      threshold: lex.safety.threshold,
      denial: compilePatterns(lex.safety.denial, 'iu'),
      renewal: compilePatterns(lex.safety.renewal, 'iu'),
      hypothetical: compilePatterns(lex.safety.hypothetical, 'iu'),
      past: compilePatterns(lex.safety.past, 'giu'),
      caregiverSelf: compilePatterns(lex.safety.caregiverSelf),
      harmByCarer: compilePatterns(lex.safety.harmByCarer),
    },
    context: {
      negation: compilePatterns(c.negation),
      casual: compilePatterns(c.casual, 'iu'),
      normalAgeing: compileCues(c.normalAgeing),
      wordTraps: compileCues(c.wordTraps),
      person: compileCues(c.person),
      careContext: compileCues(c.careContext),
      suspect: compilePatterns(c.suspect),
      diagnosed: compileCues(c.diagnosed),
      notYetDiagnosed: compileCues(c.notYetDiagnosed),
      askWhether: compileCues(c.askWhether),
      askCoping: compileCues(c.askCoping),
      askResource: compileCues(c.askResource),
      change: compileCues(c.change),
    },
  };
  const all: CompiledCue[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object' && !(value instanceof RegExp)) {
      if ('re' in value && 'parts' in value) all.push(value as CompiledCue);
      else Object.values(value).forEach(collect);
    }
  };
  collect(compiled);
  return { ...compiled, prefilter: buildPrefilter(all) };
}
