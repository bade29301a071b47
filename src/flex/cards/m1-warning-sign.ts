import type { M1Id } from '../../analysis/types.js';
import { findM1 } from '../../knowledge/lookup.js';
import type { KnowledgeBase } from '../../knowledge/schema.js';
import {
  type Bubble,
  bubble,
  button,
  evidenceBox,
  footer,
  hbox,
  header,
  postback,
  section,
  text,
  vbox,
} from '../components.js';
import { m1Number } from '../lookup.js';
import { encodePostback } from '../postback.js';
import { theme, toneColours } from '../theme.js';

function contrastColumn(title: string, body: string, tone: 'calm' | 'warning') {
  const { strong, soft } = toneColours(tone);
  return vbox([text(title, { weight: 'bold', color: strong, size: theme.size.note }), text(body, { margin: 'xs' })], {
    flex: 1,
    paddingAll: '8px',
    backgroundColor: soft,
    cornerRadius: '6px',
  });
}

/** One of the ten warning signs: the sign, normal ageing versus warning sign, the caregiver's words, next steps. */
export function m1Card(kb: KnowledgeBase, id: M1Id, evidence: readonly string[] = []): Bubble {
  const item = findM1(kb, id);
  const quoted = evidenceBox(evidence);
  return bubble(
    header(`失智症十大警訊・第 ${m1Number(id)} 項`, item.name, 'warning'),
    [
      text(item.summary),
      hbox(
        [
          contrastColumn('正常老化', item.normalAgeing, 'calm'),
          contrastColumn('失智警訊', item.warningSign, 'warning'),
        ],
        {
          spacing: theme.space.small,
          margin: theme.space.wide,
        },
      ),
      ...(quoted ? [quoted] : []),
      section('接下來可以這樣做', item.nextSteps, 'brand', true),
    ],
    footer(kb, item.sources, [
      button(postback('看其他警訊', encodePostback({ kind: 'overview' }), '看十大警訊'), 'secondary'),
      button(postback('這不符合我的情況', encodePostback({ kind: 'feedback', id }), '這不符合我的情況')),
    ]),
  );
}
