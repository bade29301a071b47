import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userKey } from '../../src/cache/keys.js';
import { createIdHasher } from '../../src/log/hash-id.js';
import { type FakeLine, startFakeLine } from '../fakes/line-server.js';
import {
  followEvent,
  postbackEvent,
  postWebhook,
  stickerEvent,
  textEvent,
  unfollowEvent,
  webhookBody,
} from '../helpers/line-webhook.js';
import { SECRET, startApp, type TestApp, TOKEN } from './harness.js';

const SALT = 'end-to-end-salt';

type Sent = { type: string; altText?: string; text?: string; quickReply?: { items: unknown[] } };

/** The real conversation behind the real webhook: everything CareLine sends must be valid for LINE. */
describe('webhook → conversation → LINE', () => {
  let line: FakeLine;
  let t: TestApp;
  beforeAll(async () => {
    line = await startFakeLine({ channelAccessToken: TOKEN });
    t = await startApp(line, { USER_ID_SALT: SALT }, { real: true });
  });
  afterAll(async () => {
    await t.close();
    await line.close();
  });

  const sentFor = (replyToken: string | undefined): Sent[] => {
    const call = line.replies().find((c) => (c.body as { replyToken: string }).replyToken === replyToken);
    return (call?.body as { messages: Sent[] } | undefined)?.messages ?? [];
  };

  it('answers text, follow, sticker, a group keyword and a postback with messages LINE accepts', async () => {
    const text = textEvent('媽媽最近常常重複問同樣的問題，剛吃完飯又說還沒吃');
    const follow = followEvent({ userId: `U${'5'.repeat(32)}` });
    const sticker = stickerEvent({ userId: `U${'6'.repeat(32)}` });
    const group = textEvent('小幫手 爸爸晚上一直起來走來走去，怎麼辦', {
      source: { type: 'group', groupId: `C${'8'.repeat(32)}` },
    });
    await postWebhook(t.url, webhookBody([text, follow, sticker, group]), { secret: SECRET });
    expect(await t.settled(4)).toEqual({ handled: 4 });
    expect(line.problems()).toEqual([]);

    const answer = sentFor(text.replyToken);
    expect(answer.length).toBeGreaterThan(0);
    expect(answer.some((m) => m.type === 'flex')).toBe(true);
    expect(sentFor(follow.replyToken).at(-1)?.quickReply?.items.length).toBeGreaterThanOrEqual(3);
    expect(sentFor(sticker.replyToken).length).toBeGreaterThan(0);
    expect(sentFor(group.replyToken).length).toBeGreaterThan(0);
    expect(line.callsTo('push')).toEqual([]);

    // A button CareLine sent leads somewhere valid too.
    const data = JSON.stringify(answer).match(/"data":"([^"]+)"/)?.[1];
    expect(data).toBeDefined();
    const tap = postbackEvent(data!, { userId: text.source.type === 'user' ? text.source.userId : undefined });
    await postWebhook(t.url, webhookBody([tap]), { secret: SECRET });
    await t.settled(5);
    expect(sentFor(tap.replyToken).length).toBeGreaterThan(0);
    expect(line.problems()).toEqual([]);
  });

  it('forgets a user who blocks CareLine: unfollow deletes the session kept for them', async () => {
    const userId = `U${'9'.repeat(32)}`;
    const key = [userKey(createIdHasher(SALT)(userId))];
    const before = (await t.app.metrics.events.get()).values.reduce((n, v) => n + v.value, 0);
    await postWebhook(t.url, webhookBody([textEvent('奶奶最近晚上都睡不著，一直叫人', { userId })]), {
      secret: SECRET,
    });
    await t.settled(before + 1);
    expect(await t.app.cache.get('session', key)).toBeDefined();
    await postWebhook(t.url, webhookBody([unfollowEvent({ userId })]), { secret: SECRET });
    await t.settled(before + 2);
    expect(await t.app.cache.get('session', key)).toBeUndefined();
  });
});
