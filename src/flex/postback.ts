import type { M1Id, M3Id, M4Id, StageId } from '../analysis/types.js';

/**
 * Compact, versioned postback data (LINE allows 300 characters): `v1|<kind>[|<id>]`.
 * Every button a card builds encodes one of these, and the conversation's postback router handles each.
 */
export type PostbackCommand =
  | { kind: 'overview' }
  | { kind: 'm1'; id: M1Id }
  | { kind: 'm2'; id: StageId | null }
  | { kind: 'm4'; id: M4Id }
  | { kind: 'feedback'; id: FeedbackTarget };

/** What 「這不符合我的情況」 refers to: a label id, or the normal-ageing card. */
export type FeedbackTarget = M1Id | M3Id | M4Id | StageId | 'normal';

export const POSTBACK_VERSION = 'v1';

const M1_IDS = new Set(Array.from({ length: 10 }, (_, i) => `M1-${String(i + 1).padStart(2, '0')}`));
const M3_IDS = new Set(Array.from({ length: 12 }, (_, i) => `M3-${String(i + 1).padStart(2, '0')}`));
const M4_IDS = new Set(['M4-medical', 'M4-ltc', 'M4-respite', 'M4-community', 'M4-safety', 'M4-legal', 'M4-daily']);
const STAGES = new Set(['very_mild', 'mild', 'moderate', 'severe']);

export const isM1Id = (s: string): s is M1Id => M1_IDS.has(s);
export const isM3Id = (s: string): s is M3Id => M3_IDS.has(s);
export const isM4Id = (s: string): s is M4Id => M4_IDS.has(s);
export const isStageId = (s: string): s is StageId => STAGES.has(s);

export function encodePostback(cmd: PostbackCommand): string {
  switch (cmd.kind) {
    case 'overview':
      return `${POSTBACK_VERSION}|ov`;
    case 'm2':
      return cmd.id ? `${POSTBACK_VERSION}|m2|${cmd.id}` : `${POSTBACK_VERSION}|m2`;
    case 'feedback':
      return `${POSTBACK_VERSION}|fb|${cmd.id}`;
    default:
      return `${POSTBACK_VERSION}|${cmd.kind}|${cmd.id}`;
  }
}

/** Parses postback data; null for anything unknown, malformed or from another version. */
export function decodePostback(data: string): PostbackCommand | null {
  const [version, kind, id, ...rest] = data.split('|');
  if (version !== POSTBACK_VERSION || rest.length > 0) return null;
  switch (kind) {
    case 'ov':
      return id === undefined ? { kind: 'overview' } : null;
    case 'm1':
      return id !== undefined && isM1Id(id) ? { kind: 'm1', id } : null;
    case 'm2':
      if (id === undefined) return { kind: 'm2', id: null };
      return isStageId(id) ? { kind: 'm2', id } : null;
    case 'm4':
      return id !== undefined && isM4Id(id) ? { kind: 'm4', id } : null;
    case 'fb':
      if (id === undefined) return null;
      return id === 'normal' || isM1Id(id) || isM3Id(id) || isM4Id(id) || isStageId(id)
        ? { kind: 'feedback', id }
        : null;
    default:
      return null;
  }
}
