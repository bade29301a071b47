import { createHmac, randomUUID } from 'node:crypto';

/** Helpers to build, sign and post LINE webhook bodies in tests. */

/** Base64 HMAC-SHA256 of the exact body bytes, keyed with the channel secret (LINE's x-line-signature). */
export function signBody(body: string | Buffer, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64');
}

export interface PostWebhookOptions {
  /** Channel secret to sign with; omit to send no signature. */
  secret?: string;
  /** Overrides the signature header value. */
  signature?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** POSTs a webhook body (object → JSON, or exact string/bytes) to `${baseUrl}/webhook`. */
export async function postWebhook(
  baseUrl: string,
  body: unknown,
  opts: PostWebhookOptions = {},
): Promise<{ status: number; body: unknown }> {
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? 'application/json; charset=utf-8',
    ...opts.headers,
  };
  const signature = opts.signature ?? (opts.secret !== undefined ? signBody(raw, opts.secret) : undefined);
  if (signature !== undefined) headers['x-line-signature'] = signature;
  const res = await fetch(`${baseUrl}/webhook`, { method: 'POST', headers, body: raw });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, body: parsed };
}

export const TEST_BOT_ID = `U${'b'.repeat(32)}`;

export function webhookBody(events: object[], destination = TEST_BOT_ID) {
  return { destination, events };
}

type Source =
  | { type: 'user'; userId: string }
  | { type: 'group'; groupId: string; userId?: string }
  | { type: 'room'; roomId: string; userId?: string };

export interface EventOptions {
  userId?: string;
  source?: Source;
  mode?: 'active' | 'standby';
  webhookEventId?: string;
  replyToken?: string;
  isRedelivery?: boolean;
  timestamp?: number;
}

function common(type: string, o: EventOptions, withToken = true) {
  const userId = o.userId ?? `U${'1'.repeat(32)}`;
  const mode = o.mode ?? 'active';
  return {
    type,
    mode,
    timestamp: o.timestamp ?? Date.now(),
    source: o.source ?? { type: 'user', userId },
    webhookEventId: o.webhookEventId ?? ulidLike(),
    deliveryContext: { isRedelivery: o.isRedelivery ?? false },
    ...(withToken && mode === 'active' ? { replyToken: o.replyToken ?? randomUUID().replaceAll('-', '') } : {}),
  };
}

export function textEvent(text: string, o: EventOptions & { mention?: object } = {}) {
  return {
    ...common('message', o),
    message: {
      id: String(Math.floor(Math.random() * 1e17)),
      type: 'text',
      quoteToken: randomUUID(),
      text,
      ...(o.mention ? { mention: o.mention } : {}),
    },
  };
}

export function followEvent(o: EventOptions = {}) {
  return { ...common('follow', o), follow: { isUnblocked: false } };
}

export function unfollowEvent(o: EventOptions = {}) {
  return common('unfollow', o, false);
}

export function postbackEvent(data: string, o: EventOptions & { params?: Record<string, string> } = {}) {
  return { ...common('postback', o), postback: { data, ...(o.params ? { params: o.params } : {}) } };
}

export function stickerEvent(o: EventOptions = {}) {
  return {
    ...common('message', o),
    message: {
      id: String(Math.floor(Math.random() * 1e17)),
      type: 'sticker',
      packageId: '446',
      stickerId: '1988',
      stickerResourceType: 'STATIC',
      quoteToken: randomUUID(),
    },
  };
}

/** An event of a type LINE may add later. */
export function unknownEvent(o: EventOptions = {}) {
  return { ...common('somethingNew', o), somethingNew: { x: 1 } };
}

let counter = 0;
/** A 26-character ULID-shaped id, unique per call. */
export function ulidLike(): string {
  counter += 1;
  return `01${Date.now().toString(36).toUpperCase().padStart(10, '0')}${String(counter).padStart(6, '0')}${randomUUID().slice(0, 8).toUpperCase()}`.slice(
    0,
    26,
  );
}
