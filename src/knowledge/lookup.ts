import type { M1Id, M3Id, M4Id, SafetyFlag, StageId } from '../analysis/types.js';
import { KnowledgeError } from './errors.js';
import type { KnowledgeBase, M1Item, M2Item, M3Item, M4Item, SafetyItem } from './schema.js';

function find<T extends { id: string }>(items: readonly T[], id: string, section: string): T {
  const item = items.find((i) => i.id === id);
  if (!item) throw new KnowledgeError([`${section}: no item for id "${id}"`]);
  return item;
}

export const findM1 = (kb: KnowledgeBase, id: M1Id): M1Item => find(kb.m1, id, 'm1');
export const findM2 = (kb: KnowledgeBase, id: StageId): M2Item => find(kb.m2, id, 'm2');
export const findM3 = (kb: KnowledgeBase, id: M3Id): M3Item => find(kb.m3, id, 'm3');
export const findM4 = (kb: KnowledgeBase, id: M4Id): M4Item => find(kb.m4, id, 'm4');
export const findSafety = (kb: KnowledgeBase, id: SafetyFlag): SafetyItem => find(kb.safety, id, 'safety');

/** Publisher names for a card footer: one per publisher, in the order first cited. Unknown ids are skipped. */
export function sourceNames(kb: KnowledgeBase, ids: readonly string[]): string[] {
  const names: string[] = [];
  for (const id of ids) {
    const publisher = kb.sources.find((s) => s.id === id)?.publisher;
    if (publisher && !names.includes(publisher)) names.push(publisher);
  }
  return names;
}
