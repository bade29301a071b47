import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLineApi } from '../../src/line/client.js';
import { LineApiError } from '../../src/line/errors.js';
import { createLineSender, type LineSender } from '../../src/line/sender.js';
import { createLogger } from '../../src/log/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.js';
import { type FakeLine, startFakeLine } from '../fakes/line-server.js';

const TOKEN = 'sender-test-token';
const to = `U${'4'.repeat(32)}`;
const messages = [{ type: 'text' as const, text: '您好' }];

describe('LINE sender', () => {
  let line: FakeLine;
  let sender: LineSender;
  let metrics: Metrics;
  beforeAll(async () => {
    line = await startFakeLine({ channelAccessToken: TOKEN });
  });
  afterAll(() => line.close());
  beforeEach(() => {
    line.reset();
    metrics = createMetrics();
    const api = createLineApi({ channelAccessToken: TOKEN, baseURL: line.url, timeoutMs: 1000 });
    sender = createLineSender({ api, logger: createLogger('silent'), metrics, backoffBaseMs: 20 });
  });

  it('replies with the token and reports the request id', async () => {
    const result = await sender.send({ messages, to, replyToken: 'r1', receivedAt: Date.now() });
    expect(result).toEqual({ method: 'reply', requestId: line.replies()[0]?.requestId });
    expect((await metrics.sends.get()).values).toEqual([{ labels: { method: 'reply' }, value: 1 }]);
  });

  it('pushes straight away when the reply token is older than ~50 s', async () => {
    const result = await sender.send({ messages, to, replyToken: 'r2', receivedAt: Date.now() - 55_000 });
    expect(result.method).toBe('push');
    expect(line.callsTo('reply')).toEqual([]);
    expect(line.pushes()[0]?.headers['x-line-retry-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends at most 5 messages in one request', async () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ type: 'text' as const, text: `第 ${i + 1} 則` }));
    await sender.send({ messages: many, to, replyToken: 'r9', receivedAt: Date.now() });
    expect(line.replies()[0]?.body).toEqual({ replyToken: 'r9', messages: many.slice(0, 5) });
  });

  it('never pushes without a reply token', async () => {
    expect(await sender.send({ messages, to, receivedAt: Date.now() })).toEqual({
      method: 'none',
      reason: 'no reply token',
    });
    expect(line.calls).toEqual([]);
  });

  it('does not push after a timed-out reply whose token then turns out used', async () => {
    line.failNext('reply', 'hang', 'invalid_reply_token');
    const result = await sender.send({ messages, to, replyToken: 'r3', receivedAt: Date.now() });
    expect(result).toEqual({ method: 'reply', uncertain: true });
    expect(line.callsTo('push')).toEqual([]);
  });

  it('tells the monthly limit from the rate limit and retries neither', async () => {
    line.failNext('push', 'monthly_limit', 'rate_limit');
    const old = Date.now() - 60_000;
    const monthly = await sender.send({ messages, to, replyToken: 'r4', receivedAt: old }).catch((e) => e);
    const rate = await sender.send({ messages, to, replyToken: 'r5', receivedAt: old }).catch((e) => e);
    expect(monthly).toBeInstanceOf(LineApiError);
    expect([monthly.kind, rate.kind]).toEqual(['monthly_limit', 'rate_limit']);
    expect(line.callsTo('push')).toHaveLength(2);
    expect((await metrics.sendFailures.get()).values).toEqual([
      { labels: { method: 'push', status: '429' }, value: 2 },
    ]);
  });

  it('gives up after bounded push attempts on 5xx, all with one retry key', async () => {
    line.failNext('push', 'server_error', 'server_error', 'server_error', 'server_error', 'server_error');
    const err = await sender.send({ messages, to, replyToken: 'r6', receivedAt: 0 }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'server_error', status: 500 });
    const keys = new Set(line.callsTo('push').map((c) => c.headers['x-line-retry-key']));
    expect(line.callsTo('push')).toHaveLength(4);
    expect(keys.size).toBe(1);
  });

  it('treats a bad access token as final', async () => {
    const api = createLineApi({ channelAccessToken: 'wrong', baseURL: line.url, timeoutMs: 1000 });
    const bad = createLineSender({ api, logger: createLogger('silent'), metrics });
    const err = await bad.send({ messages, to, replyToken: 'r7', receivedAt: Date.now() }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(line.callsTo('reply')).toHaveLength(1);
  });

  it('leaves other fetch users without a timeout', async () => {
    line.failNext('botInfo', 'hang');
    const controller = new AbortController();
    const pending = fetch(`${line.url}/v2/bot/info`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: controller.signal,
    }).catch((e: Error) => e.name);
    // The sender's 1 s timeout must not reach a fetch made outside it.
    await sender.send({ messages, to, replyToken: 'r8', receivedAt: Date.now() });
    await new Promise((r) => setTimeout(r, 1200));
    controller.abort();
    expect(await pending).toBe('AbortError');
  });
});
