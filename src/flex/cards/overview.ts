import type { messagingApi } from '@line/bot-sdk';
import type { M1Id } from '../../analysis/types.js';
import type { KnowledgeBase } from '../../knowledge/schema.js';
import { bubble, button, footer, header, postback, text } from '../components.js';
import { m1Number } from '../lookup.js';
import { encodePostback, isM1Id } from '../postback.js';
import { theme } from '../theme.js';

/** All ten warning signs side by side; each bubble opens the full card for its sign. */
export function overviewCarousel(kb: KnowledgeBase): messagingApi.FlexCarousel {
  const items = [...kb.m1].sort((a, b) => m1Number(a.id) - m1Number(b.id));
  return {
    type: 'carousel',
    contents: items.map((item) => {
      const id = item.id as M1Id;
      if (!isM1Id(id)) throw new Error(`bad M1 id ${item.id}`);
      return bubble(
        header(`失智症十大警訊・${m1Number(id)}／10`, item.name, 'warning'),
        [
          text(item.summary),
          text(`正常老化：${item.normalAgeing}`, {
            size: theme.size.note,
            color: theme.colour.muted,
            margin: theme.space.normal,
          }),
        ],
        footer(kb, item.sources, [
          button(
            postback('看詳細說明', encodePostback({ kind: 'm1', id }), `警訊${m1Number(id)}：${item.name}`),
            'secondary',
          ),
        ]),
      );
    }),
  };
}
