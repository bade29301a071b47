import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/line/signature.js';
import { type FakeLine, startFakeLine } from '../fakes/line-server.js';
import {
  followEvent,
  postWebhook,
  signBody,
  stickerEvent,
  textEvent,
  unfollowEvent,
  unknownEvent,
  webhookBody,
} from '../helpers/line-webhook.js';
import { SECRET, startApp, type TestApp, TOKEN } from './harness.js';

// LINE's official test vector (developers.line.biz, "Verify webhook signature").
const VECTOR = {
  body: '{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[]}',
  secret: '8c570fa6dd201bb328f1c1eac23a96d8',
  signature: 'GhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLs=',
};

describe('signature check', () => {
  it("matches LINE's official test vector and rejects any change", () => {
    expect(verifySignature(Buffer.from(VECTOR.body), VECTOR.signature, [VECTOR.secret])).toBe(true);
    expect(verifySignature(Buffer.from(`${VECTOR.body} `), VECTOR.signature, [VECTOR.secret])).toBe(false);
    expect(verifySignature(Buffer.from(VECTOR.body), VECTOR.signature, [SECRET])).toBe(false);
    expect(verifySignature(Buffer.from(VECTOR.body), undefined, [VECTOR.secret])).toBe(false);
    expect(verifySignature(Buffer.from(VECTOR.body), 'not base64!', [VECTOR.secret])).toBe(false);
  });

  it('accepts the official vector over HTTP, byte for byte', async () => {
    const line = await startFakeLine({ channelAccessToken: TOKEN });
    const t = await startApp(line, { LINE_CHANNEL_SECRET: VECTOR.secret });
    try {
      expect((await postWebhook(t.url, VECTOR.body, { signature: VECTOR.signature })).status).toBe(200);
      const spaced = VECTOR.body.replace('"events"', ' "events"');
      expect((await postWebhook(t.url, spaced, { signature: VECTOR.signature })).status).toBe(401);
    } finally {
      await t.close();
      await line.close();
    }
  });
});

describe('POST /webhook', () => {
  let line: FakeLine;
  let t: TestApp;
  beforeAll(async () => {
    line = await startFakeLine({ channelAccessToken: TOKEN });
  });
  afterAll(() => line.close());
  beforeEach(async () => {
    line.reset();
    t = await startApp(line, { LINE_CHANNEL_SECRET_PREVIOUS: 'fedcba9876543210fedcba9876543210' });
  });
  afterEach(async () => {
    await t.close();
    expect(line.problems()).toEqual([]);
  });

  it('rejects a forged or missing signature with 401 and processes nothing', async () => {
    const body = webhookBody([textEvent('我媽媽一直重複問同樣的問題')]);
    const forged = await postWebhook(t.url, body, { secret: 'ffffffffffffffffffffffffffffffff' });
    expect(forged.status).toBe(401);
    expect((await postWebhook(t.url, body)).status).toBe(401);
    const tampered = JSON.stringify(body);
    expect((await postWebhook(t.url, `${tampered} `, { signature: signBody(tampered, SECRET) })).status).toBe(401);
    // A valid request afterwards is the only one that reaches the handler and LINE.
    expect((await postWebhook(t.url, webhookBody([followEvent()]), { secret: SECRET })).status).toBe(200);
    await t.settled(1);
    expect(t.handler.events.map((e) => e.type)).toEqual(['follow']);
    expect(line.callsTo('reply')).toHaveLength(1);
  });

  it('accepts the previous secret while rotating', async () => {
    const body = webhookBody([]);
    expect((await postWebhook(t.url, body, { secret: 'fedcba9876543210fedcba9876543210' })).status).toBe(200);
  });

  it('reads the signature header whatever its case, and counts answers by status', async () => {
    const body = JSON.stringify(webhookBody([]));
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${t.url}/webhook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-LINE-SIGNATURE': signBody(body, SECRET) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(200);
    await postWebhook(t.url, body);
    const counted = (await t.app.metrics.webhookRequests.get()).values.map((v) => [v.labels.status, v.value]);
    expect(counted.sort()).toEqual([
      ['200', 1],
      ['401', 1],
    ]);
  });

  it('answers 400 to bad JSON, 413 over 1 MB, 415 to another content type, 400 to a wrong shape', async () => {
    expect((await postWebhook(t.url, '{"events": [', { secret: SECRET })).status).toBe(400);
    const big = JSON.stringify({ destination: 'U1', events: [], pad: 'x'.repeat(1024 * 1024) });
    expect((await postWebhook(t.url, big, { secret: SECRET })).status).toBe(413);
    const form = await postWebhook(t.url, 'a=1', { secret: SECRET, contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const shape = await postWebhook(t.url, { destination: 'U1', events: [{ type: 'message' }] }, { secret: SECRET });
    expect(shape.status).toBe(400);
    expect((shape.body as { error: string }).error).toBe('bad_webhook_body');
    expect(t.handler.events).toEqual([]);
  });

  it('answers 200 to an empty event list (the Verify button) and to unknown event types', async () => {
    const empty = await postWebhook(t.url, webhookBody([]), { secret: SECRET });
    expect(empty).toEqual({ status: 200, body: {} });
    expect((await postWebhook(t.url, webhookBody([unknownEvent()]), { secret: SECRET })).status).toBe(200);
    expect(await t.settled(1)).toEqual({ ignored: 1 });
    expect(line.calls).toEqual([]);
  });

  it('handles every event of a request, from different users, each with its own reply', async () => {
    const users = [`U${'a'.repeat(32)}`, `U${'c'.repeat(32)}`, `U${'d'.repeat(32)}`];
    const events = [
      textEvent('爸爸晚上不睡覺一直走來走去', { userId: users[0] }),
      stickerEvent({ userId: users[1] }),
      followEvent({ userId: users[2] }),
    ];
    expect((await postWebhook(t.url, webhookBody(events), { secret: SECRET })).status).toBe(200);
    expect(await t.settled(3)).toEqual({ handled: 3 });
    const tokens = line.replies().map((c) => (c.body as { replyToken: string }).replyToken);
    expect(tokens.sort()).toEqual(events.map((e) => e.replyToken).sort());
    expect(t.handler.events.map((e) => e.type).sort()).toEqual(['follow', 'media', 'text']);
    const hashes = new Set(t.handler.events.map((e) => e.chat.userHash));
    expect(hashes.size).toBe(3);
    for (const h of hashes) expect(users.join()).not.toContain(h);
  });

  it('answers a redelivered event once (memory dedupe)', async () => {
    const event = textEvent('媽媽忘記關瓦斯');
    await postWebhook(t.url, webhookBody([event]), { secret: SECRET });
    const again = { ...event, deliveryContext: { isRedelivery: true } };
    await postWebhook(t.url, webhookBody([again, event]), { secret: SECRET });
    expect(await t.settled(3)).toEqual({ handled: 1, duplicate: 2 });
    expect(line.replies()).toHaveLength(1);
    expect(t.handler.events).toHaveLength(1);
  });

  it('sends nothing in standby mode', async () => {
    const events = [textEvent('有人在嗎', { mode: 'standby' }), followEvent({ mode: 'standby' })];
    expect((await postWebhook(t.url, webhookBody(events), { secret: SECRET })).status).toBe(200);
    expect(await t.settled(2)).toEqual({ standby: 2 });
    expect(t.handler.events).toEqual([]);
    expect(line.calls).toEqual([]);
  });

  it('ignores a group message without mention or keyword, answers the keyword and the mention', async () => {
    const group = { type: 'group' as const, groupId: `C${'9'.repeat(32)}`, userId: `U${'7'.repeat(32)}` };
    const plain = textEvent('今天晚餐吃什麼', { source: group });
    const keyword = textEvent('小幫手 奶奶一直說有人偷她的錢', { source: group });
    const mentionText = '@CareLine 爺爺會迷路';
    const mention = textEvent(mentionText, {
      source: group,
      mention: { mentionees: [{ index: 0, length: 9, type: 'user', isSelf: true }] },
    });
    const other = textEvent('@Amy 你好', {
      source: group,
      mention: { mentionees: [{ index: 0, length: 4, type: 'user', isSelf: false }] },
    });
    const bare = textEvent('小幫手', { source: group });
    await postWebhook(t.url, webhookBody([plain, keyword, mention, other, bare]), { secret: SECRET });
    expect(await t.settled(5)).toEqual({ ignored: 2, handled: 3 });
    const texts = t.handler.events.map((e) => (e.type === 'text' ? e.text : e.type)).sort();
    expect(texts).toEqual(['', '奶奶一直說有人偷她的錢', '爺爺會迷路']);
    expect(t.handler.events.every((e) => e.chat.chatType === 'group' && e.chat.replyTo === group.groupId)).toBe(true);
    expect(line.replies()).toHaveLength(3);
    expect(line.callsTo('loading')).toEqual([]);
    expect(line.callsTo('push')).toEqual([]);
  });

  it('passes unfollow to the handler and sends nothing for it', async () => {
    const userId = `U${'e'.repeat(32)}`;
    await postWebhook(t.url, webhookBody([unfollowEvent({ userId })]), { secret: SECRET });
    expect(await t.settled(1)).toEqual({ handled: 1 });
    expect(t.handler.events).toEqual([
      { type: 'unfollow', chat: { chatType: 'user', replyTo: userId, userHash: expect.any(String) } },
    ]);
    expect(line.calls).toEqual([]);
  });

  it('apologises with the reply token when the conversation handler throws', async () => {
    t.handler.failOn = '壞掉';
    await postWebhook(t.url, webhookBody([textEvent('這句會讓它壞掉')]), { secret: SECRET });
    expect(await t.settled(1)).toEqual({ failed: 1 });
    expect(line.replies()[0]?.body).toMatchObject({
      messages: [{ type: 'text', text: expect.stringMatching(/^抱歉/) }],
    });
  });

  it('falls back to push with a retry key when the reply token is rejected', async () => {
    line.failNext('reply', 'invalid_reply_token');
    const userId = `U${'f'.repeat(32)}`;
    await postWebhook(t.url, webhookBody([textEvent('媽媽半夜一直叫', { userId })]), { secret: SECRET });
    expect(await t.settled(1)).toEqual({ handled: 1 });
    const [push] = line.pushes();
    expect(push?.headers['x-line-retry-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(push?.body).toEqual({ to: userId, messages: [{ type: 'text', text: '收到 text' }] });
    expect(line.callsTo('reply')).toHaveLength(1);
  });

  it('retries a push 500 with the same key and takes the 409 as success', async () => {
    line.failNext('reply', 'invalid_reply_token');
    line.failNext('push', 'server_error_after_accept');
    await postWebhook(t.url, webhookBody([textEvent('爸爸不肯洗澡')]), { secret: SECRET });
    expect(await t.settled(1)).toEqual({ handled: 1 });
    const pushes = line.callsTo('push');
    expect(pushes.map((c) => c.status)).toEqual([500, 409]);
    expect(pushes[1]?.headers['x-line-retry-key']).toBe(pushes[0]?.headers['x-line-retry-key']);
    expect(pushes[1]?.body).toEqual(pushes[0]?.body);
  });

  it('does not retry other 4xx answers', async () => {
    line.failNext('reply', { status: 400, body: { message: 'The request body has 1 error(s)' } });
    line.failNext('reply', 'invalid_reply_token');
    line.failNext('push', 'rate_limit');
    await postWebhook(t.url, webhookBody([textEvent('一')]), { secret: SECRET });
    await postWebhook(t.url, webhookBody([textEvent('二')]), { secret: SECRET });
    expect(await t.settled(2)).toEqual({ failed: 2 });
    expect(line.callsTo('reply').map((c) => c.status)).toEqual([400, 400]);
    expect(line.callsTo('push').map((c) => c.status)).toEqual([429]);
  });

  it('times out a hanging call and retries the reply', async () => {
    line.failNext('reply', 'hang');
    await postWebhook(t.url, webhookBody([textEvent('奶奶不認得我了')]), { secret: SECRET });
    expect(await t.settled(1)).toEqual({ handled: 1 });
    expect(line.callsTo('reply').map((c) => c.status)).toEqual([0, 200]);
    expect(line.callsTo('push')).toEqual([]);
  });

  it('retries a reply 500 and pushes when every reply attempt failed', async () => {
    line.failNext('reply', 'server_error', 'server_error', 'server_error');
    await postWebhook(t.url, webhookBody([textEvent('三')]), { secret: SECRET });
    expect(await t.settled(1)).toEqual({ handled: 1 });
    expect(line.callsTo('reply').map((c) => c.status)).toEqual([500, 500, 500]);
    expect(line.pushes()).toHaveLength(1);
  });
});

describe('loading animation', () => {
  it('is shown at once in a 1:1 chat when Gemini is configured, and never in groups', async () => {
    const line = await startFakeLine({ channelAccessToken: TOKEN });
    const t = await startApp(line, { GEMINI_API_KEY: 'test-key' });
    try {
      const userId = `U${'2'.repeat(32)}`;
      const group = { type: 'group' as const, groupId: `C${'3'.repeat(32)}` };
      const events = [textEvent('媽媽一直重複問', { userId }), textEvent('小幫手 請問', { source: group })];
      line.failNext('loading', { delayMs: 200 });
      await postWebhook(t.url, webhookBody(events), { secret: SECRET });
      await t.settled(2);
      const [loading] = line.callsTo('loading');
      expect(loading?.body).toEqual({ chatId: userId, loadingSeconds: 20 });
      expect(line.callsTo('loading')).toHaveLength(1);
      // The answer goes out only after LINE took the indicator, so it cannot linger after the answer.
      const answer = line
        .replies()
        .find((c) => (c.body as { replyToken: string }).replyToken === events[0]?.replyToken);
      expect(loading?.answeredAt).toBeGreaterThan(0);
      expect(answer?.receivedAt).toBeGreaterThanOrEqual(loading?.answeredAt ?? Number.POSITIVE_INFINITY);
    } finally {
      await t.close();
      await line.close();
    }
  });

  it('is shown when the answer takes longer than a moment', async () => {
    const line = await startFakeLine({ channelAccessToken: TOKEN });
    const t = await startApp(line);
    try {
      t.handler.hold();
      await postWebhook(t.url, webhookBody([textEvent('爸爸最近常常發脾氣')]), { secret: SECRET });
      await line.waitForCalls('loading', 1);
      t.handler.release();
      await t.settled(1);
      expect(line.replies()).toHaveLength(1);
    } finally {
      await t.close();
      await line.close();
    }
  });
});

describe('local mode', () => {
  it('answers 503 naming the variables to set, and GET /webhook describes itself', async () => {
    const t = await startApp(undefined);
    try {
      const res = await postWebhook(t.url, webhookBody([]), { secret: SECRET });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        error: 'line_not_configured',
        missing: ['LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN'],
      });
      const info = await fetch(`${t.url}/webhook`);
      expect(info.status).toBe(200);
      expect(await info.json()).toMatchObject({ service: 'careline', lineConnected: false });
    } finally {
      await t.close();
    }
  });
});
