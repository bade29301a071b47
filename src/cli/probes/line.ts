import { channelAccessToken, HTTPFetchError, messagingApi } from '@line/bot-sdk';
import type { CheckResult } from '../report.js';
import { TimeoutError, withTimeout } from '../timeout.js';

/** Where and how the CLI talks to LINE: the real API unless LINE_API_BASE_URL points elsewhere. */
export interface LineTarget {
  accessToken: string;
  baseURL?: string;
  timeoutMs: number;
}

export interface BotInfo {
  displayName: string;
  basicId: string;
  userId: string;
  chatMode?: string;
}

export function lineClient(target: LineTarget): messagingApi.MessagingApiClient {
  return new messagingApi.MessagingApiClient({ channelAccessToken: target.accessToken, baseURL: target.baseURL });
}

export function lineCall<T>(target: LineTarget, what: string, call: () => Promise<T>): Promise<T> {
  return withTimeout(what, target.timeoutMs, call);
}

const TOKEN_FIX =
  'issue a long-lived channel access token in LINE Developers Console → your channel → Messaging API, then run `careline setup` or set LINE_CHANNEL_ACCESS_TOKEN';

/** Turns any failure of a LINE call into a reason an operator understands and the fix. */
export function explainLineError(err: unknown, target: LineTarget): { reason: string; fix: string } {
  if (err instanceof HTTPFetchError) {
    const message = lineErrorMessage(err.body);
    const said = message ? ` (“${message}”)` : '';
    if (err.status === 401) {
      return { reason: `LINE answered 401: the channel access token is invalid or revoked${said}`, fix: TOKEN_FIX };
    }
    if (err.status === 403) {
      return {
        reason: `LINE answered 403: this channel may not use this endpoint${said}`,
        fix: 'check that the token belongs to a Messaging API channel',
      };
    }
    if (err.status === 429) {
      return { reason: `LINE answered 429: rate limit reached${said}`, fix: 'wait a few minutes and try again' };
    }
    if (err.status >= 500) {
      return {
        reason: `LINE answered ${err.status}: a problem on LINE's side${said}`,
        fix: 'try again later; see https://api-status.line.me',
      };
    }
    return { reason: `LINE answered ${err.status}${said}`, fix: 'see the LINE message above' };
  }
  if (err instanceof TimeoutError) {
    return {
      reason: `LINE did not answer within ${err.ms} ms`,
      fix: 'check the network and firewall, or raise LINE_TIMEOUT_MS',
    };
  }
  const code = networkCode(err);
  return {
    reason: `cannot reach ${target.baseURL ?? 'https://api.line.me'}${code ? ` (${code})` : ''}`,
    fix: target.baseURL
      ? 'LINE_API_BASE_URL is set: leave it empty to use https://api.line.me'
      : 'check the network, DNS and proxy of this machine',
  };
}

function lineErrorMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: string; error_description?: string; error?: string };
    return parsed.message ?? parsed.error_description ?? parsed.error;
  } catch {
    return body.trim().slice(0, 200) || undefined;
  }
}

export function networkCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = cause;
  }
  return err instanceof Error ? err.message : undefined;
}

/** `POST /v2/oauth/verify`: is the access token (long- or short-lived) still valid? */
export async function checkLineToken(target: LineTarget): Promise<CheckResult> {
  const name = 'LINE access token';
  const client = new channelAccessToken.ChannelAccessTokenClient({ baseURL: target.baseURL });
  try {
    const res = await lineCall(target, 'LINE token verification', () => client.verifyChannelToken(target.accessToken));
    const days = Math.floor(res.expires_in / 86_400);
    return { name, status: 'ok', detail: `valid for channel ${res.client_id}, expires in ${days} days` };
  } catch (err) {
    if (err instanceof HTTPFetchError && err.status === 400) {
      const message = lineErrorMessage(err.body);
      return {
        name,
        status: 'fail',
        detail: `LINE does not accept this token${message ? ` (“${message}”)` : ''}`,
        fix: TOKEN_FIX,
      };
    }
    return { name, status: 'fail', ...toDetail(explainLineError(err, target)) };
  }
}

/** `GET /v2/bot/info`: the token works and belongs to this bot. */
export async function checkLineBot(target: LineTarget): Promise<CheckResult & { bot?: BotInfo }> {
  const name = 'LINE bot';
  try {
    const info = await lineCall(target, 'LINE bot info', () => lineClient(target).getBotInfo());
    return {
      name,
      status: 'ok',
      detail: `connected to “${info.displayName}” (${info.basicId})`,
      bot: { displayName: info.displayName, basicId: info.basicId, userId: info.userId, chatMode: info.chatMode },
    };
  } catch (err) {
    return { name, status: 'fail', ...toDetail(explainLineError(err, target)) };
  }
}

/** `GET /v2/bot/channel/webhook/endpoint`, compared with what PUBLIC_BASE_URL says it should be. */
export async function checkLineWebhook(target: LineTarget, expected: string | undefined): Promise<CheckResult> {
  const name = 'LINE webhook';
  try {
    const res = await lineCall(target, 'LINE webhook endpoint', () => lineClient(target).getWebhookEndpoint());
    if (!res.endpoint) {
      return { name, status: 'warn', detail: 'no webhook URL is set', fix: 'run `careline webhook set`' };
    }
    if (expected && res.endpoint !== expected) {
      return {
        name,
        status: 'warn',
        detail: `LINE sends events to ${res.endpoint}, not to ${expected}`,
        fix: 'run `careline webhook set` (or correct PUBLIC_BASE_URL)',
      };
    }
    if (!res.active) {
      return {
        name,
        status: 'warn',
        detail: `${res.endpoint} is set but “Use webhook” is off, so LINE sends nothing`,
        fix: 'LINE Developers Console → Messaging API → Webhook settings → turn on “Use webhook”',
      };
    }
    return { name, status: 'ok', detail: `${res.endpoint} (active)` };
  } catch (err) {
    if (err instanceof HTTPFetchError && err.status === 404) {
      return { name, status: 'warn', detail: 'no webhook URL is set', fix: 'run `careline webhook set`' };
    }
    return { name, status: 'fail', ...toDetail(explainLineError(err, target)) };
  }
}

function toDetail(explained: { reason: string; fix: string }): { detail: string; fix: string } {
  return { detail: explained.reason, fix: explained.fix };
}
