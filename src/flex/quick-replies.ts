import type { messagingApi } from '@line/bot-sdk';
import type { ModuleId } from '../analysis/types.js';
import { clip, QUICK_LABEL_MAX } from './components.js';
import { encodePostback, type PostbackCommand } from './postback.js';

type Item = messagingApi.QuickReplyItem;

function postbackItem(label: string, cmd: PostbackCommand): Item {
  const l = clip(label, QUICK_LABEL_MAX);
  return { type: 'action', action: { type: 'postback', label: l, data: encodePostback(cmd), displayText: l } };
}

function messageItem(label: string, message: string): Item {
  return { type: 'action', action: { type: 'message', label: clip(label, QUICK_LABEL_MAX), text: message } };
}

const NEXT_STEPS: Record<string, Item> = {
  overview: postbackItem('看十大警訊', { kind: 'overview' }),
  doctor: postbackItem('怎麼帶去看醫生', { kind: 'm4', id: 'M4-medical' }),
  ltc: postbackItem('申請長照', { kind: 'm4', id: 'M4-ltc' }),
  respite: postbackItem('照顧者喘息', { kind: 'm4', id: 'M4-respite' }),
  stage: postbackItem('看病程階段', { kind: 'm2', id: null }),
  safety: postbackItem('防走失與安全', { kind: 'm4', id: 'M4-safety' }),
};

/** Useful next steps after an answer, ordered for the module the answer was mostly about (≤ 13). */
export function nextStepQuickReplies(primary: ModuleId | null, flagged = false): messagingApi.QuickReply {
  const order: string[] =
    primary === 'M3'
      ? ['respite', 'doctor', 'ltc', 'overview', 'stage']
      : primary === 'M2'
        ? ['ltc', 'respite', 'doctor', 'overview', 'stage']
        : primary === 'M4'
          ? ['ltc', 'respite', 'doctor', 'overview', 'stage']
          : ['overview', 'doctor', 'ltc', 'respite', 'stage'];
  if (flagged) order.unshift('safety');
  return { items: order.map((k) => NEXT_STEPS[k] as Item) };
}

/** Three example questions in a caregiver's words: on follow, for media and off-topic messages. */
export const SUGGESTED_QUESTIONS = [
  { label: '常忘記剛說過的話', text: '媽媽最近常常忘記剛剛說過的話，一直重複問同一件事，這正常嗎？' },
  { label: '晚上不睡一直想出門', text: '爸爸晚上不睡覺，一直吵著要出門回家，我該怎麼辦？' },
  { label: '怎麼申請長照', text: '家裡長輩失智了，要怎麼申請長照服務？' },
] as const;

export function suggestedQuickReplies(): messagingApi.QuickReply {
  return {
    items: [...SUGGESTED_QUESTIONS.map((q) => messageItem(q.label, q.text)), NEXT_STEPS.overview as Item],
  };
}
