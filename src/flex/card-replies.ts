import type { M1Id, M4Id } from '../analysis/types.js';
import { findM1, findM4 } from '../knowledge/lookup.js';
import type { KnowledgeBase } from '../knowledge/schema.js';
import { m1Card } from './cards/m1-warning-sign.js';
import { m2Card, type StageView } from './cards/m2-stage.js';
import { m4Card } from './cards/m4-resources.js';
import { overviewCarousel } from './cards/overview.js';
import { welcomeCard } from './cards/welcome.js';
import { DISCLAIMER } from './components.js';
import { type CardIssue, flexOrText, type Message } from './compose-reply.js';
import { LIMITS, messageProblems } from './limits.js';
import { STAGE_SHORT } from './lookup.js';
import { fitText, flexToText, unavailableText } from './plain-text.js';
import { nextStepQuickReplies, suggestedQuickReplies } from './quick-replies.js';

/** Single-card replies that buttons and events open (each with next-step quick replies). */

function safeName(get: () => { name: string }, fallback: string): string {
  try {
    return get().name;
  } catch {
    return fallback;
  }
}

export function m1Reply(kb: KnowledgeBase, id: M1Id, onIssue?: CardIssue): Message[] {
  const name = safeName(() => findM1(kb, id), '失智症警訊');
  const msg = flexOrText(`失智症警訊：${name}`, [{ name: id, build: () => m1Card(kb, id) }], onIssue);
  return [{ ...msg, quickReply: nextStepQuickReplies('M1') }];
}

export function m2Reply(kb: KnowledgeBase, view: StageView, onIssue?: CardIssue): Message[] {
  const msg = flexOrText(
    `病程階段：${STAGE_SHORT[view.shown]}`,
    [{ name: `M2-${view.shown}`, build: () => m2Card(kb, view) }],
    onIssue,
  );
  return [{ ...msg, quickReply: nextStepQuickReplies('M2') }];
}

export function m4Reply(kb: KnowledgeBase, id: M4Id, onIssue?: CardIssue): Message[] {
  const name = safeName(() => findM4(kb, id), '照顧資源');
  const msg = flexOrText(`可以找的資源：${name}`, [{ name: id, build: () => m4Card(kb, id) }], onIssue);
  return [{ ...msg, quickReply: nextStepQuickReplies('M4') }];
}

/** The ten warning signs as one carousel. */
export function overviewReply(kb: KnowledgeBase, onIssue?: CardIssue): Message[] {
  let message: Message;
  try {
    const contents = overviewCarousel(kb);
    const flex: Message = { type: 'flex', altText: '失智症十大警訊：點卡片看每一項的詳細說明', contents };
    const problems = messageProblems(flex);
    if (problems.length > 0) onIssue?.({ card: 'overview', reason: problems.join('; ') });
    message = problems.length === 0 ? flex : { type: 'text', text: fitText(flexToText(contents)) };
  } catch (err) {
    onIssue?.({ card: 'overview', reason: err instanceof Error ? err.message : String(err) });
    message = { type: 'text', text: unavailableText() };
  }
  return [{ ...message, quickReply: nextStepQuickReplies('M1') }];
}

/** On follow: the welcome card, the disclaimer, and three suggested questions as quick replies. */
export function welcomeReply(kb: KnowledgeBase, onIssue?: CardIssue): Message[] {
  const card = flexOrText(
    '歡迎使用 CareLine：用自己的話描述家人的狀況，我幫您整理失智警訊、照顧方法和長照資源。',
    [{ name: 'welcome', build: () => welcomeCard(kb) }],
    onIssue,
  );
  const note: Message = {
    type: 'text',
    text: `${DISCLAIMER}。\n可以直接打字問我，或點下方的問題試試看。`,
    quickReply: suggestedQuickReplies(),
  };
  return [card, note].slice(0, LIMITS.messages);
}

/** Stickers, photos, voice and other media: CareLine reads text. */
export function mediaReply(): Message[] {
  return [
    {
      type: 'text',
      text: '謝謝您傳來的訊息！CareLine 目前只看得懂文字。請用文字告訴我家人最近的狀況，或點下方的問題試試看。',
      quickReply: suggestedQuickReplies(),
    },
  ];
}
