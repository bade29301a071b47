import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { webhookCommand } from '../../src/cli/commands/webhook.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log/logger.js';
import { type FakeLine, startFakeLine } from '../fakes/line-server.js';
import { freePort } from '../helpers/redis-server.js';
import { runCommand, tempDir } from './run-command.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const TOKEN = 'valid-channel-access-token';

let line: FakeLine;
let dir: ReturnType<typeof tempDir>;
let receiver: Server;
let receiverUrl: string;
/** What the stand-in webhook receiver answers LINE's test request with. */
let receiverStatus = 200;

beforeAll(async () => {
  line = await startFakeLine({ channelAccessToken: TOKEN, channelSecret: SECRET });
  dir = tempDir();
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(receiverStatus, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;
});
afterAll(async () => {
  await line.close();
  await new Promise((resolve) => receiver.close(resolve));
  dir.remove();
});
afterEach(() => {
  line.reset();
  receiverStatus = 200;
});

const env = (overrides: Record<string, string | undefined> = {}) => ({
  LINE_CHANNEL_SECRET: SECRET,
  LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
  LINE_API_BASE_URL: line.url,
  PUBLIC_BASE_URL: 'https://bot.example.org/',
  ...overrides,
});
const webhook = (argv: string[], e: Record<string, string | undefined> = env()) =>
  runCommand(webhookCommand, argv, { env: e, cwd: dir.path });

describe('careline webhook set', () => {
  it('sets PUBLIC_BASE_URL + /webhook by default', async () => {
    const { code, stdout, stderr } = await webhook(['set']);
    expect(code).toBe(0);
    expect(line.callsTo('setWebhook').map((c) => c.body)).toEqual([{ endpoint: 'https://bot.example.org/webhook' }]);
    expect(stdout).toContain('✓ Webhook URL set to https://bot.example.org/webhook');
    expect(stdout).toContain('up to a minute');
    expect(stderr).toContain('… setting the webhook URL');
  });

  it('sets a URL given on the command line', async () => {
    const { code } = await webhook(['set', 'https://other.example.org/hook']);
    expect(code).toBe(0);
    expect(line.callsTo('setWebhook')[0]?.body).toEqual({ endpoint: 'https://other.example.org/hook' });
  });

  it('refuses a URL that is not HTTPS without calling LINE', async () => {
    const { code, stderr } = await webhook(['set', 'http://bot.example.org/webhook']);
    expect(code).toBe(64);
    expect(stderr).toContain('LINE only calls https:// webhook URLs');
    expect(line.calls).toHaveLength(0);
  });

  it('needs a URL when PUBLIC_BASE_URL is not set', async () => {
    const { code, stderr } = await webhook(['set'], env({ PUBLIC_BASE_URL: undefined }));
    expect(code).toBe(64);
    expect(stderr).toContain('PUBLIC_BASE_URL is not set');
  });

  it('explains a revoked token', async () => {
    const { code, stderr } = await webhook(['set'], env({ LINE_CHANNEL_ACCESS_TOKEN: 'revoked-token' }));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /✗ LINE answered 401: the channel access token is invalid or revoked.*Fix: issue a long-lived/,
    );
  });

  it('says what to do when LINE is not connected', async () => {
    const { code, stderr } = await webhook(['info'], {});
    expect(code).toBe(2);
    expect(stderr).toContain('run `careline setup`');
  });
});

describe('careline webhook test', () => {
  it("tests a URL given on the command line and prints LINE's success, reason, status code and detail", async () => {
    // The receiver speaks plain HTTP, so LINE's HTTPS request to it cannot connect.
    const { code, stdout } = await webhook(['test', receiverUrl.replace('http:', 'https:')]);
    expect(line.callsTo('testWebhook')[0]?.body).toEqual({ endpoint: receiverUrl.replace('http:', 'https:') });
    expect(code).toBe(1);
    expect(stdout).toContain('✗ success: false');
    expect(stdout).toContain('reason: COULD_NOT_CONNECT');
    expect(stdout).toContain('statusCode: 0');
    expect(stdout).toMatch(/Fix: LINE cannot reach the URL/);
  });

  it('succeeds when the configured webhook answers 200', async () => {
    const local = await startFakeLine({
      channelAccessToken: TOKEN,
      channelSecret: SECRET,
      webhookEndpoint: receiverUrl,
    });
    try {
      const { code, stdout, stderr } = await webhook(['test'], env({ LINE_API_BASE_URL: local.url }));
      expect(code).toBe(0);
      expect(stdout).toContain('✓ success: true');
      expect(stdout).toContain('reason: OK');
      expect(stdout).toContain('statusCode: 200');
      expect(stderr).toContain('… asking LINE to call the configured webhook URL');
    } finally {
      await local.close();
    }
  });

  it('fails with the status CareLine answered and a fix for it', async () => {
    receiverStatus = 401;
    const local = await startFakeLine({
      channelAccessToken: TOKEN,
      channelSecret: SECRET,
      webhookEndpoint: receiverUrl,
    });
    try {
      const { code, stdout } = await webhook(['test'], env({ LINE_API_BASE_URL: local.url }));
      expect(code).toBe(1);
      expect(stdout).toContain('reason: ERROR_STATUS_CODE');
      expect(stdout).toContain('statusCode: 401');
      expect(stdout).toContain('Fix: signature check failed: LINE_CHANNEL_SECRET on the server');
      const json = await webhook(['test', '--json'], env({ LINE_API_BASE_URL: local.url }));
      expect(JSON.parse(json.stdout)).toMatchObject({ success: false, reason: 'ERROR_STATUS_CODE', statusCode: 401 });
    } finally {
      await local.close();
    }
  });

  it('passes against a running CareLine with the same channel secret, and explains a secret mismatch', async () => {
    const app = await buildApp(
      loadConfig({ LINE_CHANNEL_SECRET: SECRET, LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_BASE_URL: line.url }),
      createLogger('silent'),
    );
    const endpoint = `${await app.server.listen({ port: 0, host: '127.0.0.1' })}/webhook`;
    const same = await startFakeLine({ channelAccessToken: TOKEN, channelSecret: SECRET, webhookEndpoint: endpoint });
    const other = await startFakeLine({
      channelAccessToken: TOKEN,
      channelSecret: 'f'.repeat(32),
      webhookEndpoint: endpoint,
    });
    try {
      const ok = await webhook(['test'], env({ LINE_API_BASE_URL: same.url }));
      expect(ok.stdout).toContain('✓ success: true');
      expect(ok.code).toBe(0);
      const mismatch = await webhook(['test'], env({ LINE_API_BASE_URL: other.url }));
      expect(mismatch.code).toBe(1);
      expect(mismatch.stdout).toContain('statusCode: 401');
      expect(mismatch.stdout).toContain('LINE_CHANNEL_SECRET on the server does not match this channel');
    } finally {
      await Promise.all([same.close(), other.close()]);
      await app.close();
    }
  });

  it('fails when the webhook cannot be reached', async () => {
    const port = await freePort();
    const local = await startFakeLine({
      channelAccessToken: TOKEN,
      webhookEndpoint: `http://127.0.0.1:${port}/webhook`,
    });
    try {
      const { code, stdout } = await webhook(['test'], env({ LINE_API_BASE_URL: local.url }));
      expect(code).toBe(1);
      expect(stdout).toContain('reason: COULD_NOT_CONNECT');
    } finally {
      await local.close();
    }
  });

  it('asks for `webhook set` first when the channel has no webhook URL', async () => {
    const local = await startFakeLine({ channelAccessToken: TOKEN });
    try {
      const { code, stderr } = await webhook(['test'], env({ LINE_API_BASE_URL: local.url }));
      expect(code).toBe(1);
      expect(stderr).toContain('run `careline webhook set` first');
    } finally {
      await local.close();
    }
  });
});

describe('careline webhook info', () => {
  it('shows the endpoint and whether it is active, and the mismatch with PUBLIC_BASE_URL', async () => {
    expect((await webhook(['set', 'https://old.example.org/webhook'])).code).toBe(0);
    const { code, stdout } = await webhook(['info']);
    expect(code).toBe(0);
    expect(stdout).toContain('endpoint: https://old.example.org/webhook');
    expect(stdout).toContain('active (“Use webhook”): on');
    expect(stdout).toContain('PUBLIC_BASE_URL says https://bot.example.org/webhook');
    const json = JSON.parse((await webhook(['info', '--json'])).stdout);
    expect(json).toEqual({
      endpoint: 'https://old.example.org/webhook',
      active: true,
      expected: 'https://bot.example.org/webhook',
    });
  });

  it('says when no URL is set', async () => {
    const local = await startFakeLine({ channelAccessToken: TOKEN });
    try {
      const { code, stdout } = await webhook(['info'], env({ LINE_API_BASE_URL: local.url }));
      expect(code).toBe(0);
      expect(stdout).toContain('No webhook URL is set');
    } finally {
      await local.close();
    }
  });
});
