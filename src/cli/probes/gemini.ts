import { ApiError, GoogleGenAI } from '@google/genai';
import type { CheckResult } from '../report.js';
import { networkCode } from './line.js';

export interface GeminiTarget {
  apiKey: string;
  model: string;
  baseUrl?: string;
  timeoutMs: number;
}

const KEY_FIX =
  'create a key at https://aistudio.google.com/apikey and set GEMINI_API_KEY (or leave it empty for offline answers)';

/**
 * A cheap authenticated call: `models.countTokens` is free and proves both the key and the model id without
 * spending generation quota.
 */
export async function checkGemini(target: GeminiTarget): Promise<CheckResult> {
  const name = 'Gemini';
  const ai = new GoogleGenAI({
    apiKey: target.apiKey,
    httpOptions: { timeout: target.timeoutMs, ...(target.baseUrl ? { baseUrl: target.baseUrl } : {}) },
  });
  try {
    const res = await ai.models.countTokens({ model: target.model, contents: '測試' });
    return {
      name,
      status: 'ok',
      detail: `key accepted, model ${target.model} answers (countTokens: ${res.totalTokens ?? '?'} tokens)`,
    };
  } catch (err) {
    return { name, status: 'fail', ...explainGeminiError(err, target) };
  }
}

function explainGeminiError(err: unknown, target: GeminiTarget): { detail: string; fix: string } {
  if (err instanceof ApiError) {
    const body = parseBody(err.message);
    const said = body.message ? ` (“${body.message.slice(0, 160)}”)` : '';
    if (body.reasons.includes('API_KEY_INVALID') || err.status === 401) {
      return { detail: `Gemini rejected the API key${said}`, fix: KEY_FIX };
    }
    if (err.status === 403) {
      return { detail: `Gemini answered 403: the key may not use this API${said}`, fix: KEY_FIX };
    }
    if (err.status === 404) {
      return {
        detail: `the model ${target.model} does not exist or is retired${said}`,
        fix: 'set GEMINI_MODEL to a current model id, e.g. gemini-2.5-flash-lite',
      };
    }
    if (err.status === 429) {
      return {
        detail: `Gemini quota exhausted${said}`,
        fix: 'wait for the quota to reset, or enable billing in Google AI Studio',
      };
    }
    if (err.status === 400) {
      return { detail: `Gemini answered 400${said}`, fix: 'check GEMINI_API_KEY and GEMINI_MODEL' };
    }
    return { detail: `Gemini answered ${err.status}${said}`, fix: 'try again later' };
  }
  if (err instanceof Error && err.name === 'AbortError') {
    return {
      detail: `Gemini did not answer within ${target.timeoutMs} ms`,
      fix: 'check the network, or raise GEMINI_TIMEOUT_MS',
    };
  }
  const code = networkCode(err);
  return {
    detail: `cannot reach ${target.baseUrl ?? 'Gemini'}${code ? ` (${code})` : ''}`,
    fix: target.baseUrl
      ? 'GEMINI_BASE_URL is set: leave it empty to use Google'
      : 'check the network, DNS and proxy of this machine',
  };
}

function parseBody(message: string): { message?: string; reasons: string[] } {
  try {
    const parsed = JSON.parse(message) as {
      error?: { message?: string; details?: Array<{ reason?: string }> };
    };
    return {
      message: parsed.error?.message,
      reasons: (parsed.error?.details ?? []).map((d) => d.reason ?? '').filter(Boolean),
    };
  } catch {
    return { message, reasons: [] };
  }
}
