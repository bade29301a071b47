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
    const walk = (node: unknown) => {
      if (!node || typeof node !== 'object') return;
      const c = node as { type?: string; text?: string; contents?: unknown };
      if (c.type === 'text' && typeof c.text === 'string' && c.text !== DISCLAIMER) lines.push(c.text);
      if (Array.isArray(c.contents)) for (const child of c.contents) walk(child);
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
