import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBudget } from '../../src/llm/budget.js';
import { SYSTEM_INSTRUCTION } from '../../src/llm/prompt.js';
import { shouldEnrich } from '../../src/llm/should-enrich.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { type FakeGemini, startFakeGemini } from '../fakes/gemini-server.js';
import { analysis, enricherFor } from './helpers.js';

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini({ models: ['gemini-2.5-flash-lite', 'gemini-2.5-flash', 'gemini-9-preview'] });
});
afterAll(() => fake.close());
afterEach(() => {
  fake.requests.length = 0;
  fake.always(undefined);
});

const input = (text = '我媽一直說我偷她的錢，我該怎麼跟她說？', a = analysis()) => ({
  text,
  analysis: a,
  userHash: 'user-hash-1',
});

describe('Gemini enricher through the real SDK', () => {
  it('returns a grounded, validated answer and sends the request the design asks for', async () => {
    const enricher = enricherFor(fake.baseUrl);
    const answer = await enricher.enrich(input());
    expect(answer).not.toBeNull();
    expect(answer?.usedIds).toEqual(['M3-01', 'M4-daily']);
    expect(answer?.nextSteps.length).toBeGreaterThanOrEqual(2);
    expect(answer?.model).toBe('gemini-2.5-flash-lite');

    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0];
    expect(req?.model).toBe('gemini-2.5-flash-lite');
    expect(req?.body.systemInstruction?.parts?.[0]?.text).toBe(SYSTEM_INSTRUCTION);
    const config = req?.body.generationConfig;
    expect(config?.thinkingConfig?.thinkingBudget).toBe(0);
    expect(config?.responseMimeType).toBe('application/json');
    expect(config?.responseJsonSchema?.properties?.usedIds?.items?.enum).toEqual(['M3-01', 'M4-daily']);
    const userText = req?.body.contents?.[0]?.parts?.[0]?.text ?? '';
    expect(userText).toContain('[M3-01]');
    expect(userText.trimEnd().endsWith('我該怎麼跟她說?')).toBe(true);

    const stats = await enricher.stats();
    expect(stats.today).toMatchObject({ requests: 1, llmCalls: 1, cacheHits: 0 });
    expect(stats.today.tokens.prompt).toBeGreaterThan(0);
  });

  it('discards answers citing ids outside the context or the taxonomy', async () => {
    const enricher = enricherFor(fake.baseUrl);
    const good = { summary: '辛苦了，先穩住自己的情緒。', nextSteps: ['先不爭辯', '陪她一起找'] };
    fake.enqueue(
      { kind: 'answer', output: { ...good, usedIds: ['M3-05'] } },
      { kind: 'answer', output: { ...good, usedIds: ['X-99'] } },
    );
    expect(await enricher.enrich(input('問題一'))).toBeNull();
    expect(await enricher.enrich(input('問題二'))).toBeNull();
    const stats = await enricher.stats();
    expect(stats.today.failures).toMatchObject({ id_not_in_context: 1, schema: 1 });
  });

  it('discards malformed, schema-breaking, unsafe, blocked and empty answers', async () => {
    const enricher = enricherFor(fake.baseUrl);
    const base = { summary: '辛苦了。', nextSteps: ['先不爭辯', '陪她一起找'], usedIds: ['M3-01'] };
    fake.enqueue(
      { kind: 'raw_text', text: '{"summary": "cut off' },
      { kind: 'answer', output: { ...base, nextSteps: ['只有一步'] } },
      { kind: 'answer', output: { ...base, summary: '很'.repeat(121) } },
      { kind: 'answer', output: { ...base, summary: '媽媽已經確診失智症了。' } },
      { kind: 'answer', output: { ...base, nextSteps: ['每天吃 5 mg 的藥', '陪她'] } },
      { kind: 'answer', output: { ...base, nextSteps: ['打 0912-345-678 找人幫忙', '陪她'] } },
      { kind: 'prompt_blocked' },
      { kind: 'safety_stop' },
      { kind: 'thinking_ate_budget' },
    );
    for (let i = 0; i < 9; i++) expect(await enricher.enrich(input(`問題 ${i}`))).toBeNull();
    const stats = await enricher.stats();
    expect(stats.today.failures).toEqual({ not_json: 1, schema: 2, unsafe_content: 3, blocked: 2, empty: 1 });
  });

  it('converts stray Simplified characters and keeps phone numbers that the context gave', async () => {
    const enricher = enricherFor(fake.baseUrl);
    fake.enqueue({
      kind: 'answer',
      output: {
        summary: '您辛苦了，这些变化需要时间适应。',
        nextSteps: ['打长照专线 1966 询问', '记录发生的时间'],
        usedIds: ['M4-ltc'],
      },
    });
    const a = analysis({ primary: 'M4', m3: [], m4: [{ id: 'M4-ltc', score: 1 }] });
    const answer = await enricher.enrich(input('長照要怎麼申請？', a));
    expect(answer?.summary).toBe('您辛苦了，這些變化需要時間適應。');
    expect(answer?.nextSteps[0]).toBe('打長照專線 1966 詢問');
  });

  it('answers red-flag and off-topic messages at once without calling Gemini', async () => {
    const enricher = enricherFor(fake.baseUrl);
    expect(await enricher.enrich(input('爸爸不見了', analysis({ safety: ['missing_person'] })))).toBeNull();
    expect(
      await enricher.enrich(input('今天天氣', analysis({ offTopic: true, primary: null, m3: [], m4: [] }))),
    ).toBeNull();
    expect(fake.requests).toHaveLength(0);
    expect((await enricher.stats()).today.skipped).toEqual({ safety: 1, off_topic: 1 });
    expect(shouldEnrich(analysis({ safety: ['medical_emergency'] }))).toBe(false);
    expect(shouldEnrich(analysis())).toBe(true);
  });

  it('makes one call for 20 simultaneous identical questions', async () => {
    const enricher = enricherFor(fake.baseUrl);
    fake.always({ kind: 'answer', delayMs: 100 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => enricher.enrich({ ...input('我媽一直說我偷她的錢 '), userHash: `u${i}` })),
    );
    expect(fake.requests).toHaveLength(1);
    expect(answers.every((a) => a?.usedIds[0] === 'M3-01')).toBe(true);
    const stats = await enricher.stats();
    expect(stats.today).toMatchObject({ requests: 20, llmCalls: 1, cacheHits: 19 });
  });

  it('strips personal details from what Gemini receives and never sends the user id', async () => {
    const enricher = enricherFor(fake.baseUrl);
    const text =
      '王先生說我媽住台北市大安區忠孝東路四段100巷5號，電話0912-345-678，身分證A123456789，信箱wang@example.com，她一直說我偷錢';
    await enricher.enrich({ ...input(text), userHash: 'Uhash-should-not-leave' });
    const sent = JSON.stringify(fake.requests[0]?.body);
    for (const secret of [
      '王先生',
      '忠孝東路',
      '0912-345-678',
      'A123456789',
      'wang@example.com',
      'Uhash-should-not-leave',
    ]) {
      expect(sent).not.toContain(secret);
    }
    expect(sent).toContain('某先生');
    expect(sent).toContain('她一直說我偷錢');
  });

  it('computes the exact cost in micro-USD from usageMetadata and counts it in the metrics', async () => {
    const metrics = createMetrics();
    const enricher = enricherFor(fake.baseUrl, { metrics });
    fake.enqueue({
      kind: 'answer',
      usage: {
        promptTokenCount: 1000,
        cachedContentTokenCount: 200,
        candidatesTokenCount: 300,
        thoughtsTokenCount: 50,
      },
    });
    await enricher.enrich(input());
    const stats = await enricher.stats();
    // (1000 − 200) × 0.10 + 200 × 0.01 + (300 + 50) × 0.40 = 80 + 2 + 140 = 222 µUSD
    expect(stats.today.costUsd).toBe(0.000222);
    expect(stats.today.tokens).toEqual({ prompt: 1000, cached: 200, output: 300, thinking: 50 });
    expect(stats.budget.spentTodayUsd).toBe(0.000222);

    const text = await metrics.registry.metrics();
    expect(text).toContain('careline_llm_calls_total{model="gemini-2.5-flash-lite",outcome="ok"} 1');
    expect(text).toContain('careline_llm_tokens_total{model="gemini-2.5-flash-lite",kind="cached"} 200');
    expect(text).toContain('careline_llm_cost_usd_total{model="gemini-2.5-flash-lite"} 0.000222');
    await expect.poll(async () => (await metrics.llmBudgetLeftUsd.get()).values[0]?.value).toBe(0.999778);
  });

  it('reports cost as unknown for a model without a price, never as a silent zero', async () => {
    const enricher = enricherFor(fake.baseUrl, { options: { model: 'gemini-9-preview' } });
    expect(await enricher.enrich(input())).not.toBeNull();
    const stats = await enricher.stats();
    expect(stats.price).toBeNull();
    expect(stats.today.costUnknownCalls).toBe(1);
    expect(stats.today.perModel['gemini-9-preview']?.costUnknownCalls).toBe(1);
    // The budget still counts the call, at the most expensive known price.
    expect(stats.budget.spentTodayUsd).toBeGreaterThan(0);
  });

  it('answers offline once the daily budget or the user cap is used up, and says why', async () => {
    const capped = enricherFor(fake.baseUrl, {
      budget: createMemoryBudget({ dailyBudgetUsd: 0.0001, userDailyCalls: 10 }),
    });
    expect(await capped.enrich(input())).toBeNull();
    expect(fake.requests).toHaveLength(0);
    const stats = await capped.stats();
    expect(stats.today.skipped).toEqual({ budget_daily: 1 });
    expect(stats.budget.offlineBecause).toMatch(/daily budget/);

    const perUser = enricherFor(fake.baseUrl, { budget: createMemoryBudget({ dailyBudgetUsd: 1, userDailyCalls: 1 }) });
    expect(await perUser.enrich(input('第一個問題'))).not.toBeNull();
    expect(await perUser.enrich(input('第二個問題'))).toBeNull();
    expect(await perUser.enrich({ ...input('第二個問題'), userHash: 'someone-else' })).not.toBeNull();
    expect((await perUser.stats()).today.skipped).toEqual({ budget_user: 1 });
  });
});

describe('reliability', () => {
  it('gives up at the timeout and answers offline, aborting the request', async () => {
    const enricher = enricherFor(fake.baseUrl, { options: { timeoutMs: 300 } });
    fake.always({ kind: 'slow', delayMs: 60_000 });
    expect(await enricher.enrich(input())).toBeNull();
    await expect.poll(() => fake.abortedRequests).toBeGreaterThanOrEqual(1);
    const stats = await enricher.stats();
    expect(stats.today.failures).toEqual({ timeout: 1 });
    // The timed-out call may be billed: its reservation is kept.
    expect(stats.budget.spentTodayUsd).toBeGreaterThan(0);
  });

  it('retries a 429 after its RetryInfo delay when it fits the remaining time', async () => {
    const enricher = enricherFor(fake.baseUrl);
    fake.enqueue({ kind: 'rate_limited', retryDelay: '0.2s' });
    expect(await enricher.enrich(input())).not.toBeNull();
    expect(fake.requests).toHaveLength(2);
  });

  it('does not wait for a retryDelay longer than the time left, nor retry a per-day quota', async () => {
    const enricher = enricherFor(fake.baseUrl, { options: { timeoutMs: 2000 } });
    fake.enqueue(
      { kind: 'rate_limited', retryDelay: '23.47s' },
      { kind: 'rate_limited', retryDelay: '1s', perDay: true },
    );
    expect(await enricher.enrich(input('一'))).toBeNull();
    expect(await enricher.enrich(input('二'))).toBeNull();
    expect(fake.requests).toHaveLength(2);
    const stats = await enricher.stats();
    expect(stats.today.failures).toEqual({ rate_limited: 1, quota_day: 1 });
    expect(stats.budget.spentTodayUsd).toBe(0);
  });

  it('retries 503s with backoff and succeeds on the third attempt', async () => {
    const enricher = enricherFor(fake.baseUrl);
    fake.enqueue({ kind: 'plain_503' }, { kind: 'error', status: 500 });
    expect(await enricher.enrich(input())).not.toBeNull();
    expect(fake.requests).toHaveLength(3);
  });

  it('opens the circuit after consecutive failures and closes it after a good half-open probe', async () => {
    let clock = 1_000_000;
    const enricher = enricherFor(fake.baseUrl, {
      now: () => clock,
      options: { maxAttempts: 1, circuitFailures: 2, circuitOpenMs: 10_000 },
    });
    fake.always({ kind: 'plain_503' });
    expect(await enricher.enrich(input('一'))).toBeNull();
    expect(await enricher.enrich(input('二'))).toBeNull();
    expect((await enricher.stats()).circuit).toBe('open');
    expect(await enricher.enrich(input('三'))).toBeNull();
    expect(fake.requests).toHaveLength(2);

    clock += 10_000;
    expect(await enricher.enrich(input('四'))).toBeNull(); // the probe fails: open again
    expect(fake.requests).toHaveLength(3);
    expect((await enricher.stats()).circuit).toBe('open');

    clock += 10_000;
    fake.always(undefined);
    expect(await enricher.enrich(input('五'))).not.toBeNull();
    const stats = await enricher.stats();
    expect(stats.circuit).toBe('closed');
    expect(stats.today.skipped).toEqual({ circuit_open: 1 });
    expect(stats.today.failures).toEqual({ server_error: 3 });
  });

  it('aborts calls in flight on shutdown and answers offline afterwards', async () => {
    const enricher = enricherFor(fake.baseUrl, { options: { timeoutMs: 60_000 } });
    fake.always({ kind: 'slow', delayMs: 60_000 });
    const pending = enricher.enrich(input());
    await expect.poll(() => fake.requests.length).toBe(1);
    enricher.close();
    expect(await pending).toBeNull();
    expect(await enricher.enrich(input('之後'))).toBeNull();
    expect((await enricher.stats()).today.skipped).toEqual({ shutdown: 1 });
    expect(fake.requests).toHaveLength(1);
  });
});
