import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { channelAccessToken, HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeLine, startFakeLine } from '../fakes/line-server.js';
import { signBody } from '../helpers/line-webhook.js';

/** The fake itself, driven through the real SDK, so the transport tests can trust it. */
describe('fake LINE platform', () => {
  let line: FakeLine;
  let client: messagingApi.MessagingApiClient;
  beforeAll(async () => {
    line = await startFakeLine({ channelAccessToken: 'tok' });
    client = new messagingApi.MessagingApiClient({ channelAccessToken: 'tok', baseURL: line.url });
  });
  afterAll(() => line.close());
  beforeEach(() => line.reset());

  it('accepts a reply once per token and records it', async () => {
    const res = await client.replyMessageWithHttpInfo({ replyToken: 't1', messages: [{ type: 'text', text: 'hi' }] });
    expect(res.httpResponse.headers.get('x-line-request-id')).toBeTruthy();
    expect(res.body.sentMessages).toHaveLength(1);
    const again = await client
      .replyMessage({ replyToken: 't1', messages: [{ type: 'text', text: 'hi' }] })
      .catch((e) => e);
    expect(again).toBeInstanceOf(HTTPFetchError);
    expect((again as HTTPFetchError).status).toBe(400);
    expect(JSON.parse((again as HTTPFetchError).body).message).toBe('Invalid reply token');
    expect(line.replies()).toHaveLength(1);
  });

  it('rejects invalid messages (schema and limits) with LINE-style details', async () => {
    const err = await client
      .replyMessage({
        replyToken: 't2',
        messages: [
          { type: 'text', text: '' },
          {
            type: 'text',
            text: 'ok',
            quickReply: { items: [{ type: 'action', action: { type: 'message', label: 'x'.repeat(21), text: 'a' } }] },
          },
        ],
      })
      .catch((e) => e);
    expect((err as HTTPFetchError).status).toBe(400);
    expect(JSON.parse((err as HTTPFetchError).body).message).toBe('The request body has 2 error(s)');
    expect(line.problems()).toEqual([
      'reply: messages[0].text: empty',
      'reply: messages[1].quickReply.items[0].action.label: over 20 characters',
    ]);
    const flex = {
      type: 'flex' as const,
      altText: '卡片',
      contents: { type: 'bubble' as const, body: { type: 'box' as const, layout: 'diagonal', contents: [] } },
    };
    const schema = await client.replyMessage({ replyToken: 't3', messages: [flex as never] }).catch((e) => e);
    expect((schema as HTTPFetchError).status).toBe(400);
    expect(line.callsTo('reply')[1]?.problems.join()).toMatch(/layout/);
    expect(line.replies()).toEqual([]);
  });

  it('answers 409 with the accepted request id after a lost push answer', async () => {
    line.failNext('push', 'server_error_after_accept');
    const key = crypto.randomUUID();
    const req = { to: 'U1', messages: [{ type: 'text' as const, text: 'hi' }] };
    const first = await client.pushMessage(req, key).catch((e) => e);
    expect((first as HTTPFetchError).status).toBe(500);
    const second = await client.pushMessage(req, key).catch((e) => e);
    expect((second as HTTPFetchError).status).toBe(409);
    expect((second as HTTPFetchError).headers.get('x-line-accepted-request-id')).toBe(
      line.callsTo('push')[0]?.requestId,
    );
    expect(line.callsTo('push').map((c) => c.headers['x-line-retry-key'])).toEqual([key, key]);
  });

  it('fails on command and checks the token', async () => {
    line.failNext('push', 'rate_limit', 'monthly_limit');
    const req = { to: 'U1', messages: [{ type: 'text' as const, text: 'hi' }] };
    const bodies = [];
    for (let i = 0; i < 2; i++)
      bodies.push(JSON.parse(((await client.pushMessage(req).catch((e) => e)) as HTTPFetchError).body));
    expect(bodies.map((b) => b.message)).toEqual([
      'The API rate limit has been exceeded. Try again later.',
      'You have reached your monthly limit.',
    ]);
    const bad = new messagingApi.MessagingApiClient({ channelAccessToken: 'wrong', baseURL: line.url });
    expect(((await bad.getBotInfo().catch((e) => e)) as HTTPFetchError).status).toBe(401);
    expect((await client.getBotInfo()).userId).toBe(line.options.botUserId);
    expect(await client.showLoadingAnimation({ chatId: 'U1', loadingSeconds: 20 })).toEqual({});
    expect((await client.getMessageQuotaConsumption()).totalUsage).toBe(0);
  });

  it('verifies tokens and manages the webhook endpoint, testing it with a signed empty body', async () => {
    const tokens = new channelAccessToken.ChannelAccessTokenClient({ baseURL: line.url });
    expect((await tokens.verifyChannelToken('tok')).client_id).toBeTruthy();
    expect(((await tokens.verifyChannelToken('nope').catch((e) => e)) as HTTPFetchError).status).toBe(400);

    expect(await client.getWebhookEndpoint()).toEqual({ endpoint: '', active: false });
    const badUrl = await client.setWebhookEndpoint({ endpoint: 'http://insecure.example' }).catch((e) => e);
    expect((badUrl as HTTPFetchError).status).toBe(400);
    await client.setWebhookEndpoint({ endpoint: 'https://careline.example/webhook' });
    expect(await client.getWebhookEndpoint()).toEqual({ endpoint: 'https://careline.example/webhook', active: true });

    const secret = '0123456789abcdef0123456789abcdef';
    const signed = await startFakeLine({ channelAccessToken: 'tok', channelSecret: secret });
    const received: Array<{ signature: string | undefined; body: string }> = [];
    const target = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ signature: req.headers['x-line-signature'] as string | undefined, body });
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    try {
      const endpoint = `http://127.0.0.1:${(target.address() as AddressInfo).port}/webhook`;
      const c = new messagingApi.MessagingApiClient({ channelAccessToken: 'tok', baseURL: signed.url });
      expect(await c.testWebhookEndpoint({ endpoint })).toMatchObject({ success: true, statusCode: 200, reason: 'OK' });
      expect(received).toHaveLength(1);
      expect(JSON.parse(received[0]!.body)).toEqual({ destination: signed.options.botUserId, events: [] });
      expect(received[0]!.signature).toBe(signBody(received[0]!.body, secret));
      const refused = await c.testWebhookEndpoint({ endpoint: 'http://127.0.0.1:1/webhook' });
      expect(refused).toMatchObject({ success: false, reason: 'COULD_NOT_CONNECT' });
    } finally {
      target.close();
      await signed.close();
    }
  });
});
