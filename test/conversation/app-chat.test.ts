import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log/logger.js';
import { lineProblems } from '../helpers/line-schema.js';

/** The composition root wires the real conversation (analyzer, knowledge, cache) behind POST /api/chat. */
let app: App;
beforeAll(async () => {
  app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), createLogger('silent'));
});
afterAll(() => app.close());

const chat = (payload: object) => app.server.inject({ method: 'POST', url: '/api/chat', payload });

describe('app: POST /api/chat on the embedded defaults', () => {
  it('answers a red-flag message with the safety card first and a working tel: link', async () => {
    const res = await chat({ text: '爸爸剛剛在浴室滑倒撞到頭，現在一直想睡叫不太醒', sessionId: 'app-test' });
    expect(res.statusCode).toBe(200);
    const { messages } = res.json();
    expect(lineProblems(messages)).toEqual([]);
    expect(JSON.stringify(messages[0])).toMatch(/"uri":"tel:119"/);
  });

  it('follows a quick reply postback and stores feedback for the simulator user', async () => {
    const answer = (await chat({ text: '媽媽一天問好幾次同一件事，剛吃過飯又說沒吃', sessionId: 'app-test' })).json();
    const feedback = JSON.stringify(answer.messages).match(/"data":"(v1\|fb\|[^"]+)"/)?.[1];
    expect(feedback).toBeDefined();
    const res = await chat({ postback: feedback as string, sessionId: 'app-test' });
    expect(JSON.stringify(res.json().messages)).toContain('謝謝您告訴我們');
    expect((await app.cache.stats()).namespaces.feedback.keys).toBe(1);
    const counted = (await app.metrics.feedback.get()).values.reduce((n, v) => n + v.value, 0);
    expect(counted).toBe(1);
  });
});
