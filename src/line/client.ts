import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { LineApiError, type LineFailureKind } from './errors.js';
import { withFetchSignal } from './scoped-fetch.js';

export interface LineApiOptions {
  channelAccessToken: string;
  /** Defaults to https://api.line.me; tests point it at the fake platform. */
  baseURL?: string;
  timeoutMs: number;
}

/** The LINE Messaging API client with a timeout on every call and failures turned into LineApiError. */
export interface LineApi {
  client: messagingApi.MessagingApiClient;
  /** Runs one SDK call under the timeout (and the optional caller signal). */
  call<T>(
    method: string,
    fn: (client: messagingApi.MessagingApiClient) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T>;
}

export function createLineApi(opts: LineApiOptions): LineApi {
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: opts.channelAccessToken,
    ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
  });
  return {
    client,
    async call(method, fn, signal) {
      // One controller per call, not AbortSignal.any with the long-lived caller signal: on Node 20 that keeps
      // every combined signal alive as long as the caller's (nodejs/node#55351).
      const controller = new AbortController();
      const timer = setTimeout(
        () => controller.abort(new DOMException(`LINE ${method} timed out`, 'TimeoutError')),
        opts.timeoutMs,
      );
      const onAbort = () => controller.abort(signal?.reason);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await withFetchSignal(controller.signal, () => fn(client));
      } catch (err) {
        throw toLineApiError(method, err, signal);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

export function toLineApiError(method: string, err: unknown, callerSignal?: AbortSignal): LineApiError {
  if (err instanceof LineApiError) return err;
  if (err instanceof HTTPFetchError) {
    const requestId = err.headers.get('x-line-request-id') ?? undefined;
    let lineMessage: string | undefined;
    try {
      lineMessage = (JSON.parse(err.body) as { message?: string }).message;
    } catch {}
    return new LineApiError(method, err.status, kindOf(err.status, lineMessage), requestId, lineMessage);
  }
  if (callerSignal?.aborted) return new LineApiError(method, 0, 'aborted', undefined, undefined);
  const name = (err as { name?: string })?.name;
  const kind: LineFailureKind = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network';
  return new LineApiError(method, 0, kind, undefined, (err as Error)?.message);
}

function kindOf(status: number, message: string | undefined): LineFailureKind {
  if (status >= 500) return 'server_error';
  if (status === 401) return 'unauthorized';
  if (status === 429) return /monthly limit/i.test(message ?? '') ? 'monthly_limit' : 'rate_limit';
  if (status === 400 && message === 'Invalid reply token') return 'invalid_reply_token';
  return 'client_error';
}
