import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLine, startFakeLine } from '../fakes/line-server.js';
import { postWebhook, textEvent, webhookBody } from '../helpers/line-webhook.js';
import { type SpawnedRedis, spawnRedis } from '../helpers/redis-server.js';
import { SECRET, startApp, type TestApp, TOKEN } from './harness.js';

describe('dedupe on a real Redis', () => {
  let redis: SpawnedRedis;
  let line: FakeLine;
  let a: TestApp;
  let b: TestApp;
  let probe: Redis;
  beforeAll(async () => {
    redis = await spawnRedis();
    line = await startFakeLine({ channelAccessToken: TOKEN });
    const env = { REDIS_URL: redis.url, DEDUPE_TTL_S: '600' };
    a = await startApp(line, env);
    b = await startApp(line, env);
    probe = new Redis(redis.url);
    probe.on('error', () => {}); // the second test kills Redis on purpose
  });
  afterAll(async () => {
    probe.disconnect();
    await a.close();
    await b.close();
    await line.close();
    await redis.stop();
  });

  it('answers an event delivered to two instances once, with a TTL on the key', async () => {
    const event = textEvent('媽媽把錢藏起來又說被偷');
    await postWebhook(a.url, webhookBody([event]), { secret: SECRET });
    await a.settled(1);
    const redelivered = { ...event, deliveryContext: { isRedelivery: true } };
    await postWebhook(b.url, webhookBody([redelivered]), { secret: SECRET });
    expect(await b.settled(1)).toEqual({ duplicate: 1 });
    expect(line.replies()).toHaveLength(1);
    const ttl = await probe.ttl(`careline:dedupe:${event.webhookEventId}`);
    expect(ttl).toBeGreaterThan(500);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('falls back to memory while Redis is down, still answering once', async () => {
    const restart = await redis.kill();
    try {
      const event = textEvent('爸爸不吃飯');
      await postWebhook(a.url, webhookBody([event]), { secret: SECRET });
      await postWebhook(a.url, webhookBody([event]), { secret: SECRET });
      expect(await a.settled(3)).toEqual({ handled: 2, duplicate: 1 });
      expect(line.replies()).toHaveLength(2);
    } finally {
      await restart();
    }
  });
});
