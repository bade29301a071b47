import type { StageId } from '../../analysis/types.js';
import { findM2 } from '../../knowledge/lookup.js';
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
import { STAGE_ORDER, STAGE_SHORT } from '../lookup.js';
import { encodePostback } from '../postback.js';
import { theme } from '../theme.js';

export interface StageView {
  /** The stage the card explains. */
  shown: StageId;
  /** The stage the analysis estimated from the message, when there is one. */
  estimate?: StageId;
  evidence?: readonly string[];
}

function scale(shown: StageId, estimate: StageId | undefined) {
  return hbox(
    STAGE_ORDER.map((id) => {
      const active = id === shown;
      const marked = id === estimate;
      return vbox(
        [
          text(STAGE_SHORT[id], {
            size: theme.size.note,
            weight: active ? 'bold' : 'regular',
            color: active ? theme.colour.white : theme.colour.text,
            align: 'center',
          }),
          ...(marked
            ? [
                text('▲ 較接近', {
                  size: theme.size.tiny,
                  color: active ? theme.colour.white : theme.colour.muted,
                  align: 'center',
                }),
              ]
            : []),
        ],
        {
          flex: 1,
          paddingAll: '6px',
          cornerRadius: '6px',
          backgroundColor: active ? theme.colour.calm : theme.colour.calmSoft,
          action: postback(STAGE_SHORT[id], encodePostback({ kind: 'm2', id }), `看「${STAGE_SHORT[id]}」階段`),
        },
      );
    }),
    { spacing: theme.space.tight, margin: theme.space.normal },
  );
}

/** The stage scale very mild → severe with the estimate marked; what to expect and the care focus. */
export function m2Card(kb: KnowledgeBase, view: StageView): Bubble {
  const item = findM2(kb, view.shown);
  const isEstimate = view.estimate === view.shown;
  const quoted = isEstimate ? evidenceBox(view.evidence ?? []) : undefined;
  const buttons = [button(postback('申請長照', encodePostback({ kind: 'm4', id: 'M4-ltc' }), '申請長照'), 'secondary')];
  if (isEstimate) {
    buttons.push(
      button(postback('這不符合我的情況', encodePostback({ kind: 'feedback', id: view.shown }), '這不符合我的情況')),
    );
  }
  return bubble(
    header('病程階段（參考臨床失智評估 CDR）', isEstimate ? `照顧需求較接近「${item.name}」` : item.name, 'calm'),
    [
      text(
        isEstimate
          ? '這是依您描述的情況推估，只供參考；實際階段要由醫師評估。點下方階段可看其他說明。'
          : '點下方階段可看各階段的說明；實際階段要由醫師評估。',
        { size: theme.size.note, color: theme.colour.muted },
      ),
      scale(view.shown, view.estimate),
      text(item.summary, { margin: theme.space.wide }),
      ...(quoted ? [quoted] : []),
      section('這個階段常見的情況', item.expect, 'calm'),
      section('照顧重點', item.careFocus, 'brand'),
    ],
    footer(kb, item.sources, buttons),
  );
}
