/** What a failed LINE API call was, for retry decisions, logs and metrics. */
export type LineFailureKind =
  | 'timeout'
  | 'network'
  | 'server_error'
  | 'invalid_reply_token'
  | 'rate_limit'
  | 'monthly_limit'
  | 'unauthorized'
  | 'client_error'
  | 'aborted';

/** A LINE API call that failed for good: status 0 means no HTTP answer (timeout or network). */
export class LineApiError extends Error {
  constructor(
    readonly method: string,
    readonly status: number,
    readonly kind: LineFailureKind,
    readonly requestId: string | undefined,
    readonly lineMessage: string | undefined,
  ) {
    super(`LINE ${method} failed: ${status || kind}${lineMessage ? ` (${lineMessage})` : ''}`);
    this.name = 'LineApiError';
  }

  /** Worth another attempt: 5xx, timeout, network failure. Never other 4xx. */
  get retryable(): boolean {
    return this.kind === 'server_error' || this.kind === 'timeout' || this.kind === 'network';
  }

  /** The request may have reached LINE and been acted on even though no answer came back. */
  get outcomeUnknown(): boolean {
    return this.kind === 'timeout' || this.kind === 'network';
  }
}
