import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerLlmStatsRoutes } from '../../src/http/llm-stats-routes.js';
import { createHttpServer } from '../../src/http/server.js';
import { type FakeGemini, startFakeGemini } from '../fakes/gemini-server.js';
import { analysis, enricherFor, silentLogger } from './helpers.js';

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(() => fake.close());

describe('GET /gemini/stats', () => {
  it('needs the admin token and serves the same stats on /llm/stats', async () => {
    const enricher = enricherFor(fake.baseUrl);
    await enricher.enrich({ text: '我媽一直說我偷她的錢', analysis: analysis(), userHash: 'u' });
    const server = createHttpServer(silentLogger);
    registerLlmStatsRoutes(server, 'admin-secret', () => enricher.stats());

    expect((await server.inject({ url: '/gemini/stats' })).statusCode).toBe(401);
    const wrong = await server.inject({ url: '/llm/stats', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);

    for (const url of ['/gemini/stats', '/llm/stats']) {
      const res = await server.inject({ url, headers: { authorization: 'Bearer admin-secret' } });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({
        enabled: true,
        model: 'gemini-2.5-flash-lite',
        today: { requests: 1, llmCalls: 1 },
      });
      expect(body.today.avgPromptTokensPerCall).toBeGreaterThan(0);
      expect(body.budget.leftUsd).toBeLessThan(1);
      expect(body.price).toMatchObject({ input: 0.1, output: 0.4, effectiveDate: '2026-09-20' });
    }
    await server.close();
  });

  it('says the LLM is off when there is no enricher, and is disabled without ADMIN_TOKEN', async () => {
    const server = createHttpServer(silentLogger);
    registerLlmStatsRoutes(server, 't', undefined);
    const res = await server.inject({ url: '/gemini/stats', headers: { authorization: 'Bearer t' } });
    expect(res.json()).toMatchObject({ enabled: false });
    const closed = createHttpServer(silentLogger);
    registerLlmStatsRoutes(closed, undefined, undefined);
    expect((await closed.inject({ url: '/gemini/stats' })).statusCode).toBe(403);
    await server.close();
    await closed.close();
  });
});
