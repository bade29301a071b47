import type { messagingApi } from '@line/bot-sdk';
import { sourceNames } from '../knowledge/lookup.js';
import type { KnowledgeBase } from '../knowledge/schema.js';
import { type Tone, theme, toneColours } from './theme.js';

/** Small builders for the Flex components the cards use; every card goes through these. */
export type Bubble = messagingApi.FlexBubble;
export type Component = messagingApi.FlexComponent;
export type Box = messagingApi.FlexBox;
export type Action = messagingApi.Action;

export const DISCLAIMER = '本服務僅供參考，無法取代專業醫療診斷';
export const FLEX_LABEL_MAX = 40;
export const QUICK_LABEL_MAX = 20;

const segmenter = new Intl.Segmenter('zh-Hant', { granularity: 'grapheme' });

/** Cuts a string to at most `max` grapheme clusters (LINE counts labels that way), with an ellipsis. */
export function clip(s: string, max: number): string {
  const parts = [...segmenter.segment(s)].map((p) => p.segment);
  return parts.length <= max ? s : `${parts.slice(0, max - 1).join('')}…`;
}

interface TextOptions {
  size?: string;
  color?: string;
  weight?: 'regular' | 'bold';
  margin?: string;
  flex?: number;
  align?: 'start' | 'end' | 'center';
}

export function text(content: string, o: TextOptions = {}): messagingApi.FlexText {
  return {
    type: 'text',
    text: content,
    wrap: true,
    size: o.size ?? theme.size.body,
    color: o.color ?? theme.colour.text,
    ...(o.weight ? { weight: o.weight } : {}),
    ...(o.margin ? { margin: o.margin } : {}),
    ...(o.flex !== undefined ? { flex: o.flex } : {}),
    ...(o.align ? { align: o.align } : {}),
  };
}

interface BoxOptions {
  spacing?: string;
  margin?: string;
  paddingAll?: string;
  backgroundColor?: string;
  cornerRadius?: string;
  flex?: number;
  action?: Action;
}

export function vbox(contents: Component[], o: BoxOptions = {}): Box {
  return { type: 'box', layout: 'vertical', contents, ...o };
}

export function hbox(contents: Component[], o: BoxOptions = {}): Box {
  return { type: 'box', layout: 'horizontal', contents, ...o };
}

export function separator(margin: string = theme.space.normal): messagingApi.FlexSeparator {
  return { type: 'separator', margin, color: theme.colour.separator };
}

/** A section: a bold heading and its lines as bullets (or numbered steps). */
export function section(heading: string, lines: readonly string[], tone: Tone = 'brand', numbered = false): Box {
  return vbox(
    [
      text(heading, { weight: 'bold', size: theme.size.heading, color: toneColours(tone).strong }),
      ...lines.map((l, i) =>
        hbox(
          [
            text(numbered ? `${i + 1}.` : '•', { flex: 0, color: theme.colour.muted }),
            text(l, { flex: 1, margin: theme.space.small }),
          ],
          { margin: theme.space.tight },
        ),
      ),
    ],
    { margin: theme.space.wide },
  );
}

/** 「您提到：」 with the caregiver's own words (substrings of their message). */
export function evidenceBox(evidence: readonly string[]): Box | undefined {
  const unique = [...new Set(evidence.map((e) => e.trim()).filter((e) => e !== ''))];
  // A quote inside a longer one adds nothing («吃過飯» within «剛吃過飯又說沒吃»).
  const quotes = unique.filter((q) => !unique.some((o) => o !== q && o.includes(q))).slice(0, 3);
  if (quotes.length === 0) return undefined;
  return vbox(
    [
      text('您提到：', { size: theme.size.note, color: theme.colour.muted, weight: 'bold' }),
      ...quotes.map((q) => text(`「${clip(q, 60)}」`, { size: theme.size.body, margin: theme.space.tight })),
    ],
    {
      margin: theme.space.wide,
      paddingAll: '10px',
      backgroundColor: theme.colour.calmSoft,
      cornerRadius: '8px',
    },
  );
}

/** The coloured header every card starts with: a small kicker line and the title. */
export function header(kicker: string, title: string, tone: Tone): Box {
  const { strong, soft } = toneColours(tone);
  return vbox(
    [
      text(kicker, { size: theme.size.note, color: strong, weight: 'bold' }),
      text(title, { size: theme.size.title, weight: 'bold', margin: theme.space.tight }),
    ],
    { backgroundColor: soft, paddingAll: '16px' },
  );
}

export function postback(label: string, data: string, displayText?: string): messagingApi.PostbackAction {
  return {
    type: 'postback',
    label: clip(label, FLEX_LABEL_MAX),
    data,
    ...(displayText ? { displayText: clip(displayText, 300) } : {}),
  };
}

export function uri(label: string, target: string): messagingApi.URIAction {
  return { type: 'uri', label: clip(label, FLEX_LABEL_MAX), uri: target };
}

/** tel: link for a Taiwan number as written in the knowledge base (dashes removed). */
export function telUri(phone: string): string {
  return `tel:${phone.replace(/-/g, '')}`;
}

export function button(action: Action, style: 'primary' | 'secondary' | 'link' = 'link', tone: Tone = 'brand') {
  const b: messagingApi.FlexButton = { type: 'button', action, style, height: 'sm' };
  if (style === 'primary') b.color = toneColours(tone).strong;
  return b;
}

/** The footer block every card ends with: optional buttons, the sources and the one-line disclaimer. */
export function footer(
  kb: KnowledgeBase,
  sourceIds: readonly string[],
  buttons: Component[] = [],
  maxNames = Number.POSITIVE_INFINITY,
): Box {
  const all = sourceNames(kb, sourceIds);
  const names = all.length > maxNames ? [...all.slice(0, maxNames), '等'] : all;
  return vbox(
    [
      ...buttons,
      ...(buttons.length > 0 ? [separator(theme.space.small)] : []),
      ...(names.length > 0
        ? [
            text(`資料來源：${names.join('、').replace(/、等$/, ' 等')}`, {
              size: theme.size.tiny,
              color: theme.colour.muted,
              margin: 'sm',
            }),
          ]
        : []),
      text(DISCLAIMER, { size: theme.size.tiny, color: theme.colour.faint, margin: theme.space.tight }),
    ],
    { spacing: theme.space.tight, paddingAll: '12px' },
  );
}

export function bubble(head: Box, body: Component[], foot: Box): Bubble {
  return {
    type: 'bubble',
    size: theme.bubbleSize,
    header: head,
    body: vbox(body, { spacing: theme.space.small, paddingAll: '16px' }),
    footer: foot,
  };
}
