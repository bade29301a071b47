import type { KnowledgeBase } from '../../knowledge/schema.js';
import type { Enrichment } from '../../llm/types.js';
import { type Bubble, bubble, footer, header, section, text } from '../components.js';
import { theme } from '../theme.js';

/** Source ids of the knowledge items the enrichment relied on. */
function usedSources(kb: KnowledgeBase, usedIds: readonly string[]): string[] {
  const items = [...kb.m1, ...kb.m2, ...kb.m3, ...kb.m4, ...kb.safety];
  return items.filter((i) => usedIds.includes(i.id)).flatMap((i) => i.sources);
}

/** The optional AI summary, clearly marked as generated from CareLine's knowledge base. */
export function enrichmentCard(kb: KnowledgeBase, enrichment: Enrichment): Bubble {
  return bubble(
    header('AI 依 CareLine 知識庫整理', '給您的重點整理', 'ai'),
    [
      text(enrichment.summary),
      section('建議的下一步', enrichment.nextSteps.slice(0, 4), 'ai', true),
      ...(enrichment.followUpQuestion
        ? [text(`也可以想想：${enrichment.followUpQuestion}`, { margin: theme.space.wide, color: theme.colour.muted })]
        : []),
      text('這段文字由 AI 產生，可能有不完整的地方，請以其他卡片和醫師的意見為準。', {
        size: theme.size.tiny,
        color: theme.colour.faint,
        margin: theme.space.wide,
      }),
    ],
    footer(kb, usedSources(kb, enrichment.usedIds)),
  );
}
