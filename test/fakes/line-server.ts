import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkLineLimits, validatePushRequest, validateReplyRequest } from '../helpers/line-schema.js';
import { signBody } from '../helpers/line-webhook.js';

/**
 * A fake LINE Messaging API platform on 127.0.0.1 that serves LINE's real paths at its root, so the real
 * `@line/bot-sdk` client can be pointed at it with a base URL override. It records every call, checks every
 * outgoing message against LINE's OpenAPI schema and documented limits, and can be told to fail.
 *
 *   const line = await startFakeLine({ channelAccessToken: 'token', channelSecret: '…32 hex…' });
 *   // LINE_API_BASE_URL = line.url
 *   line.failNext('push', 'server_error_after_accept');
 *   line.replies()  // → every reply call (headers, body, status answered)
 *   await line.close();
 */

/** Named endpoints, as `failNext` and `callsTo` accept them. */
export type FakeLineEndpoint =
  | 'reply'
  | 'push'
  | 'loading'
  | 'botInfo'
  | 'getWebhook'
  | 'setWebhook'
  | 'testWebhook'
  | 'quota'
  | 'quotaConsumption'
  | 'verifyToken';

/**
 * How a call should fail:
 * - unauthorized: 401 as for a bad channel access token
 * - invalid_reply_token: 400 `Invalid reply token` (an expired or used token)
 * - rate_limit / monthly_limit: the two 429 flavours
 * - server_error: 500, nothing accepted
 * - server_error_after_accept: the push is accepted (its retry key recorded) but the answer is a 500, as when
 *   a response is lost; a retry with the same key then gets 409
 * - hang: never answers (until the server closes)
 * - { status, body }: anything else
 * - { delayMs }: not a failure: the call is handled normally after a delay (slow LINE, work in flight)
 */
export type FakeLineFailure =
  | 'unauthorized'
  | 'invalid_reply_token'
  | 'rate_limit'
  | 'monthly_limit'
  | 'server_error'
  | 'server_error_after_accept'
  | 'hang'
  | { status: number; body: unknown }
  | { delayMs: number };

export interface RecordedCall {
  endpoint: FakeLineEndpoint | 'unknown';
  method: string;
  path: string;
  /** Lower-cased header names, as Node receives them (e.g. `x-line-retry-key`). */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON (or the form fields of /v2/oauth/verify); undefined when empty. */
  body: unknown;
  /** Status answered; 0 for a hang. */
  status: number;
  /** When the call arrived and when it was answered (ms since epoch; answeredAt 0 until then). */
  receivedAt: number;
  answeredAt: number;
  /** Problems found in the outgoing messages (empty = valid). */
  problems: string[];
  requestId: string;
}

export interface FakeLineOptions {
  channelAccessToken?: string;
  /** Used to sign the `events: []` request that POST /v2/bot/channel/webhook/test sends. */
  channelSecret?: string;
  botUserId?: string;
  displayName?: string;
  webhookEndpoint?: string;
  quota?: { type: 'none' | 'limited'; value?: number };
  /** Check every reply/push against the schema and limits (default true; benchmarks turn it off for speed). */
  checkMessages?: boolean;
  /** Extra message validation; returns problems, empty when valid. */
  validateRequest?: (kind: 'reply' | 'push', body: unknown) => string[];
}

export interface FakeLine {
  /** Base URL to give the SDK (LINE_API_BASE_URL). */
  url: string;
  options: Required<Pick<FakeLineOptions, 'channelAccessToken' | 'botUserId'>>;
  /** Every call in arrival order. */
  calls: RecordedCall[];
  callsTo(endpoint: FakeLineEndpoint): RecordedCall[];
  /** Reply calls answered 200. */
  replies(): RecordedCall[];
  /** Push calls answered 200 (first acceptance of a retry key). */
  pushes(): RecordedCall[];
  /** Every problem found in outgoing messages, across all calls. */
  problems(): string[];
  /** Queues failures for the next calls to an endpoint, one per call, in order. */
  failNext(endpoint: FakeLineEndpoint, ...failures: FakeLineFailure[]): void;
  /** Makes a reply token invalid from now on (as if expired). */
  expireReplyToken(token: string): void;
  /** Resolves when at least `count` calls to `endpoint` have been recorded. */
  waitForCalls(endpoint: FakeLineEndpoint, count: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** Forgets calls, failures, tokens and retry keys. */
  reset(): void;
  close(): Promise<void>;
}

const ROUTES: Array<{ method: string; path: string; endpoint: FakeLineEndpoint }> = [
  { method: 'POST', path: '/v2/bot/message/reply', endpoint: 'reply' },
  { method: 'POST', path: '/v2/bot/message/push', endpoint: 'push' },
  { method: 'POST', path: '/v2/bot/chat/loading/start', endpoint: 'loading' },
  { method: 'GET', path: '/v2/bot/info', endpoint: 'botInfo' },
  { method: 'GET', path: '/v2/bot/channel/webhook/endpoint', endpoint: 'getWebhook' },
  { method: 'PUT', path: '/v2/bot/channel/webhook/endpoint', endpoint: 'setWebhook' },
  { method: 'POST', path: '/v2/bot/channel/webhook/test', endpoint: 'testWebhook' },
  { method: 'GET', path: '/v2/bot/message/quota', endpoint: 'quota' },
  { method: 'GET', path: '/v2/bot/message/quota/consumption', endpoint: 'quotaConsumption' },
  { method: 'POST', path: '/v2/oauth/verify', endpoint: 'verifyToken' },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function startFakeLine(opts: FakeLineOptions = {}): Promise<FakeLine> {
  const check = opts.checkMessages === false ? () => [] : checkRequest;
  // Compile the schema validators now: compiling on the first call would stall it past client timeouts.
  check('reply', { replyToken: 'warm-up', messages: [{ type: 'text', text: 'warm-up' }] });
  check('push', { to: 'U0', messages: [{ type: 'text', text: 'warm-up' }] });
  const channelAccessToken = opts.channelAccessToken ?? 'fake-channel-access-token';
  const botUserId = opts.botUserId ?? `U${'0'.repeat(31)}1`;
  let webhookEndpoint = opts.webhookEndpoint;
  const calls: RecordedCall[] = [];
  const failures = new Map<FakeLineEndpoint, FakeLineFailure[]>();
  const usedReplyTokens = new Set<string>();
  const expiredReplyTokens = new Set<string>();
  const acceptedRetryKeys = new Map<string, { requestId: string; sentMessages: unknown[] }>();
  const hanging = new Set<ServerResponse>();
  const waiters: Array<() => void> = [];
  let pushCount = 0;

  const send = (res: ServerResponse, call: RecordedCall, status: number, body: unknown, headers = {}) => {
    call.status = status;
    call.answeredAt = Date.now();
    res.writeHead(status, { 'content-type': 'application/json', 'x-line-request-id': call.requestId, ...headers });
    res.end(JSON.stringify(body));
    for (const wake of waiters.splice(0)) wake();
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const route = ROUTES.find((r) => r.method === req.method && r.path === url.pathname);
    const call: RecordedCall = {
      endpoint: route?.endpoint ?? 'unknown',
      method: req.method ?? '',
      path: url.pathname,
      headers: req.headers,
      body: undefined,
      status: 0,
      receivedAt: Date.now(),
      answeredAt: 0,
      problems: [],
      requestId: randomUUID(),
    };
    calls.push(call);
    if (!route) return send(res, call, 404, { message: 'Not found' });

    if (route.endpoint === 'verifyToken') {
      const form = new URLSearchParams(raw);
      call.body = Object.fromEntries(form);
      if (form.get('access_token') !== channelAccessToken) {
        return send(res, call, 400, { error: 'invalid_request', error_description: 'access token expired' });
      }
      return send(res, call, 200, {
        client_id: '1234567890',
        expires_in: 2_591_000,
        scope: 'profile chat_message.write',
      });
    }

    if (raw.length > 0) {
      try {
        call.body = JSON.parse(raw);
      } catch {
        return send(res, call, 400, { message: 'The request body could not be parsed as JSON (line: 1, column: 1)' });
      }
    }
    if (req.headers.authorization !== `Bearer ${channelAccessToken}`) {
      return send(res, call, 401, unauthorizedBody);
    }

    let failure = failures.get(route.endpoint)?.shift();
    if (typeof failure === 'object' && 'delayMs' in failure) {
      await new Promise((r) => setTimeout(r, (failure as { delayMs: number }).delayMs));
      failure = undefined;
    }
    if (failure === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      for (const wake of waiters.splice(0)) wake();
      return;
    }
    if (failure && failure !== 'server_error_after_accept') {
      const [status, body] = failureAnswer(failure);
      return send(res, call, status, body);
    }

    switch (route.endpoint) {
      case 'reply': {
        const body = call.body as { replyToken?: unknown; messages?: unknown };
        if (req.headers['x-line-retry-key'] !== undefined) {
          return send(res, call, 400, { message: 'X-Line-Retry-Key is not supported on this endpoint' });
        }
        call.problems = [...check('reply', body), ...(opts.validateRequest?.('reply', body) ?? [])];
        if (call.problems.length) return send(res, call, 400, problemBody(call.problems));
        const token = body.replyToken as string;
        if (usedReplyTokens.has(token) || expiredReplyTokens.has(token)) {
          return send(res, call, 400, { message: 'Invalid reply token' });
        }
        usedReplyTokens.add(token);
        return send(res, call, 200, { sentMessages: sentMessages(body.messages) });
      }
      case 'push': {
        const body = call.body as { to?: unknown; messages?: unknown };
        const key = req.headers['x-line-retry-key'];
        const retryKey = typeof key === 'string' ? key : undefined;
        if (retryKey !== undefined && !UUID.test(retryKey)) {
          return send(res, call, 400, { message: 'The value of the X-Line-Retry-Key header is invalid' });
        }
        const accepted = retryKey ? acceptedRetryKeys.get(retryKey) : undefined;
        if (accepted) {
          return send(
            res,
            call,
            409,
            { message: 'The retry key is already accepted', sentMessages: accepted.sentMessages },
            { 'x-line-accepted-request-id': accepted.requestId },
          );
        }
        call.problems = [...check('push', body), ...(opts.validateRequest?.('push', body) ?? [])];
        if (call.problems.length) return send(res, call, 400, problemBody(call.problems));
        const sent = sentMessages(body.messages);
        if (retryKey) acceptedRetryKeys.set(retryKey, { requestId: call.requestId, sentMessages: sent });
        pushCount += 1;
        if (failure === 'server_error_after_accept') {
          call.problems = [];
          return send(res, call, 500, { message: 'Internal server error' });
        }
        return send(res, call, 200, { sentMessages: sent });
      }
      case 'loading': {
        const body = call.body as { chatId?: unknown; loadingSeconds?: unknown };
        const seconds = body?.loadingSeconds ?? 20;
        if (typeof body?.chatId !== 'string' || !body.chatId.startsWith('U')) {
          call.problems.push('chatId must be a user id (1:1 chats only)');
        }
        if (typeof seconds !== 'number' || seconds < 5 || seconds > 60 || seconds % 5 !== 0) {
          call.problems.push('loadingSeconds must be 5..60 in steps of 5');
        }
        if (call.problems.length) return send(res, call, 400, problemBody(call.problems));
        return send(res, call, 202, {});
      }
      case 'botInfo':
        return send(res, call, 200, {
          userId: botUserId,
          basicId: '@careline',
          displayName: opts.displayName ?? 'CareLine',
          chatMode: 'bot',
          markAsReadMode: 'auto',
        });
      case 'getWebhook':
        if (!webhookEndpoint) return send(res, call, 200, { endpoint: '', active: false });
        return send(res, call, 200, { endpoint: webhookEndpoint, active: true });
      case 'setWebhook': {
        const endpoint = (call.body as { endpoint?: unknown })?.endpoint;
        if (typeof endpoint !== 'string' || !/^https:\/\//.test(endpoint) || endpoint.length > 500) {
          return send(res, call, 400, { message: 'Invalid webhook endpoint URL' });
        }
        webhookEndpoint = endpoint;
        return send(res, call, 200, {});
      }
      case 'testWebhook': {
        const target = (call.body as { endpoint?: string } | undefined)?.endpoint ?? webhookEndpoint;
        if (!target) return send(res, call, 404, { message: 'Webhook endpoint not found' });
        return send(res, call, 200, await testWebhook(target));
      }
      case 'quota':
        return send(res, call, 200, opts.quota ?? { type: 'none' });
      case 'quotaConsumption':
        return send(res, call, 200, { totalUsage: pushCount });
    }
  }

  /** Posts a signed `events: []` body to the endpoint, as LINE's "Verify" button does. */
  async function testWebhook(endpoint: string) {
    const body = JSON.stringify({ destination: botUserId, events: [] });
    const timestamp = new Date().toISOString();
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'x-line-signature': signBody(body, opts.channelSecret ?? ''),
        },
        body,
        signal: AbortSignal.timeout(2000),
      });
      const ok = res.status === 200;
      return {
        success: ok,
        timestamp,
        statusCode: res.status,
        reason: ok ? 'OK' : 'ERROR_STATUS_CODE',
        detail: ok ? '200' : `${res.status}`,
      };
    } catch (err) {
      const timeout = err instanceof DOMException && err.name === 'TimeoutError';
      return {
        success: false,
        timestamp,
        statusCode: 0,
        reason: timeout ? 'REQUEST_TIMEOUT' : 'COULD_NOT_CONNECT',
        detail: String(err),
      };
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeLine = {
    url: `http://127.0.0.1:${port}`,
    options: { channelAccessToken, botUserId },
    calls,
    callsTo: (endpoint) => calls.filter((c) => c.endpoint === endpoint),
    replies: () => calls.filter((c) => c.endpoint === 'reply' && c.status === 200),
    pushes: () => calls.filter((c) => c.endpoint === 'push' && c.status === 200),
    problems: () => calls.flatMap((c) => c.problems.map((p) => `${c.endpoint}: ${p}`)),
    failNext(endpoint, ...more) {
      failures.set(endpoint, [...(failures.get(endpoint) ?? []), ...more]);
    },
    expireReplyToken(token) {
      expiredReplyTokens.add(token);
    },
    async waitForCalls(endpoint, count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = fake.callsTo(endpoint);
        if (found.length >= count) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`fake LINE: expected ${count} ${endpoint} call(s), got ${found.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 50));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    reset() {
      calls.length = 0;
      failures.clear();
      usedReplyTokens.clear();
      expiredReplyTokens.clear();
      acceptedRetryKeys.clear();
      pushCount = 0;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

const unauthorizedBody = {
  message:
    'Authentication failed due to the following reason: invalid token. Confirm that the access token in the authorization header is valid.',
};

function failureAnswer(
  failure: Exclude<FakeLineFailure, 'hang' | 'server_error_after_accept' | { delayMs: number }>,
): [number, unknown] {
  if (typeof failure === 'object') return [failure.status, failure.body];
  switch (failure) {
    case 'unauthorized':
      return [401, unauthorizedBody];
    case 'invalid_reply_token':
      return [400, { message: 'Invalid reply token' }];
    case 'rate_limit':
      return [429, { message: 'The API rate limit has been exceeded. Try again later.' }];
    case 'monthly_limit':
      return [429, { message: 'You have reached your monthly limit.' }];
    case 'server_error':
      return [500, { message: 'Internal server error' }];
  }
}

function problemBody(problems: string[]) {
  return {
    message: `The request body has ${problems.length} error(s)`,
    details: problems.map((p) => ({ message: p })),
  };
}

function sentMessages(messages: unknown): Array<{ id: string; quoteToken?: string }> {
  return (messages as unknown[]).map(() => ({
    id: String(Math.floor(Math.random() * 1e17)),
    quoteToken: randomUUID(),
  }));
}

/**
 * What LINE would reject in a reply or push body: the official OpenAPI schema (through ajv) plus the
 * documented limits the schema does not encode (with LINE's own altText limit of 1500).
 */
export function checkRequest(kind: 'reply' | 'push', body: unknown): string[] {
  const schema = kind === 'reply' ? validateReplyRequest(body) : validatePushRequest(body);
  const messages = (body as { messages?: unknown } | undefined)?.messages;
  const limits = Array.isArray(messages) ? checkLineLimits(messages, { altTextMax: 1500 }) : [];
  return [...schema.errors, ...limits];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
