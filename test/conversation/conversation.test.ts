import { describe, expect, it } from 'vitest';
import type { AnalysisResult, Analyzer } from '../../src/analysis/types.js';
import { createConversation } from '../../src/conversation/create-conversation.js';
import type { ChatContext, ConversationEvent } from '../../src/conversation/types.js';
import type { Enricher } from '../../src/llm/types.js';
import { createLogger } from '../../src/log/logger.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { fixtureKnowledgeBase } from '../fixtures/knowledge-fixture.js';
import { createRecordingCache } from '../fixtures/recording-cache.js';
import { lineProblems } from '../helpers/line-schema.js';

const kb = fixtureKnowledgeBase();
const base: AnalysisResult = {
  primary: null,
  offTopic: false,
  normalAgeing: false,
  safety: [],
  m1: [],
  m2: null,
  m3: [],
  m4: [],
  knowledgeVersion: kb.version,
};

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

const chat = (userHash = 'u1', chatType: ChatContext['chatType'] = 'user'): ChatContext => ({
  chatType,
  replyTo: 'Uraw',
  userHash,
});

function setup(enricher?: Enricher) {
  const cache = createRecordingCache();
  const metrics = createMetrics();
  const conversation = createConversation({
    analyzer,
    kb,
    cache,
    enricher,
    logger: createLogger('silent'),
    metrics,
    sessionTtlSeconds: 7200,
    feedbackTtlSeconds: 2_592_000,
  });
  return { cache, metrics, conversation };
}

const postbacksIn = (messages: unknown): string[] =>
  [...JSON.stringify(messages).matchAll(/"data":"([^"]+)"/g)].map((m) => m[1] as string);

describe('conversation handler', () => {
  it('answers text with cards that LINE accepts and saves a session with a TTL', async () => {
    const { conversation, cache } = setup();
    const { messages } = await conversation.handle({ type: 'text', text: '忘記', chat: chat() });
    expect(lineProblems(messages)).toEqual([]);
    expect(messages[0]?.type).toBe('flex');
    const session = [...cache.entries].find(([k]) => k.startsWith('session:'));
    expect(session?.[1].ttlSeconds).toBe(7200);
    expect(JSON.stringify(session?.[1].value)).not.toContain('忘記'); // ids only, no message text
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

  it('stores 這不符合我的情況 with the feedback TTL, counts it once, and marks whether it was in the last answer', async () => {
    const { conversation, cache, metrics } = setup();
    const answer = await conversation.handle({ type: 'text', text: '忘記', chat: chat() });
    const fb = postbacksIn(answer.messages).find((d) => d === 'v1|fb|M1-01');
    expect(fb).toBeDefined();
    const reply = await conversation.handle({ type: 'postback', data: fb as string, chat: chat() });
    expect(JSON.stringify(reply.messages)).toContain('謝謝您告訴我們');
    await conversation.handle({ type: 'postback', data: fb as string, chat: chat() });
    const stored = [...cache.entries].find(([k]) => k.startsWith('feedback:'));
    expect(stored?.[1].ttlSeconds).toBe(2_592_000);
    expect(stored?.[1].value).toEqual([
      { target: 'M1-01', module: 'M1', knowledgeVersion: kb.version, inLastAnswer: true, at: expect.any(Number) },
    ]);
    const counted = (await metrics.feedback.get()).values.find((v) => v.labels.module === 'M1');
    expect(counted?.value).toBe(1);
    expect((await cache.stats()).namespaces.feedback.keys).toBe(1);
  });

  it('unfollow deletes the session and the feedback of that user only', async () => {
    const { conversation, cache } = setup();
    for (const user of ['u1', 'u2']) {
      await conversation.handle({ type: 'text', text: '忘記', chat: chat(user) });
      await conversation.handle({ type: 'postback', data: 'v1|fb|M1-01', chat: chat(user) });
    }
    expect((await cache.stats()).namespaces.session.keys).toBe(2);
    const { messages } = await conversation.handle({ type: 'unfollow', chat: chat('u1') });
    expect(messages).toEqual([]);
    const keys = [...cache.entries.keys()];
    expect(keys.filter((k) => k.includes('"u1"'))).toEqual([]);
    expect(keys.filter((k) => k.includes('"u2"'))).toHaveLength(2);
  });

  it('the stage-scale postback marks the estimate remembered from the last answer', async () => {
    const { conversation } = setup();
    await conversation.handle({ type: 'text', text: '忘記', chat: chat() });
    const { messages } = await conversation.handle({ type: 'postback', data: 'v1|m2', chat: chat() });
    expect(lineProblems(messages)).toEqual([]);
    expect(JSON.stringify(messages)).toContain('▲ 較接近');
    expect(JSON.stringify(messages)).toContain(kb.m2[1]?.name);
  });

  it('answers an unknown or outdated postback kindly', async () => {
    const { conversation } = setup();
    for (const data of ['v0|m1|M1-01', 'v1|m1|M1-99', 'garbage']) {
      const { messages } = await conversation.handle({ type: 'postback', data, chat: chat() } as ConversationEvent);
      expect(JSON.stringify(messages)).toContain('這個按鈕已經失效了');
    }
  });
});
