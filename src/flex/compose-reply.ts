import type { messagingApi } from '@line/bot-sdk';
import type { AnalysisResult } from '../analysis/types.js';
import { findM1, findM3, findM4, findSafety } from '../knowledge/lookup.js';
import type { KnowledgeBase } from '../knowledge/schema.js';
import type { Enrichment } from '../llm/types.js';
import { enrichmentCard } from './cards/enrichment.js';
import { m1Card } from './cards/m1-warning-sign.js';
import { m2Card } from './cards/m2-stage.js';
import { m3Card } from './cards/m3-symptom.js';
import { m4Card } from './cards/m4-resources.js';
import { normalAgeingCard } from './cards/normal-ageing.js';
import { offTopicCard } from './cards/off-topic.js';
import { safetyCard } from './cards/safety.js';
import { type Bubble, clip, DISCLAIMER } from './components.js';
import { LIMITS, messageProblems } from './limits.js';
import { STAGE_SHORT } from './lookup.js';
import { fitText, flexToText, unavailableText } from './plain-text.js';
import { nextStepQuickReplies, suggestedQuickReplies } from './quick-replies.js';

export type Message = messagingApi.Message;

/** Reports why a card was left out or replaced by text (for logs; never message text). */
export type CardIssue = (issue: { card: string; reason: string }) => void;

/** A card to try: how to build it and the words for the notification line. */
export interface CardPlan {
  name: string;
  build: () => Bubble;
}

const MAX_PER_MODULE = 3;
const jsonBytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

/**
 * Builds one Flex message from card plans (one bubble or a carousel). Cards that throw are left out;
 * when nothing is left, or the result breaks a LINE limit, the same content goes out as plain text.
 */
export function flexOrText(altText: string, plans: readonly CardPlan[], onIssue: CardIssue = () => {}): Message {
  const bubbles: Bubble[] = [];
  for (const plan of plans.slice(0, LIMITS.bubbles)) {
    try {
      bubbles.push(plan.build());
    } catch (err) {
      onIssue({ card: plan.name, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  if (bubbles.length === 0) return { type: 'text', text: unavailableText() };
  // Keep the carousel under LINE's 50 KB by leaving out the least relevant cards (they come last).
  while (bubbles.length > 1 && jsonBytes({ type: 'carousel', contents: bubbles }) > LIMITS.carouselBytes) {
    bubbles.pop();
    onIssue({ card: plans[bubbles.length]?.name ?? 'carousel', reason: 'left out to keep the carousel under 50 KB' });
  }
  const contents: messagingApi.FlexContainer =
    bubbles.length === 1 ? (bubbles[0] as Bubble) : { type: 'carousel', contents: bubbles };
  const message: messagingApi.FlexMessage = { type: 'flex', altText: clip(altText, LIMITS.altText), contents };
  const problems = messageProblems(message);
  if (problems.length === 0) return message;
  onIssue({ card: plans.map((p) => p.name).join(','), reason: problems.join('; ') });
  return { type: 'text', text: fitText(flexToText(contents)) };
}

/** Names for the notification line, from the knowledge base (unknown ids are skipped). */
function names<T>(ids: readonly T[], lookup: (id: T) => { name: string }): string[] {
  return ids.flatMap((id) => {
    try {
      return [lookup(id).name];
    } catch {
      return [];
    }
  });
}

function moduleAltText(kb: KnowledgeBase, a: AnalysisResult): string {
  const parts: string[] = [];
  const m1 = names(
    a.m1.slice(0, MAX_PER_MODULE).map((l) => l.id),
    (id) => findM1(kb, id),
  );
  if (a.normalAgeing && m1.length === 0) parts.push('聽起來比較像一般的老化');
  if (m1.length > 0) parts.push(`可能的失智警訊：${m1.join('、')}`);
  if (a.m2) parts.push(`病程參考：較接近「${STAGE_SHORT[a.m2.id]}」`);
  const m3 = names(
    a.m3.slice(0, MAX_PER_MODULE).map((l) => l.id),
    (id) => findM3(kb, id),
  );
  if (m3.length > 0) parts.push(`照顧方法：${m3.join('、')}`);
  const m4 = names(
    a.m4.slice(0, MAX_PER_MODULE).map((l) => l.id),
    (id) => findM4(kb, id),
  );
  if (m4.length > 0) parts.push(`資源：${m4.join('、')}`);
  return `CareLine 回覆｜${parts.join('；')}`;
}

/** The module cards for an analysis, the primary module first (at most 12). */
export function moduleCardPlans(kb: KnowledgeBase, a: AnalysisResult, enrichment?: Enrichment | null): CardPlan[] {
  const groups: Record<'M1' | 'M2' | 'M3' | 'M4', CardPlan[]> = { M1: [], M2: [], M3: [], M4: [] };
  if (a.normalAgeing) groups.M1.push({ name: 'normal', build: () => normalAgeingCard(kb) });
  for (const l of a.m1.slice(0, MAX_PER_MODULE))
    groups.M1.push({ name: l.id, build: () => m1Card(kb, l.id, l.evidence) });
  if (a.m2) {
    const m2 = a.m2;
    groups.M2.push({
      name: `M2-${m2.id}`,
      build: () => m2Card(kb, { shown: m2.id, estimate: m2.id, evidence: m2.evidence }),
    });
  }
  for (const l of a.m3.slice(0, MAX_PER_MODULE))
    groups.M3.push({ name: l.id, build: () => m3Card(kb, l.id, l.evidence) });
  for (const l of a.m4.slice(0, MAX_PER_MODULE)) groups.M4.push({ name: l.id, build: () => m4Card(kb, l.id) });
  if (a.normalAgeing && a.m1.length > 0) {
    // A named warning sign outranks the reassurance; keep the normal-ageing card after the signs.
    groups.M1.push(groups.M1.shift() as CardPlan);
  }
  const order = (['M1', 'M2', 'M3', 'M4'] as const).filter((m) => m !== a.primary);
  const plans = [...(a.primary ? groups[a.primary] : []), ...order.flatMap((m) => groups[m])];
  if (enrichment && plans.length > 0) {
    plans.splice(1, 0, { name: 'enrichment', build: () => enrichmentCard(kb, enrichment) });
  }
  return plans.slice(0, LIMITS.bubbles);
}

export interface ComposeInput {
  kb: KnowledgeBase;
  analysis: AnalysisResult;
  enrichment?: Enrichment | null;
  onIssue?: CardIssue;
}

const ASK_MORE = `我還不太確定您描述的情況。可以再多說一點嗎？例如：家人最近有什麼改變、從什麼時候開始、在什麼情況下發生。\n\n${DISCLAIMER}`;

/**
 * The whole reply to a caregiver's message (≤ 5 messages): the safety card first when flagged, then one
 * carousel of the relevant module cards, with next-step quick replies on the last message.
 */
export function composeReply({ kb, analysis: a, enrichment, onIssue }: ComposeInput): Message[] {
  const messages: Message[] = [];
  if (a.safety.length > 0) {
    const phones = [
      ...new Set(
        a.safety.flatMap((f) => {
          try {
            return findSafety(kb, f).calls.map((c) => `${c.label} ${c.phone}`);
          } catch {
            return [];
          }
        }),
      ),
    ];
    const alt = `緊急提醒｜${names(a.safety, (f) => findSafety(kb, f)).join('、') || '請先確認安全'}｜${
      phones.length > 0 ? phones.join('、') : '救護 119、報案 110'
    }`;
    messages.push(
      flexOrText(
        alt,
        a.safety.map((flag) => ({ name: `safety-${flag}`, build: () => safetyCard(kb, flag) })),
        onIssue,
      ),
    );
  }
  const plans = moduleCardPlans(kb, a, enrichment);
  if (plans.length > 0) {
    messages.push(flexOrText(moduleAltText(kb, a), plans, onIssue));
  } else if (a.offTopic && a.safety.length === 0) {
    messages.push(
      flexOrText(
        'CareLine 專門陪伴照顧失智長輩的家人',
        [{ name: 'off-topic', build: () => offTopicCard(kb) }],
        onIssue,
      ),
    );
  } else if (a.safety.length === 0) {
    messages.push({ type: 'text', text: ASK_MORE });
  }
  const flagged = a.safety.length > 0;
  const last = messages.at(-1) as Message;
  last.quickReply = plans.length === 0 && !flagged ? suggestedQuickReplies() : nextStepQuickReplies(a.primary, flagged);
  return messages.slice(0, LIMITS.messages);
}
