import { createHash } from 'node:crypto';
import type { KnowledgeBase } from '../knowledge/schema.js';
import { choosePrimary } from './choose-primary.js';
import { type CompiledLexicon, compileLexicon } from './compiled-lexicon.js';
import { type CompiledCue, type CueScore, clausePrefix, clauseSuffix } from './cue-matcher.js';
import { emptyAnalysis } from './empty-analysis.js';
import { knowledgeDocs } from './knowledge-docs.js';
import { lexiconVersion, loadLexicon } from './lexicon.js';
import type { Lexicon } from './lexicon-schema.js';
import { clauseQuote, clauseSpan, mapText } from './mapped-text.js';
import { type Message, prepareMessage } from './message.js';
import { buildIndex, type IndexDoc, patternPhrases } from './retrieval-index.js';
import { detectSafetyIn, type SafetyResult } from './safety-gate.js';
import { quotes, toScore } from './scoring.js';
import { resolveStage, stageLabel } from './stage.js';
import { MIN_LABEL } from './thresholds.js';
import { type SpanToken, tokenizeWithSpans } from './tokens.js';
import type { AnalysisResult, Analyzer, M4Id, ScoredLabel } from './types.js';

/** The analyzer CareLine uses: the contract plus the safety gate on its own for immediate answers. */
export interface CareLineAnalyzer extends Analyzer {
  detectSafety(text: string): SafetyResult;
}

/** Weight of the retrieval (BM25) score, per 10 BM25 points, added to a label's cue weight for ranking. */
const RETRIEVAL_WEIGHT = 1;
/** BM25 score from which the best-matching label of a module is reported even without a cue. */
const RETRIEVAL_ONLY_MIN = 25;

/** NPI domains a caregiver also describes about themself (low mood, worry, sleep, appetite): rule 3. */
const WRITER_DOMAINS = new Set<string>(['M3-04', 'M3-05', 'M3-11', 'M3-12']);

/** Warning signs that, in someone diagnosed, are behaviour rather than decline: withdrawal, mood change. */
const BEHAVIOURAL_SIGNS = new Set(['M1-09', 'M1-10']);

/** NPI domains that, when new, are the "changes in mood and personality" warning sign. */
const MOOD_DOMAINS = new Set(['M3-01', 'M3-03', 'M3-04', 'M3-05', 'M3-06', 'M3-08', 'M3-09']);

const QUESTION = /[嗎?？]|\b(is|does) it\b/u;
/** Words that put a message in the context of dementia care even when no cue matched. */
const DEMENTIA_WORD = /失智|阿茲海默|痴呆|癡呆|長照|cdr|\bmci\b|dementia|alzheimer/u;

interface Scored<Id extends string> {
  id: Id;
  weight: number;
  evidence: string[];
}

export function createAnalyzer(kb?: KnowledgeBase, lexicon: Lexicon = loadLexicon()): CareLineAnalyzer {
  const lex = compileLexicon(lexicon);
  const index = buildIndex(indexDocs(lexicon, kb));
  const docPos = new Map(index.ids.map((id, i) => [id, i]));
  const knowledgeVersion = createHash('sha256')
    .update(`${kb?.version ?? 'no-content'}:${lexiconVersion(lexicon)}`)
    .digest('hex')
    .slice(0, 12);

  return {
    knowledgeVersion,
    detectSafety(text) {
      return detectSafetyIn(prepareMessage(text, lex), lex);
    },
    analyze(text) {
      const msg = prepareMessage(typeof text === 'string' ? text : '', lex);
      const tokens = tokenizeWithSpans(msg.text.norm);
      const scores = index.score(tokens.map((t) => t.token));
      const retrieval: Retrieval = {
        score: (id) => scores[docPos.get(id) ?? -1] ?? 0,
        evidence: (id) => retrievalEvidence(msg, tokens, (t) => index.has(t, docPos.get(id) ?? -1)),
      };
      return analyzeMessage(msg, lex, knowledgeVersion, retrieval);
    },
  };
}

function indexDocs(lexicon: Lexicon, kb?: KnowledgeBase): IndexDoc[] {
  const fromKb = new Map(knowledgeDocs(kb).map((d) => [d.id, d.text]));
  const cueText = (cues: ReadonlyArray<{ re: string }>) => cues.map((c) => patternPhrases(c.re)).join(' ');
  const docs: IndexDoc[] = [];
  const add = (id: string, text: string) => docs.push({ id, text: mapText(`${fromKb.get(id) ?? ''} ${text}`).norm });
  for (const [id, cues] of Object.entries(lexicon.m1)) add(id, cueText(cues));
  for (const [id, cues] of Object.entries(lexicon.m3)) add(id, cueText(cues));
  for (const [id, v] of Object.entries(lexicon.m4)) add(id, cueText([...v.ask, ...v.need]));
  return docs;
}

function analyzeMessage(
  msg: Message,
  lex: CompiledLexicon,
  knowledgeVersion: string,
  retrieval: Retrieval,
): AnalysisResult {
  const ctx = lex.context;
  const safety = detectSafetyIn(msg, lex);
  const w = (cues: readonly CompiledCue[]) => msg.score(cues).weight;

  const person = w(ctx.person);
  const care = person + w(ctx.careContext);
  const traps = msg.score(ctx.wordTraps, { keepNegated: true }).weight;

  // Diagnosis (rule 2): a stated diagnosis not phrased as a suspicion; MCI counts as not diagnosed.
  const diagnosis = withoutSuspicion(msg, lex, msg.score(ctx.diagnosed));
  const mci = w(ctx.notYetDiagnosed) > 0;
  const stage = resolveStage(msg, lex);
  const dementiaStage = stage.stated !== null && stage.stated !== 'very_mild';
  const diagnosed = (diagnosis.weight > 0 || dementiaStage) && !(mci && !dementiaStage);

  const ageing = w(ctx.normalAgeing);
  // Retrieval alone never adds a label beside a red flag (the safety answer leads), and with any
  // normal-ageing sign M1 labels need their own cues (retrieval alone would echo the contrast).
  const flaggedNow = safety.flags.length > 0;
  const m1All = rankLabels(msg, lex.m1, retrieval, MIN_LABEL.m1).filter(
    (l) => l.cue >= MIN_LABEL.m1 || (ageing < 1 && !flaggedNow),
  );
  const m3All = rankLabels(msg, lex.m3, retrieval, MIN_LABEL.m3).filter((l) => l.cue >= MIN_LABEL.m3 || !flaggedNow);
  const askResource = w(ctx.askResource);
  const m4Scores = lex.m4.map((l) => {
    const ask = msg.score(l.ask);
    const need = msg.score(l.need);
    return { id: l.id, ask: ask.weight, need: need.weight, weight: ask.weight + need.weight, evidence: [] };
  });
  const casual = msg.anyOf(ctx.casual, msg.text.original.toLowerCase());
  if (casual) {
    const respite = m4Scores.find((m) => m.id === 'M4-respite')!;
    respite.weight = respite.ask;
    respite.need = 0;
  }

  const stageQuestion = w(lex.m2.question);
  const whether = w(ctx.askWhether);
  const coping = w(ctx.askCoping);
  const changeScore = msg.score(ctx.change);
  const change = changeScore.weight;

  // M1-10 is a change of mood or personality: behaviour symptoms framed as new ("以前很溫和，現在…") in
  // someone not diagnosed, or with the writer asking whether it is an illness.
  const moodSymptoms = m3All.filter((l) => MOOD_DOMAINS.has(l.id) && l.cue >= MIN_LABEL.m3);
  if (!diagnosed && moodSymptoms.length > 0 && (change >= 1 || (change > 0 && whether >= 2))) {
    const existing = m1All.find((l) => l.id === 'M1-10');
    const weight = change + moodSymptoms[0]!.cue / 2;
    if (existing) existing.cue = Math.max(existing.cue, weight);
    else {
      m1All.push({
        id: 'M1-10',
        cue: weight,
        weight,
        evidence: [...changeScore.evidence, ...moodSymptoms[0]!.evidence],
      });
    }
    m1All.sort((a, b) => b.weight - a.weight);
  }
  const m1Total = m1All.reduce((a, l) => a + (l.cue >= MIN_LABEL.m1 ? l.cue : 0), 0);
  const m3Total = m3All.reduce((a, l) => a + (l.cue >= MIN_LABEL.m3 ? l.cue : 0), 0);
  // Asking how to respond to symptoms is also a daily-care question (communication, routines).
  if (coping > 0 && (m3Total > 0 || m1Total > 0 || diagnosed)) {
    const daily = m4Scores.find((m) => m.id === 'M4-daily')!;
    daily.weight = Math.max(daily.weight, MIN_LABEL.m4 + coping / 10);
  }
  const m4Total = m4Scores.reduce((a, l) => a + l.weight, 0);
  const flagged = safety.flags.length > 0;

  // A single trap word does not outweigh a clear description of someone's symptoms.
  const described = person > 0 && m1Total + m3Total >= 2.5;
  // A resource question ("哪裡有失智家屬的講座") is not a word trap; symptoms asked about ("這是失智嗎") neither.
  const resourceQuestion = askResource > 0 && m4Total >= MIN_LABEL.m4;
  const trapped =
    !flagged &&
    ((traps >= 6 && !(described && whether > 0)) ||
      (traps >= 3 && !described && !(whether > 0 && person > 0)) ||
      (traps >= 1.5 && person === 0 && !resourceQuestion));
  const noCare = !flagged && care === 0 && whether === 0 && m1Total + m3Total + m4Total + stageQuestion < 2.5;
  if (trapped || noCare) return emptyAnalysis(knowledgeVersion, true);

  const normalAgeing =
    !flagged &&
    (m1Total > 0 || whether > 0 || (person > 0 && ageing >= 4 && askResource === 0)) &&
    !diagnosed &&
    ageing >= 2 &&
    ageing >= 0.5 * m1Total &&
    m1Total < 6 &&
    m3Total < 3 &&
    stage.stated === null;

  // Safety flags add the resource that answers them (rule 8).
  const addM4 = (id: M4Id, weight: number) => {
    const m = m4Scores.find((s) => s.id === id)!;
    m.weight = Math.max(m.weight, weight);
  };
  // A red flag always brings its resource, however weak the flag's own cue weight.
  const flagWeight = (id: string) => Math.max(MIN_LABEL.m4, safety.findings.find((f) => f.id === id)?.weight ?? 0);
  if (safety.flags.includes('missing_person')) addM4('M4-safety', flagWeight('missing_person'));
  if (safety.flags.includes('medical_emergency')) addM4('M4-medical', flagWeight('medical_emergency'));
  if (safety.flags.includes('self_harm') && safety.caregiverSelf) addM4('M4-respite', flagWeight('self_harm'));
  // The elder's own self-harm talk is also low mood; the elder's violence is also aggression (rule 8).
  const addM3 = (id: 'M3-03' | 'M3-04', flag: 'self_harm' | 'violence') => {
    const finding = safety.findings.find((f) => f.id === flag)!;
    const existing = m3All.find((l) => l.id === id);
    if (existing) {
      existing.cue = Math.max(existing.cue, finding.weight);
      existing.weight = Math.max(existing.weight, finding.weight);
    } else {
      const evidence = finding.evidence.map((e) => {
        const at = msg.text.original.indexOf(e);
        return at < 0 ? e : clauseQuote(msg.text.original, at, at + e.length);
      });
      m3All.push({ id, cue: finding.weight, weight: finding.weight, evidence });
    }
    m3All.sort((a, b) => b.weight - a.weight);
  };
  if (safety.flags.includes('self_harm') && !safety.caregiverSelf) addM3('M3-04', 'self_harm');
  if (safety.flags.includes('violence') && !safety.harmByCarer && !safety.caregiverSelf) addM3('M3-03', 'violence');
  if (safety.flags.includes('violence') && safety.harmByCarer) {
    addM4(safety.caregiverSelf ? 'M4-respite' : 'M4-legal', flagWeight('violence'));
  }

  const m1 = diagnosed || normalAgeing ? [] : m1All;
  const m4 = m4Scores
    .filter((m) => m.weight >= MIN_LABEL.m4)
    .sort((a, b) => b.weight - a.weight)
    .map((m) => ({ id: m.id, score: toScore(m.weight) }));
  const m2 = normalAgeing ? null : stageLabel(stage, diagnosed || stageQuestion > 0);

  const primary = choosePrimary({
    safety,
    normalAgeing,
    diagnosed,
    m1Weight: m1.reduce((a, l) => a + (l.cue >= MIN_LABEL.m1 ? l.cue : 0), 0),
    m1Retrieved: m1.length > 0 ? m1[0]!.weight : 0,
    declineWeight: m1Total,
    cognitiveDecline: m1All.reduce(
      (a, l) => a + (l.cue >= MIN_LABEL.m1 && !BEHAVIOURAL_SIGNS.has(l.id) ? l.cue : 0),
      0,
    ),
    m3Retrieved: m3All.length > 0 ? m3All[0]!.weight : 0,
    m3Weight: m3Total,
    m4: m4Scores,
    stageQuestion,
    hasStage: m2 !== null,
    whether,
    coping,
    change,
    askResource,
    careWords: DEMENTIA_WORD.test(msg.text.norm) ? 1 : 0,
  });
  if (primary === null) return emptyAnalysis(knowledgeVersion, true);

  return {
    primary,
    offTopic: false,
    normalAgeing,
    safety: safety.flags,
    m1: m1.map((l) => label(l)),
    m2,
    m3: m3All.map((l) => label(l)),
    m4,
    knowledgeVersion,
  };
}

interface Retrieval {
  score(id: string): number;
  evidence(id: string): string[];
}

interface RankedLabel<Id extends string> extends Scored<Id> {
  /** Summed cue weight alone (what the module decisions use). */
  cue: number;
}

/**
 * A module's labels: those with enough cue weight (plus, past a high retrieval score, the best retrieved
 * label), ranked by cue weight plus the retrieval score of the label's knowledge and phrase document.
 */
function rankLabels<Id extends string>(
  msg: Message,
  entries: ReadonlyArray<{ id: Id; cues: CompiledCue[] }>,
  retrieval: Retrieval,
  min: number,
): RankedLabel<Id>[] {
  const scored = entries.map((l) => {
    const s = msg.score(l.cues, { realOnly: true, notWriter: WRITER_DOMAINS.has(l.id) });
    return { id: l.id, cue: s.weight, r: retrieval.score(l.id), evidence: s.evidence };
  });
  const bestR = Math.max(0, ...scored.map((l) => l.r));
  return scored
    .filter((l) => l.cue >= min || (l.r === bestR && l.r >= RETRIEVAL_ONLY_MIN))
    .map((l) => ({
      id: l.id,
      cue: l.cue,
      weight: l.cue + (RETRIEVAL_WEIGHT * l.r) / 10,
      evidence: l.evidence.length > 0 ? l.evidence : retrieval.evidence(l.id),
    }))
    .filter((l) => l.evidence.length > 0)
    .sort((a, b) => b.weight - a.weight);
}

/** Runs of matched tokens (two characters or more) in the original text, best first. */
function retrievalEvidence(msg: Message, tokens: readonly SpanToken[], has: (token: string) => boolean): string[] {
  const runs: Array<[number, number]> = [];
  for (const t of tokens) {
    if (t.to - t.from < 2 || !has(t.token)) continue;
    const last = runs[runs.length - 1];
    if (last && t.from <= last[1]) last[1] = Math.max(last[1], t.to);
    else runs.push([t.from, t.to]);
  }
  const long = runs.filter(([a, b]) => b - a >= 3);
  return (long.length > 0 ? long : runs)
    .sort((a, b) => b[1] - b[0] - (a[1] - a[0]))
    .slice(0, 3)
    .map(([a, b]) => clauseSpan(msg.text, a, b))
    .filter((e) => e.length > 0);
}

function label<Id extends string>(l: Scored<Id>): ScoredLabel<Id> {
  return { id: l.id, score: toScore(l.weight), evidence: quotes(l.evidence) };
}

/** Drops diagnosis hits phrased as a suspicion or a question ("懷疑我媽有失智", "這是失智嗎？"). */
function withoutSuspicion(msg: Message, lex: CompiledLexicon, s: CueScore): { weight: number } {
  const norm = msg.text.norm;
  const kept = s.spans.filter(
    ([from, to]) =>
      !msg.anyOf(lex.context.suspect, clausePrefix(norm, from, 10)) && !QUESTION.test(clauseSuffix(norm, to, 3)),
  );
  return { weight: kept.length > 0 ? s.weight : 0 };
}
