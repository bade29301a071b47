import { z } from 'zod';
import { TAXONOMY } from '../knowledge/taxonomy.js';
import { toTraditional } from '../text/normalise.js';
import type { ContextItem } from './context.js';

export const SUMMARY_MAX_CHARS = 120;

/** Every taxonomy id an answer may cite (safety ids are never LLM context). */
const TAXONOMY_IDS: ReadonlySet<string> = new Set(
  [TAXONOMY.M1, TAXONOMY.M2, TAXONOMY.M3, TAXONOMY.M4].flatMap((set) => set.items.map((i) => i.id)),
);

/** responseJsonSchema for one call: usedIds is limited to the ids in that call's context. */
export function responseJsonSchema(contextIds: readonly string[]): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      summary: { type: 'string', description: `同理加重點，最多 ${SUMMARY_MAX_CHARS} 字，繁體中文` },
      nextSteps: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 4 },
      followUpQuestion: { type: 'string' },
      usedIds: { type: 'array', items: { type: 'string', enum: [...contextIds] }, minItems: 1 },
    },
    required: ['summary', 'nextSteps', 'usedIds'],
    propertyOrdering: ['summary', 'nextSteps', 'followUpQuestion', 'usedIds'],
  };
}

const chars = (s: string) => [...s].length;
const line = z
  .string()
  .transform((s) => toTraditional(s.trim()))
  .pipe(z.string().min(1));

const outputSchema = z.object({
  summary: line.refine((s) => chars(s) <= SUMMARY_MAX_CHARS, `summary over ${SUMMARY_MAX_CHARS} characters`),
  nextSteps: z
    .array(line.refine((s) => chars(s) <= 80, 'next step too long'))
    .min(2)
    .max(4),
  followUpQuestion: z
    .string()
    .optional()
    .transform((s) => (s?.trim() ? toTraditional(s.trim()) : undefined)),
  usedIds: z.array(z.string().refine((id) => TAXONOMY_IDS.has(id), 'not a taxonomy id')).min(1),
});

export type ValidatedOutput = z.infer<typeof outputSchema>;

export type InvalidReason = 'not_json' | 'schema' | 'id_not_in_context' | 'unsafe_content';

// A diagnosis verdict, a dose, or a phone number that the context did not give.
const VERDICT = /確診|诊断为|診斷為|就是失智症|得了失智症/;
const DOSE = /\d+(?:\.\d+)?\s*(?:mg|毫克|微克|mcg|ml|毫升|顆|錠|粒)/i;
const PHONE_LIKE = /(?<!\d)\d(?:[\d-]{1,12}\d)?(?!\d)/g;

/**
 * Parses and checks the model's JSON text against the schema, the taxonomy and the given context.
 * Returns the cleaned answer (Simplified characters converted to Traditional) or why it was discarded.
 */
export function validateOutput(
  text: string,
  context: readonly ContextItem[],
): { ok: true; value: ValidatedOutput } | { ok: false; reason: InvalidReason } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  const parsed = outputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'schema' };
  const value = parsed.data;
  const allowed = new Set(context.map((c) => c.id));
  if (!value.usedIds.every((id) => allowed.has(id))) return { ok: false, reason: 'id_not_in_context' };
  value.usedIds = [...new Set(value.usedIds)];

  const answer = [value.summary, ...value.nextSteps, value.followUpQuestion ?? ''].join('\n');
  if (VERDICT.test(answer) || DOSE.test(answer)) return { ok: false, reason: 'unsafe_content' };
  const contextText = context.map((c) => c.text).join('\n');
  const numbers = answer.match(PHONE_LIKE) ?? [];
  const unknownPhone = numbers.some((n) => n.replace(/-/g, '').length >= 3 && !isAllowedNumber(n, contextText));
  if (unknownPhone) return { ok: false, reason: 'unsafe_content' };
  return { ok: true, value };
}

/** Numbers of three or more digits must be emergency numbers or appear in the context (phones, hotlines). */
function isAllowedNumber(n: string, contextText: string): boolean {
  if (n === '110' || n === '119') return true;
  return contextText.includes(n);
}
