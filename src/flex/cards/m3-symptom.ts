import type { M3Id } from '../../analysis/types.js';
import { findM3 } from '../../knowledge/lookup.js';
import type { KnowledgeBase } from '../../knowledge/schema.js';
import { type Bubble, bubble, button, evidenceBox, footer, header, postback, section, text } from '../components.js';
import { encodePostback } from '../postback.js';

/** A behavioural or psychological symptom: what it is, triggers to check, 2–4 strategies, when to see a doctor. */
export function m3Card(kb: KnowledgeBase, id: M3Id, evidence: readonly string[] = []): Bubble {
  const item = findM3(kb, id);
  const quoted = evidenceBox(evidence);
  return bubble(
    header('行為與心理症狀・照顧方法', item.name, 'warning'),
    [
      text(item.description),
      ...(quoted ? [quoted] : []),
      section('先找找看可能的誘因', item.triggers, 'warning'),
      section('可以試試這樣做', item.strategies.slice(0, 4), 'brand', true),
      section('什麼時候要找醫師', [item.seeDoctor], 'danger'),
    ],
    footer(kb, item.sources, [
      button(postback('照顧者喘息服務', encodePostback({ kind: 'm4', id: 'M4-respite' }), '照顧者喘息'), 'secondary'),
      button(postback('這不符合我的情況', encodePostback({ kind: 'feedback', id }), '這不符合我的情況')),
    ]),
  );
}
