import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '../conversation/types.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { LineApi } from './client.js';
import type { LineApiError } from './errors.js';

const MAX_MESSAGES = 5;

/** What to send in answer to one webhook event. */
export interface Delivery {
  messages: OutgoingMessage[];
  /** The event's reply token; without one CareLine sends nothing (it never pushes unprompted). */
  replyToken?: string;
  /** Raw id of the chat (user, group or room) for the push fallback. Never logged. */
  to: string;
  /** When the webhook arrived (ms since epoch): the reply token lives about a minute from then. */
  receivedAt: number;
  /** For logs. */
  webhookEventId?: string;
}

export type SendResult =
  | { method: 'reply' | 'push'; requestId?: string }
  | { method: 'reply'; uncertain: true }
  | { method: 'none'; reason: string };

export interface LineSender {
  /** Reply with the token; push (with an X-Line-Retry-Key) when the token is invalid or too old. */
  send(delivery: Delivery, signal?: AbortSignal): Promise<SendResult>;
  /** Shows the typing indicator in a 1:1 chat; failures are logged, never thrown. */
  showLoading(userId: string, seconds?: number, webhookEventId?: string): Promise<void>;
}

export interface SenderOptions {
  api: LineApi;
  logger: Logger;
  metrics: Metrics;
  /** Attempts for a reply (the token is single-use, so a retry is safe) and for a push (with its retry key). */
  replyAttempts?: number;
  pushAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A reply token older than this is not tried: LINE guarantees about one minute, network time included. */
  replyTokenMaxAgeMs?: number;
}

/** The one component that sends to LINE: reply first (free), push as the fallback, bounded retries. */
export function createLineSender(opts: SenderOptions): LineSender {
  const { api, logger, metrics } = opts;
  const replyAttempts = opts.replyAttempts ?? 3;
  const pushAttempts = opts.pushAttempts ?? 4;
  const baseMs = opts.backoffBaseMs ?? 250;
  const maxMs = opts.backoffMaxMs ?? 4000;
  const tokenMaxAge = opts.replyTokenMaxAgeMs ?? 50_000;

  const backoff = (attempt: number, signal?: AbortSignal) => {
    const ms = Math.min(maxMs, baseMs * 2 ** attempt) * (0.5 + Math.random() * 0.5);
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  };

  const failed = (err: LineApiError, log: Logger, attempt: number) => {
    metrics.sendFailures.inc({ method: err.method, status: String(err.status) });
    const fields = { method: err.method, status: err.status, kind: err.kind, requestId: err.requestId, attempt };
    if (err.kind === 'monthly_limit')
      log.error(fields, 'LINE monthly message limit reached: pushes fail until it resets');
    else if (err.kind === 'rate_limit') log.warn(fields, 'LINE rate limit hit');
    else log.warn({ ...fields, lineMessage: err.lineMessage }, 'LINE call failed');
  };

  async function reply(d: Delivery, log: Logger, signal?: AbortSignal) {
    let maybeDelivered = false;
    for (let attempt = 1; ; attempt++) {
      try {
        const { httpResponse } = await api.call(
          'reply',
          (c) => c.replyMessageWithHttpInfo({ replyToken: d.replyToken!, messages: d.messages }),
          signal,
        );
        const requestId = httpResponse.headers.get('x-line-request-id') ?? undefined;
        log.info({ method: 'reply', status: httpResponse.status, requestId, attempt }, 'LINE reply sent');
        return { done: true as const, requestId };
      } catch (e) {
        const err = e as LineApiError;
        failed(err, log, attempt);
        // A used token after an attempt whose answer never came: that attempt most likely got through.
        if (err.kind === 'invalid_reply_token') return { done: false as const, maybeDelivered };
        if (!err.retryable) throw err;
        if (err.outcomeUnknown) maybeDelivered = true;
        if (attempt >= replyAttempts || signal?.aborted) {
          if (maybeDelivered) throw err;
          return { done: false as const, maybeDelivered: false };
        }
        await backoff(attempt - 1, signal);
      }
    }
  }

  async function push(d: Delivery, log: Logger, signal?: AbortSignal) {
    // Chosen before the first attempt; every retry sends the same key and the same body.
    const retryKey = randomUUID();
    const request = { to: d.to, messages: d.messages };
    for (let attempt = 1; ; attempt++) {
      try {
        const { httpResponse } = await api.call('push', (c) => c.pushMessageWithHttpInfo(request, retryKey), signal);
        const requestId = httpResponse.headers.get('x-line-request-id') ?? undefined;
        log.info({ method: 'push', status: httpResponse.status, requestId, retryKey, attempt }, 'LINE push sent');
        return requestId;
      } catch (e) {
        const err = e as LineApiError;
        if (err.status === 409) {
          log.info(
            { method: 'push', status: 409, requestId: err.requestId, retryKey, attempt },
            'LINE push already accepted',
          );
          return err.requestId;
        }
        failed(err, log, attempt);
        if (!err.retryable || attempt >= pushAttempts || signal?.aborted) throw err;
        await backoff(attempt - 1, signal);
      }
    }
  }

  return {
    async send(d, signal) {
      if (d.messages.length === 0) return { method: 'none', reason: 'nothing to send' };
      if (!d.replyToken) return { method: 'none', reason: 'no reply token' };
      const log = logger.child({ webhookEventId: d.webhookEventId });
      if (d.messages.length > MAX_MESSAGES) {
        // LINE rejects the whole request above 5 messages; the first five still carry the answer.
        log.error({ messages: d.messages.length }, 'more than 5 messages to send: the rest are dropped');
        d = { ...d, messages: d.messages.slice(0, MAX_MESSAGES) };
      }
      const age = Date.now() - d.receivedAt;
      if (age < tokenMaxAge) {
        const r = await reply(d, log, signal);
        if (r.done) {
          metrics.sends.inc({ method: 'reply' }, d.messages.length);
          return { method: 'reply', ...(r.requestId ? { requestId: r.requestId } : {}) };
        }
        if (r.maybeDelivered) {
          log.warn({ method: 'reply' }, 'reply token used up after an unanswered attempt: assuming it was delivered');
          return { method: 'reply', uncertain: true };
        }
        log.info({ ageMs: age }, 'reply not possible: pushing instead');
      } else {
        log.info({ ageMs: age }, 'reply token too old: pushing instead');
      }
      const requestId = await push(d, log, signal);
      metrics.sends.inc({ method: 'push' }, d.messages.length);
      return { method: 'push', ...(requestId ? { requestId } : {}) };
    },

    async showLoading(userId, seconds = 20, webhookEventId) {
      try {
        await api.call('loading', (c) =>
          c.showLoadingAnimationWithHttpInfo({ chatId: userId, loadingSeconds: seconds }),
        );
      } catch (e) {
        const err = e as LineApiError;
        metrics.sendFailures.inc({ method: 'loading', status: String(err.status) });
        logger.debug({ webhookEventId, status: err.status, kind: err.kind }, 'loading animation not shown');
      }
    },
  };
}
