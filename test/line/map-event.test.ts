import { describe, expect, it } from 'vitest';
import { mapWebhookEvent } from '../../src/line/map-event.js';
import { webhookBodySchema } from '../../src/line/webhook-body.js';
import { createIdHasher } from '../../src/log/hash-id.js';
import { followEvent, postbackEvent, stickerEvent, textEvent, webhookBody } from '../helpers/line-webhook.js';

const opts = { hashId: createIdHasher('salt'), groupKeyword: '小幫手' };
const map = (event: object) => {
  const [parsed] = webhookBodySchema.parse(webhookBody([event])).events;
  return mapWebhookEvent(parsed!, opts);
};
const room = { type: 'room' as const, roomId: `R${'1'.repeat(32)}`, userId: `U${'2'.repeat(32)}` };

describe('webhook event → conversation event', () => {
  it('strips every self mention wherever it is, keeping other mentions', () => {
    const text = '@Amy 你看 @CareLine 媽媽一直找東西';
    const mapped = map(
      textEvent(text, {
        source: room,
        mention: {
          mentionees: [
            { index: 0, length: 4, type: 'user', isSelf: false },
            { index: 8, length: 9, type: 'user', isSelf: true },
          ],
        },
      }),
    );
    expect(mapped).toEqual({
      event: {
        type: 'text',
        text: '@Amy 你看  媽媽一直找東西',
        chat: { chatType: 'room', replyTo: room.roomId, userHash: opts.hashId(room.userId) },
      },
    });
  });

  it('takes the keyword only at the start, with punctuation after it', () => {
    expect(map(textEvent('小幫手：爸爸會迷路', { source: room }))).toMatchObject({ event: { text: '爸爸會迷路' } });
    expect(map(textEvent('我問小幫手一件事', { source: room }))).toEqual({
      ignored: 'group message not addressed to CareLine',
    });
  });

  it('keeps 1:1 text whole, even when it starts with the keyword', () => {
    expect(map(textEvent('小幫手你好'))).toMatchObject({ event: { type: 'text', text: '小幫手你好' } });
  });

  it('maps postback params and media in 1:1; ignores media and follow in groups', () => {
    expect(map(postbackEvent('a=1', { params: { date: '2026-11-26' } }))).toMatchObject({
      event: { type: 'postback', data: 'a=1', params: { date: '2026-11-26' } },
    });
    expect(map(stickerEvent())).toMatchObject({ event: { type: 'media', mediaType: 'sticker' } });
    expect(map(stickerEvent({ source: room }))).toEqual({ ignored: 'sticker message in room chat' });
    expect(map(followEvent({ source: room }))).toEqual({ ignored: 'follow outside 1:1' });
  });

  it('hashes ids: the raw user id appears only in replyTo', () => {
    const userId = `U${'3'.repeat(32)}`;
    const mapped = map(textEvent('你好', { userId }));
    expect('event' in mapped && mapped.event.chat.userHash).not.toContain(userId);
    expect('event' in mapped && mapped.event.chat.replyTo).toBe(userId);
  });
});
