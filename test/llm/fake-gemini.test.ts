import { ApiError, GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGemini, fakeTokenCount, startFakeGemini } from '../fakes/gemini-server.js';
import './helpers.js';

let fake: FakeGemini;
let ai: GoogleGenAI;
beforeAll(async () => {
  fake = await startFakeGemini();
  ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: fake.baseUrl } });
});
afterAll(() => fake.close());

const status = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: unknown) => (e instanceof ApiError ? e.status : -1),
  );

describe('fake Gemini server through the real SDK', () => {
  it('counts tokens deterministically (0.74 per CJK character, 4 other characters per token)', async () => {
    expect(fakeTokenCount('記憶abcd')).toBe(3);
    const counted = await ai.models.countTokens({ model: 'gemini-2.5-flash-lite', contents: '媽媽一直忘記吃藥' });
    expect(counted.totalTokens).toBe(Math.ceil(8 * 0.74));
  });

  it('answers with usageMetadata whose total adds up', async () => {
    const res = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: '你好' });
    const u = res.usageMetadata;
    expect(u?.promptTokenCount).toBe(2);
    expect(u?.totalTokenCount).toBe((u?.promptTokenCount ?? 0) + (u?.candidatesTokenCount ?? 0));
    expect(JSON.parse(res.text ?? '')).toHaveProperty('summary');
  });

  it('rejects a wrong key, an unknown model and an out-of-range thinking budget like Google does', async () => {
    const wrongKey = new GoogleGenAI({ apiKey: 'nope', httpOptions: { baseUrl: fake.baseUrl } });
    expect(await status(wrongKey.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' }))).toBe(400);
    expect(await status(ai.models.generateContent({ model: 'gemini-1.0-gone', contents: 'x' }))).toBe(404);
    const pro = ai.models.generateContent({
      model: 'gemini-2.5-pro',
      contents: 'x',
      config: { thinkingConfig: { thinkingBudget: 0 } },
    });
    expect(await status(pro)).toBe(400);
  });

  it('sends Google-shaped 429 bodies with QuotaFailure and RetryInfo', async () => {
    fake.enqueue({ kind: 'rate_limited', retryDelay: '29.72s', perDay: true });
    const err = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const details = JSON.parse((err as ApiError).message).error.details as { '@type': string; retryDelay?: string }[];
    expect(details.find((d) => d['@type'].endsWith('RetryInfo'))?.retryDelay).toBe('29.72s');
    expect(JSON.stringify(details)).toContain('PerDay');
  });

  it('logs every request with its headers and parsed body', () => {
    const last = fake.requests.at(-1);
    expect(last?.headers['x-goog-api-key']).toBe('test-key');
    expect(last?.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(last?.body.contents?.[0]?.parts?.[0]?.text).toBe('x');
  });
});
