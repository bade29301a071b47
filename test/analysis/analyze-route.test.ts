import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log/logger.js';

let app: App;

beforeAll(async () => {
  app = await buildApp(loadConfig({}), createLogger('silent'));
});
afterAll(async () => {
  await app.close();
});

const post = (payload: unknown) =>
  app.server.inject({ method: 'POST', url: '/api/analyze', payload: payload as Record<string, unknown> });

describe('POST /api/analyze', () => {
  it('answers the analysis result', async () => {
    const res = await post({ text: '  阿公最近常常忘記關瓦斯，鍋子都燒焦了  ' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.primary).toBe('M1');
    expect(body.m1[0].evidence.length).toBeGreaterThan(0);
    expect(typeof body.knowledgeVersion).toBe('string');
  });

  it('accepts exactly 2000 characters and rejects 2001', async () => {
    expect((await post({ text: '媽'.repeat(2000) })).statusCode).toBe(200);
    const tooLong = await post({ text: '媽'.repeat(2001) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ error: 'bad_request', limit: 2000, length: 2001 });
  });

  it('rejects empty, whitespace-only, missing and non-string text with a clear message', async () => {
    for (const payload of [{ text: '' }, { text: '   \n ' }, {}, { text: 42 }]) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().message).toMatch(/text/);
    }
  });
});
