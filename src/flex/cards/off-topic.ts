import type { KnowledgeBase } from '../../knowledge/schema.js';
import { type Bubble, bubble, button, footer, header, postback, section, text } from '../components.js';
import { encodePostback } from '../postback.js';

/** A kind answer to something outside CareLine's scope, saying what it is for. */
export function offTopicCard(kb: KnowledgeBase): Bubble {
  return bubble(
    header('CareLine 小提醒', '這個問題我可能幫不上忙', 'calm'),
    [
      text('謝謝您傳訊息來。CareLine 專門陪伴照顧失智長輩的家人，其他主題我沒辦法給您可靠的回答。'),
      section('您可以這樣問我', [
        '「媽媽最近常忘記剛說過的話，正常嗎？」',
        '「爸爸晚上不睡覺，一直想出門怎麼辦？」',
        '「要怎麼申請長照服務？」',
      ]),
    ],
    footer(
      kb,
      [...kb.m1, ...kb.m4].flatMap((i) => i.sources),
      [button(postback('看十大警訊', encodePostback({ kind: 'overview' }), '看十大警訊'), 'secondary')],
      4,
    ),
  );
}
