import type { StageId } from '../analysis/types.js';

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
