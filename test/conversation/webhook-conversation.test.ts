import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLine, startFakeLine } from '../fakes/line-server.js';
import { type RunningApp, startApp } from '../helpers/app-server.js';
import {
  followEvent,
  postbackEvent,
  postWebhook,
  stickerEvent,
  textEvent,
  unfollowEvent,
  webhookBody,
} from '../helpers/line-webhook.js';
import { type SpawnedRedis, spawnRedis } from '../helpers/redis-server.js';
import { SECRET, TOKEN } from '../line/harness.js';

/**
 * The real conversation behind the real webhook, sending through the real SDK to the fake LINE server
 * (which validates every outgoing message against LINE's schema and limits), with state in a real Redis.
 */
let line: FakeLine;
let redis: SpawnedRedis;
let client: Redis;
let running: RunningApp;
const USER_A = `U${'a'.repeat(32)}`;
const USER_B = `U${'c'.repeat(32)}`;

beforeAll(async () => {
  [line, redis] = await Promise.all([startFakeLine({ channelAccessToken: TOKEN }), spawnRedis()]);
  client = new Redis(redis.url);
  running = await startApp({
    LINE_CHANNEL_SECRET: SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
    LINE_API_BASE_URL: line.url,
    REDIS_URL: redis.url,
    USER_ID_SALT: 'webhook-conversation-test',
  });
  for (let i = 0; i < 200 && !(await running.app.cache.stats()).connected; i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
});
afterAll(async () => {
  await running?.close();
  client?.disconnect();
  await Promise.all([line?.close(), redis?.stop()]);
});

async function send(event: object): Promise<unknown[]> {
  const before = line.replies().length;
  expect((await postWebhook(running.baseUrl, webhookBody([event]), { secret: SECRET })).status).toBe(200);
  const replies = await line.waitForCalls('reply', before + 1);
  return (replies[before]?.body as { messages?: unknown[] } | undefined)?.messages ?? [];
}

const userKeys = async (hashTag: string) => (await client.keys('*')).filter((k) => k.includes(hashTag));

describe('webhook → conversation → LINE', () => {
  it('answers follow, text, postbacks and stickers with messages LINE accepts, and unfollow forgets the user', async () => {
    const welcome = await send(followEvent({ userId: USER_A }));
    expect(JSON.stringify(welcome)).toContain('歡迎使用 CareLine');

    const answer = await send(textEvent('媽媽一天問好幾次同一件事，剛吃過飯又說沒吃', { userId: USER_A }));
    expect(JSON.stringify(answer)).toContain('記憶減退影響到生活');
    const feedback = JSON.stringify(answer).match(/"data":"(v1\|fb\|M1-01)"/)?.[1] as string;
    expect(feedback).toBeDefined();
    expect(JSON.stringify(await send(postbackEvent(feedback, { userId: USER_A })))).toContain('謝謝您告訴我們');
    expect(JSON.stringify(await send(postbackEvent('v1|ov', { userId: USER_A })))).toContain('失智症十大警訊');
    expect(JSON.stringify(await send(stickerEvent({ userId: USER_A })))).toContain('只看得懂文字');

    const flagged = await send(textEvent('阿公早上出門到現在還沒回來，附近都找過了找不到人', { userId: USER_B }));
    expect(JSON.stringify(flagged[0])).toContain('tel:110');
    await send(postbackEvent('v1|fb|M4-safety', { userId: USER_B }));

    expect(line.problems()).toEqual([]);

    // Both users have a session and feedback stored in Redis under their hash tag.
    const tags = [...new Set((await client.keys('*{u:*')).map((k) => k.match(/\{u:[^}]+\}/)?.[0] as string))];
    expect(tags.length).toBeGreaterThanOrEqual(2);
    const before = await Promise.all(tags.map(userKeys));
    expect(
      before.every((keys) => keys.some((k) => k.includes(':session:')) && keys.some((k) => k.includes(':feedback:'))),
    ).toBe(true);

    const settledBefore = line.calls.length;
    expect(
      (await postWebhook(running.baseUrl, webhookBody([unfollowEvent({ userId: USER_A })]), { secret: SECRET })).status,
    ).toBe(200);
    // Unfollow sends nothing; wait until user A's session is gone.
    let after: string[][] = before;
    for (let i = 0; i < 200; i++) {
      after = await Promise.all(tags.map(userKeys));
      if (after.some((keys) => !keys.some((k) => k.includes(':session:')))) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const gone = after.filter((keys) => !keys.some((k) => k.includes(':session:') || k.includes(':feedback:')));
    const kept = after.filter(
      (keys) => keys.some((k) => k.includes(':session:')) && keys.some((k) => k.includes(':feedback:')),
    );
    expect(gone).toHaveLength(1);
    expect(kept).toHaveLength(tags.length - 1);
    expect(line.calls.length).toBe(settledBefore);
  });
});
