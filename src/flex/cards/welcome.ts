import type { KnowledgeBase } from '../../knowledge/schema.js';
import { type Bubble, bubble, button, footer, header, postback, section, text } from '../components.js';
import { encodePostback } from '../postback.js';
import { theme } from '../theme.js';

/** Sent on follow: what CareLine does and does not do. */
export function welcomeCard(kb: KnowledgeBase): Bubble {
  return bubble(
    header('歡迎使用 CareLine', '陪您一起照顧失智的家人', 'brand'),
    [
      text('用您自己的話，告訴我家人最近的狀況，我會幫您整理重點。'),
      section('我可以幫您', [
        '看看是不是失智症的警訊，還是一般老化',
        '了解病程階段，以及照顧上的重點',
        '面對情緒、行為變化時，可以怎麼應對',
        '找到長照、喘息、就醫等台灣的資源',
      ]),
      section('我做不到的事', ['我不能診斷，也不能取代醫師', '緊急狀況請直接撥 119（救護）或 110（報警）'], 'warning'),
      text('請不要傳送身分證字號、地址等個人資料。', {
        size: theme.size.note,
        color: theme.colour.muted,
        margin: theme.space.wide,
      }),
    ],
    footer(
      kb,
      [...kb.m1, ...kb.m4].flatMap((i) => i.sources),
      [button(postback('看十大警訊', encodePostback({ kind: 'overview' }), '看十大警訊'), 'secondary')],
      4,
    ),
  );
}
