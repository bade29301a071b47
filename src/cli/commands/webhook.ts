import { parseArgs } from 'node:util';
import { HTTPFetchError } from '@line/bot-sdk';
import { ConfigError } from '../../config/errors.js';
import { processIo, say } from '../io.js';
import { explainLineError, type LineTarget, lineCall, lineClient } from '../probes/line.js';
import { startProgress } from '../progress.js';
import { expectedWebhookUrl, lineTarget, loadCliConfig } from '../targets.js';
import { type CliIO, type Command, UsageError } from './command.js';

const USAGE = `Usage:
  careline webhook set [url]    set the channel's webhook URL (default: PUBLIC_BASE_URL + /webhook; https only)
  careline webhook test [url]   ask LINE to send a test request to the webhook and show what happened
  careline webhook info         show the webhook URL LINE uses and whether "Use webhook" is on

Add --json for machine-readable output.`;

export const webhookCommand: Command = {
  name: 'webhook',
  usage: 'careline webhook set [url] | test [url] | info',
  summary: 'set, test or show the LINE webhook URL (set [url] | test [url] | info)',
  async run(argv, io = processIo()) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    });
    const [action, url, ...extra] = positionals;
    if (values.help || !action) {
      say(values.help ? io.stdout : io.stderr, USAGE);
      return values.help ? 0 : 64;
    }
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    let context: WebhookContext;
    try {
      context = webhookContext(io);
    } catch (err) {
      if (err instanceof ConfigError) {
        say(io.stderr, err.message);
        return 2;
      }
      throw err;
    }
    if (!context.target) {
      say(io.stderr, '✗ LINE is not connected: LINE_CHANNEL_ACCESS_TOKEN is not set. Fix: run `careline setup`.');
      return 2;
    }
    const run = { io, json: values.json, target: context.target, expected: context.expected };
    try {
      if (action === 'set') return await setWebhook(run, url);
      if (action === 'test') return await testWebhook(run, url);
      if (action === 'info') {
        if (url) throw new UsageError('webhook info takes no URL');
        return await webhookInfo(run);
      }
    } catch (err) {
      if (err instanceof UsageError) throw err;
      const { reason, fix } = explainLineError(err, context.target);
      say(io.stderr, `✗ ${reason}. Fix: ${fix}.`);
      return 1;
    }
    throw new UsageError(`unknown webhook action “${action}” (set, test or info)`);
  },
};

interface WebhookContext {
  target: LineTarget | undefined;
  expected: string | undefined;
}

interface WebhookRun {
  io: CliIO;
  json: boolean;
  target: LineTarget;
  expected: string | undefined;
}

function webhookContext(io: CliIO): WebhookContext {
  const config = loadCliConfig(io);
  return { target: lineTarget(config), expected: expectedWebhookUrl(config) };
}

/** LINE's own rules for a webhook URL: HTTPS and at most 500 characters. */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `“${url}” is not a URL`;
  }
  if (parsed.protocol !== 'https:') return 'LINE only calls https:// webhook URLs';
  if (url.length > 500) return 'LINE accepts webhook URLs of at most 500 characters';
  return undefined;
}

async function setWebhook({ io, json, target, expected }: WebhookRun, given: string | undefined): Promise<number> {
  const endpoint = given ?? expected;
  if (!endpoint) {
    say(io.stderr, '✗ No URL given and PUBLIC_BASE_URL is not set. Fix: `careline webhook set https://…/webhook`.');
    return 64;
  }
  const problem = webhookUrlProblem(endpoint);
  if (problem) {
    say(io.stderr, `✗ ${problem}. Fix: put CareLine behind HTTPS and pass that address.`);
    return 64;
  }
  const client = lineClient(target);
  const done = startProgress(io.stderr, `setting the webhook URL to ${endpoint}`);
  let current: { endpoint: string; active: boolean };
  try {
    await lineCall(target, 'LINE set webhook', () => client.setWebhookEndpoint({ endpoint }));
    current = await lineCall(target, 'LINE webhook endpoint', () => client.getWebhookEndpoint());
  } catch (err) {
    if (err instanceof HTTPFetchError && err.status === 400) {
      say(io.stderr, `✗ LINE refused ${endpoint}: ${err.body}. Fix: give a public https:// URL.`);
      return 1;
    }
    throw err;
  } finally {
    done();
  }
  if (json) {
    say(io.stdout, JSON.stringify({ endpoint: current.endpoint, active: current.active }));
    return 0;
  }
  say(io.stdout, `✓ Webhook URL set to ${endpoint}`);
  say(io.stdout, '  LINE may take up to a minute to use the new URL.');
  if (!current.active) {
    say(
      io.stdout,
      '! “Use webhook” is off, so LINE sends nothing yet. Fix: LINE Developers Console → Messaging API → Webhook settings → turn on “Use webhook”.',
    );
  }
  say(io.stdout, 'Next: `careline webhook test` once CareLine is running at that address.');
  return 0;
}

async function testWebhook({ io, json, target }: WebhookRun, given: string | undefined): Promise<number> {
  if (given) {
    const problem = webhookUrlProblem(given);
    if (problem) {
      say(io.stderr, `✗ ${problem}.`);
      return 64;
    }
  }
  const client = lineClient(target);
  const done = startProgress(io.stderr, `asking LINE to call ${given ?? 'the configured webhook URL'}`);
  let res: Awaited<ReturnType<typeof client.testWebhookEndpoint>>;
  try {
    res = await lineCall(target, 'LINE webhook test', () =>
      client.testWebhookEndpoint(given ? { endpoint: given } : {}),
    );
  } catch (err) {
    if (err instanceof HTTPFetchError && err.status === 404) {
      say(io.stderr, '✗ LINE has no webhook URL for this channel. Fix: run `careline webhook set` first.');
      return 1;
    }
    throw err;
  } finally {
    done();
  }
  if (json) {
    say(io.stdout, JSON.stringify(res));
    return res.success ? 0 : 1;
  }
  const mark = res.success ? '✓' : '✗';
  say(io.stdout, `${mark} success: ${res.success}`);
  say(io.stdout, `  reason: ${res.reason}`);
  say(io.stdout, `  statusCode: ${res.statusCode}`);
  say(io.stdout, `  detail: ${res.detail || '(none)'}`);
  if (!res.success) say(io.stdout, `Fix: ${testFix(res.reason, res.statusCode)}`);
  return res.success ? 0 : 1;
}

function testFix(reason: string, statusCode: number): string {
  switch (reason) {
    case 'COULD_NOT_CONNECT':
      return 'LINE cannot reach the URL: check that CareLine runs, that DNS and the HTTPS certificate are valid, and that the firewall lets LINE in';
    case 'REQUEST_TIMEOUT':
      return 'CareLine answered too slowly: check the server load and the reverse proxy';
    case 'ERROR_STATUS_CODE':
      return statusCode === 401
        ? 'signature check failed: LINE_CHANNEL_SECRET on the server does not match this channel'
        : statusCode === 503
          ? 'CareLine is running without LINE credentials: set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN on the server'
          : `CareLine answered ${statusCode}: check its log (journalctl -u careline, docker compose logs careline)`;
    default:
      return 'see the detail above';
  }
}

async function webhookInfo({ io, json, target, expected }: WebhookRun): Promise<number> {
  const done = startProgress(io.stderr, 'reading the webhook settings');
  let res: { endpoint: string; active: boolean } | undefined;
  try {
    res = await lineCall(target, 'LINE webhook endpoint', () => lineClient(target).getWebhookEndpoint());
  } catch (err) {
    if (!(err instanceof HTTPFetchError && err.status === 404)) throw err;
  } finally {
    done();
  }
  if (json) {
    say(io.stdout, JSON.stringify({ endpoint: res?.endpoint ?? null, active: res?.active ?? false, expected }));
    return 0;
  }
  if (!res?.endpoint) {
    say(io.stdout, '! No webhook URL is set. Fix: run `careline webhook set`.');
    return 0;
  }
  say(io.stdout, `endpoint: ${res.endpoint}`);
  say(io.stdout, `active (“Use webhook”): ${res.active ? 'on' : 'off'}`);
  if (expected && expected !== res.endpoint) {
    say(io.stdout, `! PUBLIC_BASE_URL says ${expected}. Fix: run \`careline webhook set\`.`);
  }
  return 0;
}
