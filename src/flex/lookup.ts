import type { M1Id, M3Id, M4Id, SafetyFlag, StageId } from '../analysis/types.js';
import type { KnowledgeBase, M1Item, M2Item, M3Item, M4Item, SafetyItem } from '../knowledge/schema.js';

/** A card could not be built from the knowledge base (missing item): callers fall back to plain text. */
export class CardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CardError';
  }
}

function find<T extends { id: string }>(items: readonly T[], id: string, what: string): T {
  const item = items.find((i) => i.id === id);
  if (!item) throw new CardError(`${what} ${id} is not in the knowledge base`);
  return item;
}

export const m1Item = (kb: KnowledgeBase, id: M1Id): M1Item => find(kb.m1, id, 'M1 item');
export const m2Item = (kb: KnowledgeBase, id: StageId): M2Item => find(kb.m2, id, 'stage');
export const m3Item = (kb: KnowledgeBase, id: M3Id): M3Item => find(kb.m3, id, 'M3 item');
export const m4Item = (kb: KnowledgeBase, id: M4Id): M4Item => find(kb.m4, id, 'M4 need');
export const safetyItem = (kb: KnowledgeBase, id: SafetyFlag): SafetyItem => find(kb.safety, id, 'safety flag');

/** The position of a warning sign in the list of ten, 1-based (M1-04 → 4). */
export const m1Number = (id: string): number => Number(id.slice(3));

export const STAGE_ORDER: readonly StageId[] = ['very_mild', 'mild', 'moderate', 'severe'];
/** Short names for the stage scale; the full names come from the knowledge base. */
export const STAGE_SHORT: Record<StageId, string> = {
  very_mild: '極輕度',
  mild: '輕度',
  moderate: '中度',
  severe: '重度',
};
