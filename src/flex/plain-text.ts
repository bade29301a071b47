import type { messagingApi } from '@line/bot-sdk';
import { DISCLAIMER } from './components.js';

/**
 * Reads the text out of a Flex container, in order, so a card LINE would refuse can still be sent as a
 * plain-text answer with the same content.
 */
export function flexToText(container: messagingApi.FlexContainer): string {
  const bubbles =
    container.type === 'carousel'
      ? (container as messagingApi.FlexCarousel).contents
      : [container as messagingApi.FlexBubble];
  const blocks = bubbles.map((b) => {
    const lines: string[] = [];
    const textsIn = (node: unknown): string[] => {
      if (!node || typeof node !== 'object') return [];
      const c = node as { type?: string; layout?: string; text?: string; contents?: unknown };
      if (c.type === 'text') return typeof c.text === 'string' && c.text !== DISCLAIMER ? [c.text] : [];
      return Array.isArray(c.contents) ? c.contents.flatMap(textsIn) : [];
    };
    const walk = (node: unknown) => {
      if (!node || typeof node !== 'object') return;
      const c = node as { type?: string; layout?: string; contents?: unknown };
      // A horizontal row (a bullet and its line, a side-by-side pair) reads as one line.
      const children = Array.isArray(c.contents) ? (c.contents as { type?: string }[]) : [];
      if (c.type === 'box' && c.layout !== 'vertical' && children.every((k) => k.type !== 'box')) {
        const row = textsIn(c);
        if (row.length > 0) lines.push(row.join(' '));
        return;
      }
      lines.push(...(c.type === 'text' ? textsIn(c) : []));
      if (c.type === 'box' && Array.isArray(c.contents)) for (const child of c.contents) walk(child);
    };
    for (const part of [b.header, b.body, b.footer]) walk(part);
    return lines.join('\n');
  });
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n\n${DISCLAIMER}`;
}

/** The answer when no card could be built at all: still something kind and useful. */
export function unavailableText(): string {
  return [
    '抱歉，這次的說明卡片暫時無法顯示。',
    '您可以換個說法再告訴我一次，或點下方的選項看看十大警訊、長照與喘息資源。',
    '如果有立即的危險，請直接撥 119 或 110。',
    '',
    DISCLAIMER,
  ].join('\n');
}

/** Cuts a text message to LINE's 5000 UTF-16 units, keeping the disclaimer at the end. */
export function fitText(s: string, max = 5000): string {
  if (s.length <= max) return s;
  const tail = `…\n\n${DISCLAIMER}`;
  let cut = max - tail.length;
  const last = s.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1; // never split a surrogate pair
  return s.slice(0, cut) + tail;
}
