/** Why a Gemini answer was not used. Every kind ends in the offline answer, never in an error to the user. */
export type FailureKind =
  | 'timeout'
  | 'aborted'
  | 'rate_limited'
  | 'quota_day'
  | 'server_error'
  | 'client_error'
  | 'network'
  | 'blocked'
  | 'empty'
  | 'not_json'
  | 'schema'
  | 'id_not_in_context'
  | 'unsafe_content';

export interface ClassifiedError {
  kind: FailureKind;
  status?: number;
  /** Whether another attempt may succeed. */
  retryable: boolean;
  /** RetryInfo.retryDelay in milliseconds, when the server sent one. */
  retryDelayMs?: number;
  /** Whether Google may have billed the call (the request may have reached the model). */
  mayBeBilled: boolean;
}

/** A failed call, carrying its classification up through the cache's compute function. */
export class EnrichmentFailed extends Error {
  constructor(readonly kind: FailureKind) {
    super(`gemini enrichment failed: ${kind}`);
    this.name = 'EnrichmentFailed';
  }
}

interface ErrorDetail {
  '@type'?: string;
  retryDelay?: string;
  violations?: { quotaId?: string }[];
}

/** Classifies an error thrown by the SDK (ApiError, AbortError, fetch failures). */
export function classifyError(err: unknown, timedOut: boolean): ClassifiedError {
  const e = err as { name?: string; status?: number; message?: string };
  if (e?.name === 'AbortError' || timedOut) {
    return { kind: timedOut ? 'timeout' : 'aborted', retryable: false, mayBeBilled: true };
  }
  if (typeof e?.status === 'number') {
    const status = e.status;
    const details = parseDetails(e.message);
    if (status === 429) {
      const perDay = details.some((d) => d.violations?.some((v) => /PerDay/i.test(v.quotaId ?? '')));
      if (perDay) return { kind: 'quota_day', status, retryable: false, mayBeBilled: false };
      const retry = details.find((d) => d['@type']?.endsWith('RetryInfo'))?.retryDelay;
      const seconds = retry ? Number.parseFloat(retry) : Number.NaN;
      return {
        kind: 'rate_limited',
        status,
        retryable: true,
        retryDelayMs: Number.isFinite(seconds) ? Math.ceil(seconds * 1000) : undefined,
        mayBeBilled: false,
      };
    }
    if (status === 408 || status >= 500) return { kind: 'server_error', status, retryable: true, mayBeBilled: false };
    return { kind: 'client_error', status, retryable: false, mayBeBilled: false };
  }
  return { kind: 'network', retryable: true, mayBeBilled: true };
}

function parseDetails(message: string | undefined): ErrorDetail[] {
  try {
    const body = JSON.parse(message ?? '') as { error?: { details?: ErrorDetail[] } };
    return Array.isArray(body.error?.details) ? body.error.details : [];
  } catch {
    return [];
  }
}
