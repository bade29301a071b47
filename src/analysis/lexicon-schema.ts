import { z } from 'zod';

/**
 * Schema of the matching lexicon (src/knowledge/data/lexicon/*.json). A cue is a regular expression over the
 * normalised message (lower case, Traditional Chinese, half-width, no emoji) with a weight: how strongly one
 * match of it speaks for its label. Patterns describe phenomena, not whole sentences.
 */
const pattern = z
  .string()
  .min(1)
  .superRefine((source, ctx) => {
    let re: RegExp;
    try {
      re = new RegExp(source, 'u');
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a valid regular expression' });
      return;
    }
    if (re.test('')) ctx.addIssue({ code: 'custom', message: 'pattern matches the empty string' });
  });

export const cueSchema = z.object({
  re: pattern,
  w: z.number().positive().max(5),
  /** Optional note for reviewers: what the cue stands for. */
  note: z.string().optional(),
});
const cues = z.array(cueSchema);
const patterns = z.array(pattern).min(1);

const m1Ids = ['M1-01', 'M1-02', 'M1-03', 'M1-04', 'M1-05', 'M1-06', 'M1-07', 'M1-08', 'M1-09', 'M1-10'] as const;
const m3Ids = [
  'M3-01',
  'M3-02',
  'M3-03',
  'M3-04',
  'M3-05',
  'M3-06',
  'M3-07',
  'M3-08',
  'M3-09',
  'M3-10',
  'M3-11',
  'M3-12',
] as const;
const m4Ids = ['M4-medical', 'M4-ltc', 'M4-respite', 'M4-community', 'M4-safety', 'M4-legal', 'M4-daily'] as const;
const stageIds = ['very_mild', 'mild', 'moderate', 'severe'] as const;
const flagIds = ['missing_person', 'medical_emergency', 'self_harm', 'violence'] as const;

const record = <K extends string, V extends z.ZodType>(keys: readonly K[], value: V) =>
  z.object(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, V>).strict();

export const m1LexiconSchema = record(m1Ids, cues.min(3));
export const m3LexiconSchema = record(m3Ids, cues.min(3));
export const m4LexiconSchema = record(
  m4Ids,
  z.object({
    /** The writer asks for this resource (where, how, cost, who to call). */
    ask: cues.min(2),
    /** The situation implies the need without asking. */
    need: cues,
  }),
);
export const m2LexiconSchema = z.object({
  /** A stage named by the writer or a clinician ("中度失智", "CDR 2"). */
  stated: record(stageIds, cues.min(1)),
  /** What the person can still do, stage by stage (CDR domains). */
  functional: record(stageIds, cues.min(2)),
  /** "Between mild and moderate": no single stage (rule 7). */
  between: patterns,
  /** Marks a stage mention as past ("以前是中度", "之前評 CDR 1"). */
  past: patterns,
  /** Questions about stage, progression or what comes next. */
  question: cues.min(2),
});

export const safetyLexiconSchema = z.object({
  flags: record(
    flagIds,
    z.object({
      cues: cues.min(3),
      /** Patterns that cancel a match when found in the same sentence (not a danger now). */
      notNow: z.array(pattern),
    }),
  ),
  /** Minimum summed weight for a flag. */
  threshold: z.number().positive(),
  /** A denial right before a cue, at the end of its clause prefix ("不是昏倒", "i'm not suicidal"). */
  denial: patterns,
  /** Between an earlier cancelling marker and a cue, marks the danger as happening again now ("今天又"). */
  renewal: patterns,
  /** In the clause before a missing-person or medical cue: the writer imagines it ("如果走丟"). */
  hypothetical: patterns,
  /** Before a missing-person or medical cue in its sentence: the event is past unless a renewal follows. */
  past: patterns,
  /** The caregiver speaking of their own despair (→ primary M4) rather than the elder's (→ M3). */
  caregiverSelf: patterns,
  /** Harm done by the caregiver or a hired or family carer (→ primary M4). */
  harmByCarer: patterns,
});

export const contextLexiconSchema = z.object({
  /** Words that negate a cue directly after them in the same clause ("沒有迷路", "還不會"). */
  negation: patterns,
  /** Casual tone that turns hyperbole ("累死了😂") into no flag. */
  casual: patterns,
  /** Normal-ageing signs: recalled later, retraced, occasional, long-standing, explained by eyesight. */
  normalAgeing: cues.min(4),
  /** Dementia words used about something else: a pet, a TV drama, a school report, a password. */
  wordTraps: cues.min(4),
  /** The person cared for named by kin term or role (爸, 阿嬤, 老公, grandma…). */
  person: cues.min(1),
  /** Dementia and care words: with `person`, the signal that a message is about caring for someone. */
  careContext: cues.min(2),
  /** Words that turn what follows into a suspicion or hypothesis ("懷疑她有失智"). */
  suspect: patterns,
  /** A person already diagnosed with dementia (rule 2). */
  diagnosed: cues.min(2),
  /** Mild cognitive impairment or "questionable": counts as not diagnosed (rule 2). */
  notYetDiagnosed: cues.min(2),
  /** "Is this dementia?", "is it normal?", "old age or illness?" */
  askWhether: cues.min(2),
  /** "How do I cope / talk / handle it?" */
  askCoping: cues.min(2),
  /** Words of a resource request (apply, cost, where, eligibility): they turn a need into an ask. */
  askResource: cues.min(1),
  /** A before/after contrast of the person ("以前很溫和，現在…"): a change, not a trait. */
  change: cues.min(2),
});

export const lexiconSchema = z.object({
  m1: m1LexiconSchema,
  m2: m2LexiconSchema,
  m3: m3LexiconSchema,
  m4: m4LexiconSchema,
  safety: safetyLexiconSchema,
  context: contextLexiconSchema,
});

export type Cue = z.infer<typeof cueSchema>;
export type Lexicon = z.infer<typeof lexiconSchema>;
export { flagIds, m1Ids, m3Ids, m4Ids, stageIds };
