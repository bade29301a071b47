import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/analysis/analyzer.js';
import { createConversation } from '../../src/conversation/create-conversation.js';
import type { ConversationEvent } from '../../src/conversation/types.js';
import { loadKnowledgeBase } from '../../src/knowledge/load.js';
import { createLogger } from '../../src/log/logger.js';
import { testMemoryCache } from '../fixtures/test-cache.js';
import { lineProblems } from '../helpers/line-schema.js';

/**
 * Pins the exact JSON CareLine sends for a few fixed messages. A change to a card, the composition or the
 * knowledge base shows up here as a diff to review (update with `npx vitest run -u` when intended).
 */
const kb = loadKnowledgeBase();
const conversation = createConversation({
  analyzer: createAnalyzer(kb),
  kb,
  cache: testMemoryCache(),
  logger: createLogger('silent'),
  now: () => 0,
});
const chat = { chatType: 'user' as const, replyTo: 'U', userHash: 'snapshot-user' };

const cases: Array<[string, ConversationEvent]> = [
  ['follow', { type: 'follow', chat }],
  ['m1-judgement', { type: 'text', text: '阿嬤被電台賣藥的騙了好幾萬，買了一堆保健食品，她以前超省的欸!!', chat }],
  [
    'm3-mood',
    { type: 'text', text: '媽媽情緒起伏好大，前一秒還在笑，下一秒就為了一點小事又哭又罵，我該怎麼陪她', chat },
  ],
  [
    'safety-missing',
    {
      type: 'text',
      text: '阿嬤趁我在煮飯自己開門出去了，附近公園跟市場都找過了，還是找不到人，怎麼辦',
      chat,
    },
  ],
  ['off-topic', { type: 'text', text: '今天的大樂透號碼開出來了嗎？', chat }],
  ['postback-ltc', { type: 'postback', data: 'v1|m4|M4-ltc', chat }],
];

describe('reply snapshots', () => {
  it.each(cases)('%s', async (name, event) => {
    const { messages } = await conversation.handle(event);
    expect(lineProblems(messages)).toEqual([]);
    await expect(`${JSON.stringify(messages, null, 2)}\n`).toMatchFileSnapshot(`__snapshots__/replies/${name}.json`);
  });
});
