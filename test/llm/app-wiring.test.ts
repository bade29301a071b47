import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { type FakeGemini, startFakeGemini } from '../fakes/gemini-server.js';
import { analysis, silentLogger } from './helpers.js';

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(() => fake.close());

const auth = { authorization: 'Bearer admin' };

describe('app wiring', () => {
  it('builds the enricher from GEMINI_* settings and serves its stats', async () => {
    const config = loadConfig({ GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: fake.baseUrl, ADMIN_TOKEN: 'admin' });
    const app = await buildApp(config, silentLogger);
    const answer = await app.enricher?.enrich({ text: '媽媽說我偷她的錢', analysis: analysis(), userHash: 'u' });
    expect(answer?.usedIds).toContain('M3-01');
    const stats = (await app.server.inject({ url: '/llm/stats', headers: auth })).json();
    expect(stats).toMatchObject({ enabled: true, backend: 'memory', today: { llmCalls: 1 } });
    await app.close();
    expect(await app.enricher?.enrich({ text: '再問一次', analysis: analysis(), userHash: 'u' })).toBeNull();
  });

  it('has no enricher without a key, and the stats say so', async () => {
    const app = await buildApp(loadConfig({ ADMIN_TOKEN: 'admin' }), silentLogger);
    expect(app.enricher).toBeUndefined();
    expect((await app.server.inject({ url: '/gemini/stats', headers: auth })).json()).toMatchObject({ enabled: false });
    await app.close();
  });
});
