import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** shared/taxonomy.json, which sits beside the repository checkout (../shared from its root). */
export const SHARED_TAXONOMY_PATH = fileURLToPath(new URL('../../../shared/taxonomy.json', import.meta.url));
export const sharedTaxonomyPresent = existsSync(SHARED_TAXONOMY_PATH);

interface SharedItem {
  id: string;
}
export interface SharedTaxonomy {
  M1: { items: SharedItem[] };
  M2: { items: SharedItem[] };
  M3: { items: SharedItem[] };
  M4: { items: SharedItem[] };
  safety: { items: (SharedItem & { call: string })[] };
  hotlines: { number: string }[];
  [key: string]: unknown;
}

export function readSharedTaxonomy(): SharedTaxonomy {
  return JSON.parse(readFileSync(SHARED_TAXONOMY_PATH, 'utf8')) as SharedTaxonomy;
}
