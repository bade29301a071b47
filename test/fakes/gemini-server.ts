import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * A fake Gemini Developer API on 127.0.0.1 speaking the REST shapes of shared/reference/gemini.md §3–§5:
 * generateContent and countTokens, usageMetadata with deterministic token counts computed from the real
 * request (ceil(CJK chars × 0.74 + other chars ÷ 4)), Google's JSON error bodies with QuotaFailure and
 * RetryInfo, slow, malformed, schema-breaking and blocked responses, and a log of every request.
 */

export interface LoggedRequest {
  method: string;
  path: string;
  model: string;
  action: string;
  headers: Record<string, string | string[] | undefined>;
  body: GenerateBody;
}

interface Part {
  text?: string;
}
export interface GenerateBody {
  contents?: { role?: string; parts?: Part[] }[];
  systemInstruction?: { parts?: Part[] };
  generationConfig?: {
    responseMimeType?: string;
    responseJsonSchema?: { properties?: { usedIds?: { items?: { enum?: string[] } } } };
    thinkingConfig?: { thinkingBudget?: number };
    maxOutputTokens?: number;
    temperature?: number;
  };
}

export interface UsageOverride {
  promptTokenCount?: number;
  cachedContentTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
}

/** One scripted reply; unscripted requests get a grounded answer built from the request. */
export type FakeReply =
  | { kind: 'answer'; output?: unknown; usage?: UsageOverride; delayMs?: number }
  | { kind: 'raw_text'; text: string }
  | { kind: 'error'; status: number; body?: unknown }
  | { kind: 'rate_limited'; retryDelay: string; perDay?: boolean }
  | { kind: 'plain_503' }
  | { kind: 'prompt_blocked' }
  | { kind: 'safety_stop' }
  | { kind: 'thinking_ate_budget' }
  | { kind: 'slow'; delayMs: number };

export interface FakeGemini {
  baseUrl: string;
  requests: LoggedRequest[];
  /** Requests the client gave up on before the reply (timeouts, aborts). */
  abortedRequests: number;
  /** Queues replies for the next generateContent requests, in order. */
  enqueue(...replies: FakeReply[]): void;
  /** Answers every request with `reply` until reset (e.g. always slow, always 503). */
  always(reply: FakeReply | undefined): void;
  close(): Promise<void>;
}

const THINKING_RANGE: Record<string, [number, number, boolean]> = {
  // [min, max, can turn off with 0]
  'gemini-2.5-flash': [0, 24_576, true],
  'gemini-2.5-flash-lite': [512, 24_576, true],
  'gemini-2.5-pro': [128, 32_768, false],
};

const CJK = /[\p{Script=Han}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;

/** The fake's deterministic tokenizer: 0.74 tokens per CJK character, 4 other characters per token. */
export function fakeTokenCount(text: string): number {
  let cjk = 0;
  let other = 0;
  for (const ch of text) {
    if (CJK.test(ch)) cjk++;
    else other++;
  }
  return Math.ceil(cjk * 0.74 + other / 4);
}

const partsText = (parts: Part[] | undefined) => (parts ?? []).map((p) => p.text ?? '').join('');

export function promptText(body: GenerateBody): string {
  return partsText(body.systemInstruction?.parts) + (body.contents ?? []).map((c) => partsText(c.parts)).join('');
}

function groundedAnswer(body: GenerateBody): Record<string, unknown> {
  const ids = body.generationConfig?.responseJsonSchema?.properties?.usedIds?.items?.enum ?? [];
  return {
    summary: '照顧這些變化真的辛苦，您已經很用心了。參考資料提到的情況值得多留意，先從小地方做起。',
    nextSteps: ['把最近發生的狀況和時間記下來', '挑一個家人都方便的時間，一起討論接下來怎麼安排'],
    followUpQuestion: '這樣的情況大概從什麼時候開始的呢？',
    usedIds: ids.slice(0, 2),
  };
}

export async function startFakeGemini(options: { apiKey?: string; models?: string[] } = {}): Promise<FakeGemini> {
  const apiKey = options.apiKey ?? 'test-key';
  const models = new Set(options.models ?? Object.keys(THINKING_RANGE));
  const queue: FakeReply[] = [];
  let standing: FakeReply | undefined;
  const requests: LoggedRequest[] = [];
  const state = { aborted: 0 };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((err: Error) => {
        if (!res.headersSent) sendError(res, 500, 'INTERNAL', err.message);
      });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/(v1beta|v1)\/models\/([^/:]+):(generateContent|countTokens)$/.exec(url.pathname);
    if (!match || req.method !== 'POST') return sendError(res, 404, 'NOT_FOUND', `no route ${url.pathname}`);
    const [, , model = '', action = ''] = match;
    let body: GenerateBody;
    try {
      body = JSON.parse(raw) as GenerateBody;
    } catch {
      return sendError(res, 400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
    }
    requests.push({ method: req.method, path: url.pathname, model, action, headers: req.headers, body });
    if (req.headers['x-goog-api-key'] !== apiKey) {
      return sendError(res, 400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
      ]);
    }
    if (!models.has(model))
      return sendError(res, 404, 'NOT_FOUND', `models/${model} is not found for API version v1beta`);
    if (
      !Array.isArray(body.contents) ||
      body.contents.length === 0 ||
      body.contents.some((c) => !Array.isArray(c.parts))
    ) {
      return sendError(res, 400, 'INVALID_ARGUMENT', '* GenerateContentRequest.contents: contents is not specified');
    }
    if (action === 'countTokens') return sendJson(res, 200, { totalTokens: fakeTokenCount(promptText(body)) });

    const budget = body.generationConfig?.thinkingConfig?.thinkingBudget;
    const range = THINKING_RANGE[model];
    if (budget !== undefined && range && budget !== -1) {
      const [min, max, canTurnOff] = range;
      const ok = (budget === 0 && canTurnOff) || (budget >= min && budget <= max);
      if (!ok) return sendError(res, 400, 'INVALID_ARGUMENT', `thinking budget ${budget} is invalid for ${model}`);
    }

    const reply = queue.shift() ?? standing ?? { kind: 'answer' };
    const promptTokens = fakeTokenCount(promptText(body));
    switch (reply.kind) {
      case 'slow':
      case 'answer': {
        const delay = reply.kind === 'slow' ? reply.delayMs : (reply.delayMs ?? 0);
        if (delay > 0 && !(await wait(delay, req))) {
          state.aborted++;
          return;
        }
        const output = reply.kind === 'answer' && reply.output !== undefined ? reply.output : groundedAnswer(body);
        return sendAnswer(
          res,
          model,
          JSON.stringify(output),
          promptTokens,
          reply.kind === 'answer' ? reply.usage : undefined,
        );
      }
      case 'raw_text':
        return sendAnswer(res, model, reply.text, promptTokens);
      case 'error':
        return sendJson(
          res,
          reply.status,
          reply.body ?? { error: { code: reply.status, message: 'error', status: 'INTERNAL' } },
        );
      case 'plain_503':
        res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
        return;
      case 'rate_limited':
        return sendError(
          res,
          429,
          'RESOURCE_EXHAUSTED',
          `You exceeded your current quota, please check your plan and billing details. Please retry in ${reply.retryDelay}.`,
          [
            {
              '@type': 'type.googleapis.com/google.rpc.Help',
              links: [{ description: 'Learn more', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }],
            },
            {
              '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
              violations: [
                {
                  quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
                  quotaId: reply.perDay
                    ? 'GenerateRequestsPerDayPerProjectPerModel-FreeTier'
                    : 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
                  quotaDimensions: { location: 'global', model },
                  quotaValue: reply.perDay ? '20' : '15',
                },
              ],
            },
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: reply.retryDelay },
          ],
        );
      case 'prompt_blocked':
        return sendJson(res, 200, {
          promptFeedback: { blockReason: 'SAFETY' },
          usageMetadata: { promptTokenCount: promptTokens, totalTokenCount: promptTokens },
          modelVersion: model,
          responseId: randomUUID(),
        });
      case 'safety_stop':
        return sendJson(res, 200, {
          candidates: [
            {
              finishReason: 'SAFETY',
              index: 0,
              safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }],
            },
          ],
          usageMetadata: { promptTokenCount: promptTokens, totalTokenCount: promptTokens },
          modelVersion: model,
          responseId: randomUUID(),
        });
      case 'thinking_ate_budget':
        return sendJson(res, 200, {
          candidates: [{ content: { role: 'model' }, finishReason: 'MAX_TOKENS', index: 0 }],
          usageMetadata: {
            promptTokenCount: promptTokens,
            thoughtsTokenCount: 4000,
            totalTokenCount: promptTokens + 4000,
          },
          modelVersion: model,
          responseId: randomUUID(),
        });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    get abortedRequests() {
      return state.aborted;
    },
    enqueue: (...replies) => void queue.push(...replies),
    always: (reply) => {
      standing = reply;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendAnswer(res: ServerResponse, model: string, text: string, promptTokens: number, usage: UsageOverride = {}) {
  const p = usage.promptTokenCount ?? promptTokens;
  const c = usage.candidatesTokenCount ?? fakeTokenCount(text);
  const t = usage.thoughtsTokenCount ?? 0;
  const cached = usage.cachedContentTokenCount ?? 0;
  sendJson(res, 200, {
    candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason: 'STOP', index: 0 }],
    usageMetadata: {
      promptTokenCount: p,
      candidatesTokenCount: c,
      ...(t ? { thoughtsTokenCount: t } : {}),
      ...(cached ? { cachedContentTokenCount: cached } : {}),
      totalTokenCount: p + c + t,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: p }],
    },
    modelVersion: model,
    responseId: randomUUID(),
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
}

function sendError(res: ServerResponse, code: number, status: string, message: string, details?: unknown[]) {
  sendJson(res, code, { error: { code, message, status, ...(details ? { details } : {}) } });
}

/** Waits `ms`; false when the client went away first. */
function wait(ms: number, req: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      req.socket.off('close', onClose);
      resolve(true);
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    req.socket.once('close', onClose);
  });
}
