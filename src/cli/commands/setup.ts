import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../config/errors.js';
import { loadConfig } from '../../config/load.js';
import { envSchema } from '../../config/schema.js';
import { formatEnvFile, readEnvFile, writeEnvFile } from '../env-file.js';
import { processIo, say } from '../io.js';
import { checkGemini } from '../probes/gemini.js';
import { checkLineBot, checkLineToken } from '../probes/line.js';
import { checkRedis } from '../probes/redis.js';
import { startProgress } from '../progress.js';
import { InputEnded, Prompter } from '../prompt.js';
import { type CheckResult, formatCheck } from '../report.js';
import type { CliIO, Command } from './command.js';

const USAGE = `Usage: careline setup [--yes] [--overwrite] [--skip-checks] [value flags]

Asks for the LINE channel secret and access token, a Gemini API key (optional), a Redis URL (optional),
the public base URL and an admin token; checks each one; writes .env (mode 0600).
An existing .env is replaced only after you agree (or with --overwrite), and is kept as .env.backup-<time>.

  --yes, -y              do not ask: take values from the flags below, the environment, then the current .env
  --overwrite            with --yes: replace an existing .env (a backup is kept)
  --skip-checks          do not contact LINE, Gemini or Redis
  --line-secret S        LINE_CHANNEL_SECRET
  --line-token T         LINE_CHANNEL_ACCESS_TOKEN
  --gemini-key K         GEMINI_API_KEY (AISTUDIO_API_KEY in the environment works too)
  --redis-url U          REDIS_URL (empty: in-memory)
  --public-base-url U    PUBLIC_BASE_URL
  --admin-token T        ADMIN_TOKEN (generated when missing)`;

/** Thrown when a value fails its check in --yes mode; nothing is written. */
class SetupFailed extends Error {}

interface Flags {
  yes: boolean;
  overwrite: boolean;
  skipChecks: boolean;
  given: Partial<Record<AskedKey, string>>;
}

type AskedKey =
  | 'LINE_CHANNEL_SECRET'
  | 'LINE_CHANNEL_ACCESS_TOKEN'
  | 'GEMINI_API_KEY'
  | 'REDIS_URL'
  | 'PUBLIC_BASE_URL'
  | 'ADMIN_TOKEN';

export const setupCommand: Command = {
  name: 'setup',
  usage: USAGE.split('\n')[0]!.replace(/^Usage:\s*/, ''),
  summary: 'ask for credentials, check each one, and write .env (mode 0600)',
  async run(argv, io = processIo()) {
    const { values } = parseArgs({
      args: argv,
      options: {
        yes: { type: 'boolean', short: 'y', default: false },
        overwrite: { type: 'boolean', default: false },
        'skip-checks': { type: 'boolean', default: false },
        'line-secret': { type: 'string' },
        'line-token': { type: 'string' },
        'gemini-key': { type: 'string' },
        'redis-url': { type: 'string' },
        'public-base-url': { type: 'string' },
        'admin-token': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      say(io.stdout, USAGE);
      return 0;
    }
    const flags: Flags = {
      yes: values.yes,
      overwrite: values.overwrite,
      skipChecks: values['skip-checks'],
      given: {
        LINE_CHANNEL_SECRET: values['line-secret'],
        LINE_CHANNEL_ACCESS_TOKEN: values['line-token'],
        GEMINI_API_KEY: values['gemini-key'],
        REDIS_URL: values['redis-url'],
        PUBLIC_BASE_URL: values['public-base-url'],
        ADMIN_TOKEN: values['admin-token'],
      },
    };
    const prompter = flags.yes ? undefined : new Prompter(io.stdin, io.stdout);
    try {
      return await setup(io, flags, prompter);
    } catch (err) {
      if (err instanceof InputEnded) {
        say(io.stderr, '\nSetup cancelled: nothing was written.');
        return 130;
      }
      if (err instanceof SetupFailed) {
        say(io.stderr, `✗ ${err.message}`);
        say(io.stderr, 'Nothing was written.');
        return 1;
      }
      throw err;
    } finally {
      prompter?.close();
    }
  },
};

async function setup(io: CliIO, flags: Flags, prompter: Prompter | undefined): Promise<number> {
  const path = join(io.cwd, '.env');
  const current = readEnvFile(path);
  if (existsSync(path)) {
    if (!prompter && !flags.overwrite) {
      say(io.stderr, `✗ ${path} already exists. Fix: add --overwrite to replace it (a backup is kept).`);
      return 1;
    }
    if (prompter && !(await prompter.confirm(`${path} already exists. Replace it? A backup is kept.`, false))) {
      say(io.stdout, 'Kept the current .env: nothing was written.');
      return 1;
    }
  }
  // The value offered for each question: a flag, then the environment, then the current .env.
  const start = (key: AskedKey): string | undefined => {
    const alias = key === 'GEMINI_API_KEY' ? (io.env.AISTUDIO_API_KEY ?? current.AISTUDIO_API_KEY) : undefined;
    return flags.given[key] ?? io.env[key] ?? current[key] ?? alias;
  };
  const setting = (key: string): string | undefined => io.env[key] ?? current[key];
  const answers: Record<string, string> = { ...current };
  delete answers.AISTUDIO_API_KEY;
  const q = new Questions(io, flags, prompter);

  say(io.stdout, 'CareLine setup. Press Enter to keep the value in brackets; type - to clear it.\n');

  // LINE
  const secret = await q.value({
    label: 'LINE channel secret (Basic settings; empty = no LINE, simulator only)',
    hidden: true,
    initial: start('LINE_CHANNEL_SECRET'),
    validate: (v) => (/^[0-9a-f]{32}$/i.test(v) ? undefined : 'a channel secret is 32 hexadecimal characters'),
  });
  answers.LINE_CHANNEL_SECRET = secret ?? '';
  if (secret) {
    const token = await q.value({
      label: 'LINE channel access token (Messaging API tab, long-lived)',
      hidden: true,
      required: true,
      initial: start('LINE_CHANNEL_ACCESS_TOKEN'),
      check: async (v) => {
        const target = {
          accessToken: v,
          baseURL: setting('LINE_API_BASE_URL') || undefined,
          timeoutMs: Number(setting('LINE_TIMEOUT_MS')) || 5000,
        };
        const verified = await q.slow('verifying the token with LINE', () => checkLineToken(target));
        if (verified.status !== 'ok') return verified;
        return q.slow('asking LINE for the bot profile', () => checkLineBot(target));
      },
    });
    answers.LINE_CHANNEL_ACCESS_TOKEN = token ?? '';
  } else {
    answers.LINE_CHANNEL_ACCESS_TOKEN = '';
  }

  // Gemini
  const model = setting('GEMINI_MODEL') || envSchema.shape.GEMINI_MODEL.parse(undefined);
  answers.GEMINI_API_KEY =
    (await q.value({
      label: 'Gemini API key (optional; empty = offline answers only)',
      hidden: true,
      initial: start('GEMINI_API_KEY'),
      check: (v) =>
        q.slow(`checking the key with Gemini (${model})`, () =>
          checkGemini({
            apiKey: v,
            model,
            baseUrl: setting('GEMINI_BASE_URL') || undefined,
            timeoutMs: Number(setting('GEMINI_TIMEOUT_MS')) || 6000,
          }),
        ),
    })) ?? '';

  // Redis
  answers.REDIS_URL =
    (await q.value({
      label: 'Redis URL (optional; empty = in-memory cache, e.g. redis://127.0.0.1:6379)',
      initial: start('REDIS_URL'),
      validate: (v) => (/^rediss?:\/\//.test(v) ? undefined : 'must start with redis:// or rediss://'),
      check: (v) => q.slow('pinging Redis', () => checkRedis({ url: v, timeoutMs: 3000 })),
    })) ?? '';

  // Public address
  answers.PUBLIC_BASE_URL =
    (await q.value({
      label: 'Public https:// address LINE reaches (optional now, needed for the webhook)',
      initial: start('PUBLIC_BASE_URL'),
      validate: (v) => {
        try {
          const url = new URL(v);
          if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must start with https://';
        } catch {
          return 'not a URL';
        }
        return undefined;
      },
    })) ?? '';
  if (answers.PUBLIC_BASE_URL && secret && !answers.PUBLIC_BASE_URL.startsWith('https://')) {
    say(io.stdout, '! LINE only calls https:// webhooks: put CareLine behind HTTPS before `careline webhook set`.');
  }
  answers.PUBLIC_BASE_URL = answers.PUBLIC_BASE_URL.replace(/\/+$/, '');

  // Admin token
  const givenAdmin = start('ADMIN_TOKEN');
  const admin = await q.value({
    label: 'Admin token for /cache/stats, /gemini/stats and `careline status` (empty = generate one)',
    hidden: true,
    initial: givenAdmin,
    validate: (v) => (v.length >= 16 ? undefined : 'use at least 16 characters'),
  });
  if (admin) {
    answers.ADMIN_TOKEN = admin;
  } else {
    answers.ADMIN_TOKEN = randomBytes(32).toString('hex');
    say(io.stdout, '✓ Generated a new ADMIN_TOKEN (stored in .env).');
  }
  if (!answers.USER_ID_SALT) {
    answers.USER_ID_SALT = randomBytes(32).toString('hex');
    say(io.stdout, '✓ Generated USER_ID_SALT, the secret used to hash LINE user ids.');
  }

  try {
    loadConfig(Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== '')));
  } catch (err) {
    if (err instanceof ConfigError) throw new SetupFailed(err.message);
    throw err;
  }
  const backup = writeEnvFile(
    path,
    formatEnvFile(answers, [
      `Written by \`careline setup\` on ${new Date().toISOString()}.`,
      'Every variable is described in .env.example. Keep this file private (mode 0600).',
    ]),
  );
  say(io.stdout, `\n✓ Wrote ${path} (readable by you only).`);
  if (backup) say(io.stdout, `  The previous file is kept as ${backup}.`);
  say(io.stdout, '\nNext:');
  say(io.stdout, '  npx careline check          check everything again');
  if (secret) say(io.stdout, '  npx careline webhook set    tell LINE where to send events');
  say(io.stdout, '  npm start                   start CareLine');
  return 0;
}

interface Question {
  label: string;
  hidden?: boolean;
  required?: boolean;
  initial: string | undefined;
  /** Format check without the network; a message when wrong. */
  validate?: (value: string) => string | undefined;
  /** Check against the real service. */
  check?: (value: string) => Promise<CheckResult>;
}

class Questions {
  constructor(
    private readonly io: CliIO,
    private readonly flags: Flags,
    private readonly prompter: Prompter | undefined,
  ) {}

  /** Asks (or takes the given value with --yes), validates and checks it; undefined when left empty. */
  async value(question: Question): Promise<string | undefined> {
    let initial = question.initial?.trim() || undefined;
    for (;;) {
      const value = this.prompter ? await this.askOnce(question, initial) : initial;
      if (!value) {
        if (!question.required) return undefined;
        if (!this.prompter) throw new SetupFailed(`${question.label}: a value is needed`);
        say(this.io.stdout, '  A value is needed here.');
        continue;
      }
      const problem = question.validate?.(value);
      if (problem) {
        if (!this.prompter) throw new SetupFailed(`${question.label}: ${problem}`);
        say(this.io.stdout, `  ✗ ${problem}`);
        initial = undefined;
        continue;
      }
      if (!question.check || this.flags.skipChecks) return value;
      const result = await question.check(value);
      say(this.io.stdout, `  ${formatCheck(result)}`);
      if (result.status !== 'fail') return value;
      if (!this.prompter) throw new SetupFailed(`${result.name}: ${result.detail}`);
      if (!(await this.prompter.confirm('  Enter another value?', true))) {
        say(this.io.stdout, '  Keeping it anyway; `careline check` will report it.');
        return value;
      }
      initial = undefined;
    }
  }

  async slow(label: string, check: () => Promise<CheckResult>): Promise<CheckResult> {
    const done = startProgress(this.io.stderr, label);
    try {
      return await check();
    } finally {
      done();
    }
  }

  private async askOnce(question: Question, initial: string | undefined): Promise<string | undefined> {
    const shown = initial ? (question.hidden ? `keep ${mask(initial)}` : initial) : '';
    const answer = await this.prompter!.ask(`${question.label}${shown ? ` [${shown}]` : ''}: `, {
      hidden: question.hidden,
    });
    if (answer === '-') return undefined;
    return answer || initial;
  }
}

function mask(secret: string): string {
  return secret.length > 8 ? `••••${secret.slice(-4)}` : '••••';
}
