import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge/load.js';
import { rankIds, selectContext } from '../../src/llm/context.js';
import { buildPrompt, SYSTEM_INSTRUCTION } from '../../src/llm/prompt.js';
import { estimateTokens } from '../../src/llm/tokens.js';
import { analysis } from './helpers.js';

const kb = loadKnowledgeBase();
const rich = analysis({
  primary: 'M3',
  m1: [{ id: 'M1-07', score: 0.95, evidence: [] }],
  m2: { id: 'mild', score: 0.3, evidence: [] },
  m3: [
    { id: 'M3-01', score: 0.6, evidence: [] },
    { id: 'M3-09', score: 0.4, evidence: [] },
  ],
  m4: [{ id: 'M4-daily', score: 0.5 }],
});

describe('estimateTokens', () => {
  it('counts about 1.35 Chinese characters and 4 Latin characters per token', () => {
    expect(estimateTokens('記'.repeat(135))).toBe(100);
    expect(estimateTokens('a'.repeat(400))).toBe(100);
    expect(estimateTokens('')).toBe(0);
  });
});

describe('context selection', () => {
  it('puts the primary module first, then the rest by score', () => {
    expect(rankIds(rich)).toEqual(['M3-01', 'M3-09', 'M1-07', 'M4-daily', 'mild']);
  });

  it('takes the top k items', () => {
    expect(selectContext(rich, kb, 2, 10_000).map((c) => c.id)).toEqual(['M3-01', 'M3-09']);
  });

  it('keeps the context within the token budget, cutting the first item when it alone is too big', () => {
    const one = selectContext(rich, kb, 4, 150);
    expect(one.length).toBeLessThan(4);
    expect(one.reduce((a, c) => a + estimateTokens(c.text) + 1, 0)).toBeLessThanOrEqual(150);
    const tiny = selectContext(rich, kb, 4, 20);
    expect(tiny.map((c) => c.id)).toEqual(['M3-01']);
    expect(estimateTokens(tiny[0]?.text ?? '')).toBeLessThanOrEqual(19);
  });

  it('never includes safety items', () => {
    const flagged = analysis({ safety: ['missing_person'], m3: [], m4: [{ id: 'M4-safety', score: 1 }] });
    expect(selectContext(flagged, kb, 4, 1000).map((c) => c.id)).toEqual(['M4-safety']);
  });
});

describe('buildPrompt', () => {
  it('keeps the stable system text apart and the whole question last, even past the context budget', () => {
    const question = `${'媽媽最近一直重複問同樣的問題，'.repeat(200)}我該怎麼辦？`;
    const prompt = buildPrompt(question, rich, kb, { topK: 4, contextTokenBudget: 100 });
    expect(prompt.systemInstruction).toBe(SYSTEM_INSTRUCTION);
    expect(prompt.userText.endsWith(question.normalize('NFKC'))).toBe(true);
    expect(prompt.estimatedPromptTokens).toBeGreaterThan(estimateTokens(question));
  });

  it('writes the rules the model must follow into the system instruction', () => {
    for (const rule of ['不做診斷', '藥物', '參考資料以外', '繁體中文']) expect(SYSTEM_INSTRUCTION).toContain(rule);
  });
});
