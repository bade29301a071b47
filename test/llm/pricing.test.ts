import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { costMicroUsd, findPrice, priceTable, worstCasePrice } from '../../src/llm/pricing.js';

const usage = (promptTokens: number, candidatesTokens: number, thoughtsTokens = 0, cachedTokens = 0) => ({
  promptTokens,
  candidatesTokens,
  thoughtsTokens,
  cachedTokens,
});

describe('cost in micro-USD', () => {
  const table = priceTable(undefined);
  it('matches the reference examples exactly', () => {
    const flash = findPrice(table, 'gemini-2.5-flash');
    const lite = findPrice(table, 'models/gemini-2.5-flash-lite');
    if (!flash || !lite) throw new Error('default prices missing');
    expect(costMicroUsd(usage(1000, 300), flash)).toBe(1050);
    expect(costMicroUsd(usage(1000, 300, 1000), flash)).toBe(3550);
    expect(costMicroUsd(usage(1000, 300), lite)).toBe(220);
  });

  it('bills cached tokens at the cached price and thinking at the output price', () => {
    const flash = findPrice(table, 'gemini-2.5-flash');
    if (!flash) throw new Error('default prices missing');
    // (1000 − 400) × 0.30 + 400 × 0.03 + (100 + 20) × 2.50 = 180 + 12 + 300
    expect(costMicroUsd(usage(1000, 100, 20, 400), flash)).toBe(492);
  });

  it('rounds each call up to a whole micro-dollar, without float noise', () => {
    const lite = findPrice(table, 'gemini-2.5-flash-lite');
    if (!lite) throw new Error('default prices missing');
    expect(costMicroUsd(usage(3, 0), lite)).toBe(1); // 0.3 µUSD
    expect(costMicroUsd(usage(30, 0), lite)).toBe(3); // 0.1 × 30 = 3.0000000000000004 in floats
  });

  it('takes overrides from GEMINI_PRICES_JSON over the defaults', () => {
    const config = loadConfig({
      GEMINI_PRICES_JSON: '{"gemini-2.5-flash-lite":{"input":0.2,"output":0.8},"new-model":{"input":1,"output":2}}',
    });
    const merged = priceTable(config.GEMINI_PRICES_JSON);
    expect(findPrice(merged, 'gemini-2.5-flash-lite')).toEqual({ input: 0.2, output: 0.8 });
    expect(findPrice(merged, 'gemini-2.5-flash')?.input).toBe(0.3);
    expect(findPrice(merged, 'new-model-001')).toEqual({ input: 1, output: 2 });
    expect(findPrice(merged, 'unknown')).toBeUndefined();
    expect(worstCasePrice(merged)).toEqual({ input: 1.5, output: 10 });
  });

  it('rejects a malformed price table at startup with a hint', () => {
    expect(() => loadConfig({ GEMINI_PRICES_JSON: '{"m":{"input":"cheap"}}' })).toThrow(/GEMINI_PRICES_JSON/);
    expect(() => loadConfig({ GEMINI_PRICES_JSON: 'not json' })).toThrow(/not valid JSON/);
  });
});
