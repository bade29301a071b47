import type { KnowledgeBase } from '../knowledge/schema.js';
import type { IndexDoc } from './retrieval-index.js';

/** The caregiver-facing knowledge content as retrieval documents, one per label id. */
export function knowledgeDocs(kb?: KnowledgeBase): IndexDoc[] {
  if (!kb) return [];
  return [
    ...kb.m1.map((i) => ({ id: i.id, text: [i.name, i.summary, ...i.looksLike, i.warningSign].join(' ') })),
    ...kb.m3.map((i) => ({ id: i.id, text: [i.name, i.description, ...i.triggers].join(' ') })),
    ...kb.m4.map((i) => ({
      id: i.id,
      text: [i.name, i.summary, ...i.resources.map((r) => `${r.name} ${r.provides}`)].join(' '),
    })),
  ];
}
