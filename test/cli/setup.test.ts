import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/commands/check.js';
import { setupCommand } from '../../src/cli/commands/setup.js';
import { loadConfig } from '../../src/config/load.js';
import { type FakeGemini, startFakeGemini } from '../fakes/gemini-server.js';
import { type FakeLine, startFakeLine } from '../fakes/line-server.js';
import { freePort, type SpawnedRedis, spawnRedis } from '../helpers/redis-server.js';
import { runCommand, tempDir } from './run-command.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const TOKEN = 'valid-channel-access-token';
const GEMINI_KEY = 'valid-gemini-key';
const ADMIN = 'admin-token-0123456789abcdef';

let line: FakeLine;
let gemini: FakeGemini;
let redis: SpawnedRedis;
let dir: ReturnType<typeof tempDir>;
let envPath: string;

beforeAll(async () => {
  [line, gemini, redis] = await Promise.all([
    startFakeLine({ channelAccessToken: TOKEN, displayName: 'CareLine 小幫手' }),
    startFakeGemini({ apiKey: GEMINI_KEY }),
    spawnRedis(),
  ]);
});
afterAll(() => Promise.all([line.close(), gemini.close(), redis.stop()]));
beforeEach(() => {
  dir = tempDir();
  envPath = join(dir.path, '.env');
});
afterEach(() => {
  dir.remove();
  line.reset();
});

/** Where the checks go: fakes, never the real services. Not answers to questions. */
const services = () => ({ LINE_API_BASE_URL: line.url, GEMINI_BASE_URL: gemini.baseUrl });

const setup = (argv: string[], input?: string[], env: Record<string, string | undefined> = services()) =>
  runCommand(setupCommand, argv, { env, cwd: dir.path, input });

const written = () => parseEnv(readFileSync(envPath, 'utf8'));
const mode = (path: string) => statSync(path).mode & 0o777;
const backups = () => readdirSync(dir.path).filter((f) => f.startsWith('.env.backup-'));

describe('careline setup (interactive)', () => {
  it('checks every answer and writes a .env only its owner can read', async () => {
    const { code, stdout, stderr } = await setup(
      [],
      [SECRET, TOKEN, GEMINI_KEY, redis.url, 'https://bot.example.org/', ''],
    );
    expect(code).toBe(0);
    expect(stdout).toContain('✓ LINE bot: connected to “CareLine 小幫手” (@careline)');
    expect(stdout).toContain('✓ Gemini: key accepted');
    expect(stdout).toContain('✓ Redis:');
    expect(stdout).toContain('Generated a new ADMIN_TOKEN');
    expect(stderr).toContain('… verifying the token with LINE');
    expect(stderr).toContain('… pinging Redis');
    expect(mode(envPath)).toBe(0o600);

    const values = written();
    expect(values).toMatchObject({
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      GEMINI_API_KEY: GEMINI_KEY,
      REDIS_URL: redis.url,
      PUBLIC_BASE_URL: 'https://bot.example.org',
    });
    expect(values.ADMIN_TOKEN).toMatch(/^[0-9a-f]{64}$/);
    expect(values.USER_ID_SALT).toMatch(/^[0-9a-f]{64}$/);
    // The fakes' addresses came from the environment, not from an answer: they stay out of the file.
    expect(values).not.toHaveProperty('LINE_API_BASE_URL');
    const config = loadConfig(values);
    expect([config.lineConfigured, config.llmConfigured, config.redisConfigured]).toEqual([true, true, true]);
    // Secrets are not echoed back.
    expect(stdout).not.toContain(TOKEN);
    expect(stdout).not.toContain(GEMINI_KEY);
  });

  it('writes a .env that `careline check` reads and passes', async () => {
    expect((await setup([], [SECRET, TOKEN, '', redis.url, 'https://bot.example.org', ''])).code).toBe(0);
    const { code, stdout } = await runCommand(checkCommand, [], { env: services(), cwd: dir.path });
    expect(stdout).toContain('✓ LINE bot: connected to “CareLine 小幫手” (@careline)');
    expect(stdout).toMatch(/✓ Redis: redis:\/\/127\.0\.0\.1:\d+ answered PONG/);
    expect(stdout).toContain('! LINE webhook: no webhook URL is set. Fix: run `careline webhook set`');
    expect(code).toBe(0);
  });

  it('writes an embedded-mode .env when LINE, Gemini and Redis are left empty', async () => {
    const { code } = await setup([], ['', '', '', '', ADMIN]);
    expect(code).toBe(0);
    const values = written();
    expect(values.ADMIN_TOKEN).toBe(ADMIN);
    expect(values).not.toHaveProperty('LINE_CHANNEL_SECRET');
    expect(values).not.toHaveProperty('REDIS_URL');
    expect(loadConfig(values).lineConfigured).toBe(false);
    expect(line.calls).toHaveLength(0);
  });

  it('asks again after a malformed secret and after a token LINE rejects', async () => {
    const { code, stdout } = await setup([], ['not-a-secret', SECRET, 'revoked-token', 'y', TOKEN, '', '', '', ADMIN]);
    expect(code).toBe(0);
    expect(stdout).toContain('✗ a channel secret is 32 hexadecimal characters');
    expect(stdout).toContain('✗ LINE access token: LINE does not accept this token');
    expect(written().LINE_CHANNEL_ACCESS_TOKEN).toBe(TOKEN);
    expect(line.callsTo('verifyToken').map((c) => (c.body as { access_token: string }).access_token)).toEqual([
      'revoked-token',
      TOKEN,
    ]);
  });

  it('keeps an existing .env when the operator says no', async () => {
    writeFileSync(envPath, 'PORT=4000\n');
    const { code, stdout } = await setup([], ['n']);
    expect(code).toBe(1);
    expect(stdout).toContain('nothing was written');
    expect(readFileSync(envPath, 'utf8')).toBe('PORT=4000\n');
    expect(backups()).toEqual([]);
  });

  it('replaces an existing .env only after a yes, keeping a timestamped backup and the other settings', async () => {
    writeFileSync(envPath, `PORT=4000\nADMIN_TOKEN=${ADMIN}\n`, { mode: 0o644 });
    // Enter keeps the current admin token.
    const { code, stdout } = await setup([], ['y', '', '', '', '', '']);
    expect(code).toBe(0);
    const [backup] = backups();
    expect(backup).toMatch(/^\.env\.backup-\d{8}T\d{6}Z$/);
    expect(readFileSync(join(dir.path, backup!), 'utf8')).toBe(`PORT=4000\nADMIN_TOKEN=${ADMIN}\n`);
    expect(mode(join(dir.path, backup!))).toBe(0o600);
    expect(stdout).toContain(`The previous file is kept as ${join(dir.path, backup!)}`);
    expect(written()).toMatchObject({ PORT: '4000', ADMIN_TOKEN: ADMIN });
    expect(mode(envPath)).toBe(0o600);
  });

  it('writes nothing when the input ends half way', async () => {
    const { code, stderr } = await setup([], [SECRET]);
    expect(code).toBe(130);
    expect(stderr).toContain('nothing was written');
    expect(backups()).toEqual([]);
    expect(() => statSync(envPath)).toThrow();
  });
});

describe('careline setup --yes', () => {
  const flags = [
    '--line-secret',
    SECRET,
    '--line-token',
    TOKEN,
    '--redis-url',
    '',
    '--public-base-url',
    'https://bot.example.org',
  ];

  it('takes values from flags and the environment without asking', async () => {
    const { code } = await setup(['--yes', ...flags], undefined, { ...services(), AISTUDIO_API_KEY: GEMINI_KEY });
    expect(code).toBe(0);
    expect(written()).toMatchObject({
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      GEMINI_API_KEY: GEMINI_KEY,
      PUBLIC_BASE_URL: 'https://bot.example.org',
    });
    expect(written()).not.toHaveProperty('REDIS_URL');
    expect(mode(envPath)).toBe(0o600);
  });

  it('refuses to clobber an existing .env without --overwrite', async () => {
    writeFileSync(envPath, 'PORT=4000\n');
    const { code, stderr } = await setup(['--yes', ...flags]);
    expect(code).toBe(1);
    expect(stderr).toContain('already exists. Fix: add --overwrite');
    expect(readFileSync(envPath, 'utf8')).toBe('PORT=4000\n');
    expect(backups()).toEqual([]);
  });

  it('replaces it with --overwrite and keeps a backup', async () => {
    writeFileSync(envPath, 'PORT=4000\n');
    const { code } = await setup(['--yes', '--overwrite', ...flags]);
    expect(code).toBe(0);
    expect(backups()).toHaveLength(1);
    expect(written()).toMatchObject({ PORT: '4000', LINE_CHANNEL_ACCESS_TOKEN: TOKEN });
  });

  it('writes nothing when LINE rejects the token', async () => {
    const { code, stderr } = await setup(['--yes', ...flags.slice(0, 2), '--line-token', 'revoked-token']);
    expect(code).toBe(1);
    expect(stderr).toContain('✗ LINE access token: LINE does not accept this token');
    expect(stderr).toContain('Nothing was written.');
    expect(() => statSync(envPath)).toThrow();
  });

  it('writes nothing when Redis is unreachable', async () => {
    const port = await freePort();
    const { code, stderr } = await setup(['--yes', '--redis-url', `redis://127.0.0.1:${port}`]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/✗ Redis: redis:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\)/);
    expect(() => statSync(envPath)).toThrow();
  });

  it('skips the network with --skip-checks', async () => {
    const { code } = await setup(['--yes', '--skip-checks', '--line-secret', SECRET, '--line-token', 'offline-token']);
    expect(code).toBe(0);
    expect(line.calls).toHaveLength(0);
    expect(written().LINE_CHANNEL_ACCESS_TOKEN).toBe('offline-token');
  });
});
