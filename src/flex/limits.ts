import type { messagingApi } from '@line/bot-sdk';
import { FLEX_LABEL_MAX, QUICK_LABEL_MAX } from './components.js';

/**
 * LINE's limits that CareLine enforces before sending (shared/reference/line-platform.md §3), stricter
 * where readability asks for it: altText ≤ 400 (LINE: 1500).
 */
export const LIMITS = {
  messages: 5,
  altText: 400,
  bubbles: 12,
  bubbleBytes: 30_000,
  carouselBytes: 50_000,
  textMessage: 5000,
  postbackData: 300,
  uri: 1000,
  quickReplyItems: 13,
  flexLabel: FLEX_LABEL_MAX,
  quickLabel: QUICK_LABEL_MAX,
} as const;

const segmenter = new Intl.Segmenter('zh-Hant', { granularity: 'grapheme' });
const graphemes = (s: string) => [...segmenter.segment(s)].length;
const jsonBytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

function actionProblems(a: messagingApi.Action | undefined, labelMax: number, where: string, out: string[]) {
  if (!a) return;
  if (a.label !== undefined && (a.label.trim() === '' || graphemes(a.label) > labelMax))
    out.push(`${where}: label length`);
  if (a.type === 'postback') {
    const pb = a as messagingApi.PostbackAction;
    if (!pb.data || pb.data.length > LIMITS.postbackData) out.push(`${where}: postback data length`);
  }
  if (a.type === 'uri') {
    const u = (a as messagingApi.URIAction).uri;
    if (!u || u.length > LIMITS.uri || !/^(https:|http:|tel:|line:)/.test(u)) out.push(`${where}: bad uri`);
  }
}

function walk(node: unknown, where: string, out: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => {
      walk(n, `${where}[${i}]`, out);
    });
    return;
  }
  if (!node || typeof node !== 'object') return;
  const c = node as Record<string, unknown>;
  if (c.type === 'text' && (typeof c.text !== 'string' || c.text.trim() === '') && !Array.isArray(c.contents))
    out.push(`${where}: empty text`);
  if (c.type === 'button' && !c.action) out.push(`${where}: button without action`);
  if (c.action) actionProblems(c.action as messagingApi.Action, LIMITS.flexLabel, `${where}.action`, out);
  for (const [k, v] of Object.entries(c)) if (k !== 'action' && typeof v === 'object') walk(v, `${where}.${k}`, out);
}

/** Problems that would make LINE reject the message or make it unreadable; empty when it can be sent. */
export function messageProblems(m: messagingApi.Message): string[] {
  const out: string[] = [];
  if (m.type === 'text') {
    const t = (m as messagingApi.TextMessage).text;
    if (t.trim() === '' || t.length > LIMITS.textMessage) out.push('text length');
  }
  if (m.type === 'flex') {
    const f = m as messagingApi.FlexMessage;
    if (f.altText.trim() === '' || f.altText.length > LIMITS.altText) out.push('altText length');
    const bubbles = f.contents.type === 'carousel' ? (f.contents as messagingApi.FlexCarousel).contents : [f.contents];
    if (bubbles.length === 0 || bubbles.length > LIMITS.bubbles) out.push('bubble count');
    if (f.contents.type === 'carousel') {
      if (jsonBytes(f.contents) > LIMITS.carouselBytes) out.push('carousel size');
      if (new Set(bubbles.map((b) => (b as messagingApi.FlexBubble).size ?? 'mega')).size > 1) out.push('bubble sizes');
    }
    for (const b of bubbles) if (jsonBytes(b) > LIMITS.bubbleBytes) out.push('bubble size');
    walk(f.contents, 'contents', out);
  }
  const items = m.quickReply?.items ?? [];
  if (items.length > LIMITS.quickReplyItems) out.push('quick reply count');
  items.forEach((item, i) => {
    if (!item.action?.label) out.push(`quickReply[${i}]: label required`);
    actionProblems(item.action, LIMITS.quickLabel, `quickReply[${i}]`, out);
  });
  return out;
}
