import { z } from 'zod';

/** USD per 1M tokens (= micro-USD per token), paid tier, standard, text input. */
export const modelPriceSchema = z.object({
  input: z.number().min(0),
  output: z.number().min(0),
  /** Price of implicitly or explicitly cached input tokens; the input price when a model lists none. */
  cachedInput: z.number().min(0).optional(),
  /** The day the price was read or takes effect (YYYY-MM-DD). */
  effectiveDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export const priceTableSchema = z.record(z.string().min(1), modelPriceSchema);

export type ModelPrice = z.infer<typeof modelPriceSchema>;
export type PriceTable = z.infer<typeof priceTableSchema>;

/**
 * Default Gemini prices from shared/reference/gemini.md §6.1 (official pricing page read 2026-09-20 for 2.5,
 * 2026-10-07 for 3.x). Prices change and models retire: override with GEMINI_PRICES_JSON, which is merged
 * over this table model by model. 2.5 Pro is listed at its ≤200k-token prompt price (CareLine's prompts are
 * far smaller). Models without a cached price are billed at the input price for cached tokens (an upper bound).
 */
export const DEFAULT_GEMINI_PRICES: PriceTable = {
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cachedInput: 0.03, effectiveDate: '2026-09-20' },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cachedInput: 0.01, effectiveDate: '2026-09-20' },
  'gemini-2.5-pro': { input: 1.25, output: 10, cachedInput: 0.125, effectiveDate: '2026-09-20' },
  'gemini-3.5-flash-lite': { input: 0.3, output: 2.5, effectiveDate: '2026-10-07' },
  'gemini-3.5-flash': { input: 1.5, output: 9, effectiveDate: '2026-10-07' },
  // Promotional price until 2026-12-31, then input 1.50 / output 7.50: override before that day.
  'gemini-3.8-flash': { input: 0.75, output: 3.75, cachedInput: 0.075, effectiveDate: '2026-10-07' },
};
