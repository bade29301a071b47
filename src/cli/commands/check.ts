import { parseArgs } from 'node:util';
import { ConfigError } from '../../config/errors.js';
import type { Config } from '../../config/load.js';
import { processIo, say } from '../io.js';
import { checkGemini } from '../probes/gemini.js';
import { checkLineBot, checkLineToken, checkLineWebhook } from '../probes/line.js';
import { checkRedis } from '../probes/redis.js';
import { startProgress } from '../progress.js';
import { type CheckResult, failed, formatCheck } from '../report.js';
import { expectedWebhookUrl, geminiTarget, lineTarget, loadCliConfig, redisTarget } from '../targets.js';
import type { CliIO, Command } from './command.js';

const USAGE = `Usage: careline check [--json]

Validates the configuration (environment and .env) and every configured dependency: LINE token and bot,
webhook URL, Gemini key and model, Redis. Exit code 1 when any check fails.`;

export const checkCommand: Command = {
  name: 'check',
  usage: USAGE.split('\n')[0]!.replace(/^Usage:\s*/, ''),
  summary: 'validate the configuration and every configured dependency (LINE, Gemini, Redis)',
  async run(argv, io = processIo()) {
    const { values } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      say(io.stdout, USAGE);
      return 0;
    }
    const results: CheckResult[] = [];
    const emit = (result: CheckResult) => {
      results.push(result);
      if (!values.json) say(io.stdout, formatCheck(result));
    };
    await runChecks(io, emit);
    const ok = !failed(results);
    if (values.json) {
      say(io.stdout, JSON.stringify({ ok, checks: results }, null, 2));
    } else {
      say(io.stdout, ok ? '\nAll checks passed.' : '\nSome checks failed: see the fixes above.');
    }
    return ok ? 0 : 1;
  },
};

async function runChecks(io: CliIO, emit: (result: CheckResult) => void): Promise<void> {
  let config: Config;
  try {
    config = loadCliConfig(io);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const p of err.problems) emit({ name: p.variable, status: 'fail', detail: p.problem, fix: p.fix });
    emit({
      name: 'dependencies',
      status: 'skip',
      detail: 'not checked until the configuration is valid',
    });
    return;
  }
  emit({ name: 'configuration', status: 'ok', detail: 'every variable is valid' });
  for (const result of settingChecks(config)) emit(result);

  const slow = async (label: string, check: () => Promise<CheckResult>) => {
    const done = startProgress(io.stderr, label);
    try {
      emit(await check());
    } finally {
      done();
    }
  };

  const line = lineTarget(config);
  if (line) {
    await slow('verifying the LINE access token', () => checkLineToken(line));
    await slow('asking LINE for the bot profile', () => checkLineBot(line));
    await slow('reading the LINE webhook settings', () => checkLineWebhook(line, expectedWebhookUrl(config)));
  } else {
    emit({
      name: 'LINE',
      status: 'skip',
      detail: 'not connected: only the local simulator answers',
      fix: 'run `careline setup` to connect a LINE channel',
    });
  }

  const gemini = geminiTarget(config);
  if (gemini) {
    await slow(`calling Gemini (${gemini.model})`, () => checkGemini(gemini));
  } else {
    emit({ name: 'Gemini', status: 'skip', detail: 'GEMINI_API_KEY not set: offline answers only' });
  }

  const redis = redisTarget(config);
  if (redis) {
    await slow('pinging Redis', () => checkRedis(redis));
  } else {
    emit({ name: 'Redis', status: 'skip', detail: 'REDIS_URL not set: in-memory cache, sessions and dedupe' });
  }
}

/** Settings that are valid on their own but not what a LINE deployment needs. */
function settingChecks(config: Config): CheckResult[] {
  const results: CheckResult[] = [];
  if (config.lineConfigured) {
    if (!config.PUBLIC_BASE_URL) {
      results.push({
        name: 'PUBLIC_BASE_URL',
        status: 'warn',
        detail: 'not set, so the webhook URL cannot be derived',
        fix: 'set PUBLIC_BASE_URL to the https:// address LINE reaches',
      });
    } else if (!config.PUBLIC_BASE_URL.startsWith('https://')) {
      results.push({
        name: 'PUBLIC_BASE_URL',
        status: 'fail',
        detail: `${config.PUBLIC_BASE_URL} is not https://, and LINE only calls HTTPS webhooks`,
        fix: 'put CareLine behind HTTPS (a reverse proxy or tunnel) and set PUBLIC_BASE_URL to that address',
      });
    }
    if (!config.USER_ID_SALT) {
      results.push({
        name: 'USER_ID_SALT',
        status: 'warn',
        detail: 'not set: user ids are hashed with the channel secret instead',
        fix: 'set USER_ID_SALT to a long random value (openssl rand -hex 32)',
      });
    }
  }
  if (!config.ADMIN_TOKEN) {
    results.push({
      name: 'ADMIN_TOKEN',
      status: 'warn',
      detail: 'not set: /cache/stats, /gemini/stats and `careline status` details are disabled',
      fix: 'set ADMIN_TOKEN (openssl rand -hex 32)',
    });
  }
  return results;
}
