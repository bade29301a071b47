import type { M4Id } from '../../analysis/types.js';
import { findM4 } from '../../knowledge/lookup.js';
import type { KnowledgeBase, Resource } from '../../knowledge/schema.js';
import {
  type Box,
  type Bubble,
  bubble,
  button,
  footer,
  hbox,
  header,
  postback,
  telUri,
  text,
  uri,
  vbox,
} from '../components.js';
import { encodePostback } from '../postback.js';
import { theme } from '../theme.js';

function resourceBlock(r: Resource): Box {
  const actions = [
    ...(r.phone ? [button(uri(`撥打 ${r.phone}`, telUri(r.phone)), 'secondary')] : []),
    ...(r.url ? [button(uri('看網站', r.url), 'secondary')] : []),
  ];
  return vbox(
    [
      text(r.name, { weight: 'bold', size: theme.size.heading, color: theme.colour.brand }),
      text(r.provides, { margin: theme.space.tight }),
      ...(r.eligibility ? [text(`誰可以用：${r.eligibility}`, { size: theme.size.note, margin: 'xs' })] : []),
      ...(r.howToApply ? [text(`怎麼申請：${r.howToApply}`, { size: theme.size.note, margin: 'xs' })] : []),
      ...(actions.length > 0 ? [hbox(actions, { spacing: theme.space.small, margin: theme.space.small })] : []),
    ],
    { margin: theme.space.wide },
  );
}

/** Taiwan resources for one need, each with a tap-to-call and a website button where known. */
export function m4Card(kb: KnowledgeBase, id: M4Id): Bubble {
  const item = findM4(kb, id);
  return bubble(
    header('可以找的資源', item.name, 'brand'),
    [text(item.summary), ...item.resources.map(resourceBlock)],
    footer(kb, item.sources, [
      button(postback('這不符合我的情況', encodePostback({ kind: 'feedback', id }), '這不符合我的情況')),
    ]),
  );
}
