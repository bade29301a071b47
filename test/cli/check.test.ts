import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/commands/check.js';
import { type FakeGemini, startFakeGemini } from '../fakes/gemini-server.js';
import { type FakeLine, startFakeLine } from '../fakes/line-server.js';
import { freePort, type SpawnedRedis, spawnRedis } from '../helpers/redis-server.js';
import { runCommand, tempDir } from './run-command.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const TOKEN = 'valid-channel-access-token';
const GEMINI_KEY = 'valid-gemini-key';

let line: FakeLine;
let gemini: FakeGemini;
let redis: SpawnedRedis;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  [line, gemini, redis] = await Promise.all([
    startFakeLine({ channelAccessToken: TOKEN, channelSecret: SECRET, displayName: 'CareLine 小幫手' }),
    startFakeGemini({ apiKey: GEMINI_KEY }),
    spawnRedis(),
  ]);
  dir = tempDir();
});
afterAll(async () => {
  await Promise.all([line.close(), gemini.close(), redis.stop()]);
  dir.remove();
});
afterEach(() => line.reset());

function env(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    LINE_CHANNEL_SECRET: SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
    LINE_API_BASE_URL: line.url,
    GEMINI_API_KEY: GEMINI_KEY,
    GEMINI_BASE_URL: gemini.baseUrl,
    REDIS_URL: redis.url,
    PUBLIC_BASE_URL: 'https://bot.example.org',
    ADMIN_TOKEN: 'admin-token-0123456789',
    USER_ID_SALT: 'salt-0123456789',
    ...overrides,
  };
}

const check = (e: Record<string, string | undefined>, argv: string[] = []) =>
  runCommand(checkCommand, argv, { env: e, cwd: dir.path });

const lineOf = (text: string, name: string) => text.split('\n').find((l) => l.slice(2).startsWith(`${name}:`));

describe('careline check', () => {
  it('passes with valid credentials, naming the bot, and shows progress for each slow check', async () => {
    await runSetWebhook();
    const { code, stdout, stderr } = await check(env());
    expect(code).toBe(0);
    expect(lineOf(stdout, 'LINE access token')).toMatch(/^✓ .*valid for channel 1234567890/);
    expect(lineOf(stdout, 'LINE bot')).toBe('✓ LINE bot: connected to “CareLine 小幫手” (@careline)');
    expect(lineOf(stdout, 'LINE webhook')).toBe('✓ LINE webhook: https://bot.example.org/webhook (active)');
    expect(lineOf(stdout, 'Gemini')).toMatch(/^✓ Gemini: key accepted, model gemini-2.5-flash-lite answers/);
    expect(lineOf(stdout, 'Redis')).toMatch(/^✓ Redis: redis:\/\/127\.0\.0\.1:\d+ answered PONG \(Redis \d/);
    expect(stdout).toContain('All checks passed.');
    expect(stderr).toContain('… verifying the LINE access token');
    expect(stderr).toContain('… pinging Redis');
    // The checks really went to the fakes with the configured credentials.
    expect(line.callsTo('verifyToken')[0]?.body).toEqual({ access_token: TOKEN });
    expect(line.callsTo('botInfo')[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(gemini.requests.map((r) => r.action)).toContain('countTokens');
  });

  it('fails with a revoked token, with the reason and the fix on each line', async () => {
    const { code, stdout } = await check(env({ LINE_CHANNEL_ACCESS_TOKEN: 'revoked-token' }));
    expect(code).toBe(1);
    expect(lineOf(stdout, 'LINE access token')).toMatch(
      /^✗ LINE access token: LINE does not accept this token \(“access token expired”\)\. Fix: issue a long-lived/,
    );
    expect(lineOf(stdout, 'LINE bot')).toMatch(
      /^✗ LINE bot: LINE answered 401: the channel access token is invalid or revoked/,
    );
    expect(lineOf(stdout, 'LINE bot')).toContain('Fix: issue a long-lived channel access token');
    expect(stdout).toContain('Some checks failed');
  });

  it('reports a LINE outage and a LINE that does not answer in time', async () => {
    line.failNext('botInfo', 'server_error');
    line.failNext('getWebhook', 'hang');
    const { code, stdout } = await check(env({ LINE_TIMEOUT_MS: '300' }));
    expect(code).toBe(1);
    expect(lineOf(stdout, 'LINE bot')).toMatch(/^✗ LINE bot: LINE answered 500: a problem on LINE's side/);
    expect(lineOf(stdout, 'LINE webhook')).toMatch(/^✗ LINE webhook: LINE did not answer within 300 ms\. Fix:/);
  });

  it('fails when Redis is unreachable', async () => {
    const port = await freePort();
    const { code, stdout } = await check(env({ REDIS_URL: `redis://127.0.0.1:${port}` }));
    expect(code).toBe(1);
    expect(lineOf(stdout, 'Redis')).toMatch(
      new RegExp(`^✗ Redis: redis://127\\.0\\.0\\.1:${port} is unreachable \\(ECONNREFUSED\\)\\. Fix: start Redis`),
    );
  });

  it('fails on a Gemini key that Google rejects and on a retired model', async () => {
    const bad = await check(env({ GEMINI_API_KEY: 'wrong-key' }));
    expect(bad.code).toBe(1);
    expect(lineOf(bad.stdout, 'Gemini')).toMatch(/^✗ Gemini: Gemini rejected the API key .*Fix: create a key/);
    const retired = await check(env({ GEMINI_MODEL: 'gemini-1.0-pro' }));
    expect(lineOf(retired.stdout, 'Gemini')).toMatch(/^✗ Gemini: the model gemini-1\.0-pro does not exist/);
  });

  it('lists every configuration problem and checks no dependency until they are fixed', async () => {
    const { code, stdout } = await check({
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      PORT: 'eighty',
      LINE_API_BASE_URL: line.url,
    });
    expect(code).toBe(1);
    expect(lineOf(stdout, 'PORT')).toMatch(/^✗ PORT: .*Fix: a TCP port number/);
    expect(lineOf(stdout, 'LINE_CHANNEL_SECRET')).toMatch(/^✗ LINE_CHANNEL_SECRET: .*secret is missing/);
    expect(lineOf(stdout, 'dependencies')).toMatch(/^- dependencies: not checked/);
    expect(line.calls).toHaveLength(0);
  });

  it('passes on the embedded defaults, where nothing is configured', async () => {
    const { code, stdout } = await check({});
    expect(code).toBe(0);
    expect(lineOf(stdout, 'LINE')).toMatch(/^- LINE: not connected/);
    expect(lineOf(stdout, 'Redis')).toMatch(/^- Redis: REDIS_URL not set/);
  });

  it('writes only JSON to stdout with --json', async () => {
    const { code, stdout, stderr } = await check(env({ LINE_CHANNEL_ACCESS_TOKEN: 'revoked-token' }), ['--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { ok: boolean; checks: Array<{ name: string; status: string; fix?: string }> };
    expect(report.ok).toBe(false);
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(byName['LINE bot']?.status).toBe('fail');
    expect(byName['LINE bot']?.fix).toMatch(/channel access token/);
    expect(byName.Redis?.status).toBe('ok');
    expect(byName.Gemini?.status).toBe('ok');
    expect(stderr).toContain('…');
  });

  it('exits non-zero as a real process when a check fails', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    // The project's own tsx (what `npx tsx` runs), started in a directory without a .env.
    const child = spawn(`${root}node_modules/.bin/tsx`, [`${root}src/cli/main.ts`, 'check'], {
      cwd: dir.path,
      env: { PATH: process.env.PATH, ...env(), LINE_CHANNEL_ACCESS_TOKEN: 'revoked-token' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stdout, stderr).toContain('✗ LINE bot');
    expect(code).toBe(1);
  });
});

async function runSetWebhook(): Promise<void> {
  const { webhookCommand } = await import('../../src/cli/commands/webhook.js');
  const { code } = await runCommand(webhookCommand, ['set'], { env: env(), cwd: dir.path });
  expect(code).toBe(0);
}
