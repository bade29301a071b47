import type { KnowledgeBase } from '../../knowledge/schema.js';
import { type Bubble, bubble, button, footer, header, postback, section, text } from '../components.js';
import { encodePostback } from '../postback.js';

/** Reassurance when what the caregiver describes sounds like ordinary ageing, with when to look again. */
export function normalAgeingCard(kb: KnowledgeBase): Bubble {
  const info = kb.normalAgeing;
  return bubble(
    header('比較像一般的老化', '先別太擔心', 'calm'),
    [
      text(info.summary),
      section('常見、通常不用擔心的情況', info.examples, 'calm'),
      section('如果出現這些情況，再多留意', info.whenToWorry, 'warning'),
    ],
    footer(kb, info.sources, [
      button(postback('看十大警訊', encodePostback({ kind: 'overview' }), '看十大警訊'), 'secondary'),
      button(postback('這不符合我的情況', encodePostback({ kind: 'feedback', id: 'normal' }), '這不符合我的情況')),
    ]),
  );
}
