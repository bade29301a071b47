import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyAnalysis } from '../../src/analysis/empty-analysis.js';
import type { AnalysisResult, Analyzer } from '../../src/analysis/types.js';
import { createRateLimiter, USER_OVER_LIMIT_TEXT } from '../../src/cache/rate-limiter.js';
import { createRedisCache } from '../../src/cache/redis-cache.js';
import type { Cache } from '../../src/cache/types.js';
import { createConversation } from '../../src/conversation/create-conversation.js';
import { createFeedbackStore } from '../../src/conversation/feedback.js';
import { createSessionStore } from '../../src/conversation/session.js';
import type { ChatContext, ConversationEvent } from '../../src/conversation/types.js';
import type { Enricher } from '../../src/llm/types.js';
import { createLogger } from '../../src/log/logger.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { fixtureKnowledgeBase } from '../fixtures/knowledge-fixture.js';
import { TEST_TTLS, testMemoryCache } from '../fixtures/test-cache.js';
import { lineProblems } from '../helpers/line-schema.js';
import { type SpawnedRedis, spawnRedis } from '../helpers/redis-server.js';

const kb = fixtureKnowledgeBase();
const base: AnalysisResult = emptyAnalysis(kb.version);

/** Canned analyses keyed by message, so the handler's routing is what is under test. */
const canned: Record<string, AnalysisResult> = {
  忘記: {
    ...base,
    primary: 'M1',
    m1: [{ id: 'M1-01', score: 2, evidence: ['忘記'] }],
    m2: { id: 'mild', score: 1, evidence: ['忘記'] },
  },
  走失: { ...base, primary: 'M4', safety: ['missing_person'], m4: [{ id: 'M4-safety', score: 1 }] },
  天氣: { ...base, offTopic: true },
};
const analyzer: Analyzer = {
  knowledgeVersion: kb.version,
  analyze: (text) => canned[text] ?? base,
};

const chat = (userHash = 'user-hash-1', chatType: ChatContext['chatType'] = 'user'): ChatContext => ({
  chatType,
  replyTo: 'Uraw',
  userHash,
});

const clock = { now: Date.UTC(2026, 0, 1) };

function setup(enricher?: Enricher, cache: Cache = testMemoryCache(clock)) {
  const metrics = createMetrics();
  const conversation = createConversation({
    analyzer,
    kb,
    cache,
    enricher,
    logger: createLogger('silent'),
    metrics,
    now: () => clock.now,
  });
  return { cache, metrics, conversation };
}

const postbacksIn = (messages: unknown): string[] =>
  [...JSON.stringify(messages).matchAll(/"data":"([^"]+)"/g)].map((m) => m[1] as string);

describe('conversation handler', () => {
  it('answers text with cards that LINE accepts and keeps a session (ids only) for its TTL', async () => {
    const cache = testMemoryCache(clock);
    const { conversation } = setup(undefined, cache);
    const { messages } = await conversation.handle({ type: 'text', text: '忘記', chat: chat() });
    expect(lineProblems(messages)).toEqual([]);
    expect(messages[0]?.type).toBe('flex');
    const sessions = createSessionStore(cache);
    const session = await sessions.get('user-hash-1');
    expect(session).toMatchObject({ primary: 'M1', m1: ['M1-01'], m2: 'mild' });
    expect(JSON.stringify(session)).not.toContain('忘記'); // no message text, no evidence
    clock.now += (TEST_TTLS.session + 1) * 1000;
    expect(await sessions.get('user-hash-1')).toBeUndefined();
  });

  it('puts the safety card first and does not wait for the LLM on a red flag', async () => {
    let called = 0;
    const { conversation } = setup({
      enrich: async () => {
        called += 1;
        return null;
      },
    });
    const { messages } = await conversation.handle({ type: 'text', text: '走失', chat: chat() });
    expect(JSON.stringify(messages[0])).toContain('tel:110');
    expect(called).toBe(0);
  });

  it('shows the enrichment when the enricher answers', async () => {
    const { conversation } = setup({
      enrich: async ({ analysis }) => ({
        summary: `重點：${analysis.primary}`,
        nextSteps: ['記錄', '就醫'],
        usedIds: ['M1-01'],
        model: 'fake',
      }),
    });
    const { messages } = await conversation.handle({ type: 'text', text: '忘記', chat: chat() });
    expect(JSON.stringify(messages)).toContain('重點：M1');
    expect(JSON.stringify(messages)).toContain('AI 依 CareLine 知識庫整理');
    expect(lineProblems(messages)).toEqual([]);
  });

  it('welcomes a new follower with the disclaimer and three suggested questions', async () => {
    const { conversation } = setup();
    const { messages } = await conversation.handle({ type: 'follow', chat: chat() });
    expect(lineProblems(messages)).toEqual([]);
    const last = messages.at(-1);
    expect(last?.type).toBe('text');
    expect(JSON.stringify(last)).toContain('本服務僅供參考，無法取代專業醫療診斷');
    const messageActions = last?.quickReply?.items?.filter((i) => i.action?.type === 'message');
    expect(messageActions).toHaveLength(3);
  });

  it.each(['sticker', 'image', 'audio', 'video', 'file', 'location'] as const)(
    'answers %s with a friendly note that CareLine reads text',
    async (mediaType) => {
      const { conversation } = setup();
      const { messages } = await conversation.handle({ type: 'media', mediaType, chat: chat() });
      expect(lineProblems(messages)).toEqual([]);
      expect(JSON.stringify(messages)).toContain('只看得懂文字');
      expect(messages[0]?.quickReply?.items?.length).toBeGreaterThan(0);
    },
  );

  it('stores 這不符合我的情況 for FEEDBACK_TTL_S, counts it once, and marks whether it was in the last answer', async () => {
    const cache = testMemoryCache(clock);
    const { conversation, metrics } = setup(undefined, cache);
    const answer = await conversation.handle({ type: 'text', text: '忘記', chat: chat() });
    const fb = postbacksIn(answer.messages).find((d) => d === 'v1|fb|M1-01');
    expect(fb).toBeDefined();
    const reply = await conversation.handle({ type: 'postback', data: fb as string, chat: chat() });
    expect(JSON.stringify(reply.messages)).toContain('謝謝您告訴我們');
    await conversation.handle({ type: 'postback', data: fb as string, chat: chat() });
    const store = createFeedbackStore(cache);
    expect(await store.list('user-hash-1')).toEqual([
      { target: 'M1-01', module: 'M1', knowledgeVersion: kb.version, inLastAnswer: true, at: clock.now },
    ]);
    const counted = (await metrics.feedback.get()).values.find((v) => v.labels.module === 'M1');
    expect(counted?.value).toBe(1);
    expect((await cache.stats()).namespaces.feedback.keys).toBe(1);
    clock.now += (TEST_TTLS.feedback - 1) * 1000;
    expect(await store.list('user-hash-1')).toHaveLength(1);
    clock.now += 2000;
    expect(await store.list('user-hash-1')).toEqual([]);
  });

  describe.each(['memory', 'redis'] as const)('unfollow on the %s cache', (backend) => {
    let redis: SpawnedRedis | undefined;
    let client: Redis | undefined;
    beforeAll(async () => {
      if (backend !== 'redis') return;
      redis = await spawnRedis();
      client = new Redis(redis.url);
      await client.ping();
    });
    afterAll(async () => {
      client?.disconnect();
      await redis?.stop();
    });

    it('deletes the session and the feedback of that user only', async () => {
      const cache =
        backend === 'redis'
          ? createRedisCache({
              client: client as Redis,
              prefix: 'test',
              ttlSeconds: TEST_TTLS,
              logger: createLogger('silent'),
              opTimeoutMs: 1000,
            })
          : testMemoryCache();
      const { conversation } = setup(undefined, cache);
      const users = ['user-hash-1', 'user-hash-2'];
      for (const user of users) {
        await conversation.handle({ type: 'text', text: '忘記', chat: chat(user) });
        await conversation.handle({ type: 'postback', data: 'v1|fb|M1-01', chat: chat(user) });
      }
      const sessions = createSessionStore(cache);
      const feedback = createFeedbackStore(cache);
      for (const user of users) {
        expect(await sessions.get(user)).toBeDefined();
        expect(await feedback.list(user)).toHaveLength(1);
      }
      const { messages } = await conversation.handle({ type: 'unfollow', chat: chat('user-hash-1') });
      expect(messages).toEqual([]);
      expect(await sessions.get('user-hash-1')).toBeUndefined();
      expect(await feedback.list('user-hash-1')).toEqual([]);
      expect(await sessions.get('user-hash-2')).toBeDefined();
      expect(await feedback.list('user-hash-2')).toHaveLength(1);
      if (client) expect(await client.keys('*user-hash-1*')).toEqual([]);
    });
  });

  it('over the per-user limit says so once, then stays quiet', async () => {
    const cache = testMemoryCache(clock);
    const rateLimiter = createRateLimiter({
      name: 'user',
      limitPerWindow: 2,
      prefix: 'test',
      logger: createLogger('silent'),
      now: () => clock.now,
    });
    const conversation = createConversation({ analyzer, kb, cache, logger: createLogger('silent'), rateLimiter });
    const send = () => conversation.handle({ type: 'text', text: '忘記', chat: chat() });
    expect((await send()).messages[0]?.type).toBe('flex');
    expect((await send()).messages[0]?.type).toBe('flex');
    expect((await send()).messages).toEqual([{ type: 'text', text: USER_OVER_LIMIT_TEXT }]);
    expect((await send()).messages).toEqual([]);
    // A red flag is answered with the safety card even over the limit.
    const urgent = await conversation.handle({ type: 'text', text: '走失', chat: chat() });
    expect(JSON.stringify(urgent.messages[0])).toContain('tel:110');
  });

  it('the stage-scale postback marks the estimate remembered from the last answer', async () => {
    const { conversation } = setup();
    await conversation.handle({ type: 'text', text: '忘記', chat: chat() });
    const { messages } = await conversation.handle({ type: 'postback', data: 'v1|m2', chat: chat() });
    expect(lineProblems(messages)).toEqual([]);
    expect(JSON.stringify(messages)).toContain('▲ 較接近');
    expect(JSON.stringify(messages)).toContain(kb.m2[1]?.name);
  });

  it('still answers when the analysis itself fails', async () => {
    const broken: Analyzer = {
      knowledgeVersion: 'x',
      analyze: () => {
        throw new Error('lexicon bug');
      },
    };
    const conversation = createConversation({
      analyzer: broken,
      kb,
      cache: testMemoryCache(),
      logger: createLogger('silent'),
    });
    const { messages } = await conversation.handle({ type: 'text', text: '忘記', chat: chat() });
    expect(lineProblems(messages)).toEqual([]);
    expect(JSON.stringify(messages)).toContain('這次的說明卡片暫時無法顯示');
  });

  it('answers an unknown or outdated postback kindly', async () => {
    const { conversation } = setup();
    for (const data of ['v0|m1|M1-01', 'v1|m1|M1-99', 'garbage']) {
      const { messages } = await conversation.handle({ type: 'postback', data, chat: chat() } as ConversationEvent);
      expect(JSON.stringify(messages)).toContain('這個按鈕已經失效了');
    }
  });
});
