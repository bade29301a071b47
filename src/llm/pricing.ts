import { DEFAULT_GEMINI_PRICES, type ModelPrice, type PriceTable } from '../config/gemini-prices.js';

/** Token counts from a response's usageMetadata; absent counts are 0. */
export interface Usage {
  promptTokens: number;
  cachedTokens: number;
  candidatesTokens: number;
  thoughtsTokens: number;
}

export function priceTable(overrides: PriceTable | undefined): PriceTable {
  return { ...DEFAULT_GEMINI_PRICES, ...overrides };
}

/** The price of a model id (a `models/` prefix or a `-001` style version suffix resolves to the base id). */
export function findPrice(table: PriceTable, model: string): ModelPrice | undefined {
  const id = model.replace(/^models\//, '');
  return table[id] ?? table[id.replace(/-\d{3}$/, '')];
}

/**
 * Exact cost of one call in integer micro-USD, rounded up once per call. A price in USD per 1M tokens is
 * micro-USD per token: (prompt − cached) × input + cached × cachedInput + (candidates + thoughts) × output.
 */
export function costMicroUsd(usage: Usage, price: ModelPrice): number {
  const cachedPrice = price.cachedInput ?? price.input;
  const cached = Math.min(usage.cachedTokens, usage.promptTokens);
  const micro =
    (usage.promptTokens - cached) * price.input +
    cached * cachedPrice +
    (usage.candidatesTokens + usage.thoughtsTokens) * price.output;
  // Round away float noise (0.1 × 3 = 0.30000000000000004) before rounding up.
  return Math.ceil(Math.round(micro * 1e6) / 1e6);
}

/** The most expensive price in the table: the budget's stand-in for a model with no known price. */
export function worstCasePrice(table: PriceTable): ModelPrice {
  const prices = Object.values(table);
  return {
    input: Math.max(...prices.map((p) => p.input)),
    output: Math.max(...prices.map((p) => p.output)),
  };
}
