import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, Analyzer } from '../../src/analysis/types.js';
import { createConversation } from '../../src/conversation/create-conversation.js';
import { registerChatRoute } from '../../src/http/chat-route.js';
import { createHttpServer } from '../../src/http/server.js';
import { loadKnowledgeBase } from '../../src/knowledge/load.js';
import { createIdHasher } from '../../src/log/hash-id.js';
import { createLogger } from '../../src/log/logger.js';
import { testMemoryCache } from '../fixtures/test-cache.js';
import { lineProblems } from '../helpers/line-schema.js';

const kb = loadKnowledgeBase();
const result: AnalysisResult = {
  primary: 'M3',
  offTopic: false,
  normalAgeing: false,
  safety: [],
  m1: [],
  m2: null,
  m3: [{ id: 'M3-03', score: 2, evidence: ['大吼'] }],
  m4: [],
  knowledgeVersion: kb.version,
};
const analyzer: Analyzer = { knowledgeVersion: kb.version, analyze: () => result };
const logger = createLogger('silent');
const cache = testMemoryCache();
const server = createHttpServer(logger);
registerChatRoute(server, {
  conversation: createConversation({
    analyzer,
    kb,
    cache,
    logger,
  }),
  hashId: createIdHasher('test-salt'),
});

beforeAll(() => server.ready());
afterAll(() => server.close());

const post = (payload: unknown) => server.inject({ method: 'POST', url: '/api/chat', payload: payload as object });

describe('POST /api/chat', () => {
  it('returns the messages a text would get on LINE', async () => {
    const res = await post({ text: '爸爸晚上一直大吼' });
    expect(res.statusCode).toBe(200);
    const { messages } = res.json();
    expect(lineProblems(messages)).toEqual([]);
    expect(JSON.stringify(messages)).toContain(kb.m3[2]?.name);
  });

  it('routes a postback through the same handlers and remembers the simulator user', async () => {
    const res = await post({ postback: 'v1|fb|M3-03', sessionId: 'tab-1' });
    expect(res.statusCode).toBe(200);
    expect(JSON.stringify(res.json().messages)).toContain('謝謝您告訴我們');
    expect((await cache.stats()).namespaces.feedback.keys).toBe(1);
  });

  it('sends the welcome for {event: "follow"}', async () => {
    const res = await post({ event: 'follow' });
    expect(res.statusCode).toBe(200);
    expect(JSON.stringify(res.json().messages)).toContain('歡迎使用 CareLine');
  });

  it.each([{}, { text: '' }, { text: '嗨', postback: 'v1|ov' }, { postback: 'x'.repeat(301) }, { text: 3 }])(
    'rejects %j with 400',
    async (body) => {
      const res = await post(body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('bad_request');
    },
  );
});
