import type { SafetyFlag } from '../../analysis/types.js';
import { findSafety } from '../../knowledge/lookup.js';
import type { KnowledgeBase } from '../../knowledge/schema.js';
import { type Bubble, bubble, button, footer, header, section, telUri, text, uri } from '../components.js';
import { theme } from '../theme.js';

/** Red card shown first whenever the safety gate raised a flag: what to do now and tap-to-call numbers. */
export function safetyCard(kb: KnowledgeBase, flag: SafetyFlag): Bubble {
  const item = findSafety(kb, flag);
  const calls = item.calls.map((c) => button(uri(`${c.label}：撥打 ${c.phone}`, telUri(c.phone)), 'primary', 'danger'));
  return bubble(
    header('安全優先・請先處理', item.name, 'danger'),
    [
      text('請先做下面這幾件事，其他的等一下再說。', { color: theme.colour.danger, weight: 'bold' }),
      section('現在可以這樣做', item.doNow, 'danger', true),
    ],
    footer(kb, item.sources, calls),
  );
}
