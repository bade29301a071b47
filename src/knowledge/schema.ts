import { z } from 'zod';

/**
 * Schema of the knowledge base. Objects are strict: a misspelt optional field is an error, not silently dropped.
 * Content files (src/knowledge/data/content/*.json) hold what caregivers read;
 * the analysis engine's matching lexicon (cues) lives beside them and is validated by the analysis code.
 * Every item names its sources by id from sources.json.
 */
const text = z.string().min(1);
const texts = (min = 1, max = 8) => z.array(text).min(min).max(max);
const sourceRefs = z.array(z.string().min(1)).min(1);

export const sourceSchema = z.strictObject({
  id: z.string().min(1),
  publisher: text,
  title: text,
  url: z.string().url().optional(),
});

export const phoneSchema = z
  .string()
  .regex(/^(0800-\d{3}-\d{3}|0\d{1,2}-\d{6,8}|1\d{2,3})$/, 'not a Taiwan phone number');

export const contactSchema = z.strictObject({
  label: text,
  phone: phoneSchema.optional(),
  url: z.string().url().startsWith('https://').optional(),
});

export const m1ItemSchema = z.strictObject({
  id: z.string().regex(/^M1-(0[1-9]|10)$/),
  name: text,
  summary: text,
  looksLike: texts(2, 6),
  /** The "normal ageing" side of the side-by-side contrast. */
  normalAgeing: text,
  /** The "warning sign" side of the contrast. */
  warningSign: text,
  nextSteps: texts(2, 4),
  sources: sourceRefs,
});

export const abilityKeys = ['memory', 'orientation', 'judgement', 'community', 'homeHobbies', 'personalCare'] as const;

export const m2ItemSchema = z.strictObject({
  id: z.enum(['very_mild', 'mild', 'moderate', 'severe']),
  cdr: z.number(),
  name: text,
  summary: text,
  abilities: z.strictObject(
    Object.fromEntries(abilityKeys.map((k) => [k, text])) as Record<(typeof abilityKeys)[number], typeof text>,
  ),
  expect: texts(2, 5),
  careFocus: texts(2, 5),
  sources: sourceRefs,
});

export const m3ItemSchema = z.strictObject({
  id: z.string().regex(/^M3-(0[1-9]|1[0-2])$/),
  key: text,
  name: text,
  description: text,
  triggers: texts(2, 6),
  strategies: texts(2, 4),
  seeDoctor: text,
  sources: sourceRefs,
});

export const resourceSchema = z.strictObject({
  name: text,
  provides: text,
  eligibility: text.optional(),
  howToApply: text.optional(),
  phone: phoneSchema.optional(),
  url: z.string().url().startsWith('https://').optional(),
});

export const m4ItemSchema = z.strictObject({
  id: z.enum(['M4-medical', 'M4-ltc', 'M4-respite', 'M4-community', 'M4-safety', 'M4-legal', 'M4-daily']),
  name: text,
  summary: text,
  resources: z.array(resourceSchema).min(1).max(6),
  sources: sourceRefs,
});

export const safetyItemSchema = z.strictObject({
  id: z.enum(['missing_person', 'medical_emergency', 'self_harm', 'violence']),
  name: text,
  /** Short lines saying what to do right now, most urgent first. */
  doNow: texts(2, 5),
  calls: z
    .array(contactSchema.extend({ phone: phoneSchema }))
    .min(1)
    .max(3),
  /** What is NOT this flag (documented for reviewers and the engine's tests). */
  notAFlag: texts(1, 6),
  sources: sourceRefs,
});

export const normalAgeingSchema = z.strictObject({
  summary: text,
  examples: texts(2, 6),
  whenToWorry: texts(2, 6),
  sources: sourceRefs,
});

export const knowledgeBaseSchema = z.strictObject({
  sources: z.array(sourceSchema).min(1),
  m1: z.array(m1ItemSchema).length(10),
  m2: z.array(m2ItemSchema).length(4),
  m3: z.array(m3ItemSchema).length(12),
  m4: z.array(m4ItemSchema).length(7),
  safety: z.array(safetyItemSchema).length(4),
  normalAgeing: normalAgeingSchema,
});

export type KnowledgeSource = z.infer<typeof sourceSchema>;
export type M1Item = z.infer<typeof m1ItemSchema>;
export type M2Item = z.infer<typeof m2ItemSchema>;
export type M3Item = z.infer<typeof m3ItemSchema>;
export type M4Item = z.infer<typeof m4ItemSchema>;
export type Resource = z.infer<typeof resourceSchema>;
export type SafetyItem = z.infer<typeof safetyItemSchema>;
export type NormalAgeingInfo = z.infer<typeof normalAgeingSchema>;
export type KnowledgeContent = z.infer<typeof knowledgeBaseSchema>;

/** The loaded knowledge base: validated content plus its content version (a hash). */
export interface KnowledgeBase extends KnowledgeContent {
  version: string;
}
