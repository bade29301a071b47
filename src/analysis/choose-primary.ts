import type { SafetyResult } from './safety-gate.js';
import { MIN_LABEL } from './thresholds.js';
import type { M4Id, ModuleId } from './types.js';

export interface PrimaryInput {
  safety: SafetyResult;
  normalAgeing: boolean;
  diagnosed: boolean;
  m1Weight: number;
  m3Weight: number;
  /** Cue weight of warning signs before rule 2 removed them (a diagnosed person's decline). */
  declineWeight: number;
  /** The part of `declineWeight` that is cognitive (all signs but withdrawal and mood change). */
  cognitiveDecline: number;
  /** Best ranked weight of each module (cues plus retrieval): the fallback when no cue decides. */
  m1Retrieved: number;
  m3Retrieved: number;
  m4: Array<{ id: M4Id; ask: number; need: number; weight: number }>;
  stageQuestion: number;
  hasStage: boolean;
  whether: number;
  coping: number;
  change: number;
  askResource: number;
  /** 1 when the message names dementia or long-term care ("失智", "長照", "dementia"), else 0. */
  careWords: number;
}

/** Which module's answer leads (labelling rules 1 and 8). */
export function choosePrimary(p: PrimaryInput): ModuleId | null {
  const flags = p.safety.flags;
  if (flags.includes('missing_person') || flags.includes('medical_emergency')) return 'M4';
  if (flags.includes('self_harm')) return p.safety.caregiverSelf ? 'M4' : 'M3';
  if (flags.includes('violence')) return p.safety.harmByCarer ? 'M4' : 'M3';
  const ask = (id: M4Id) => p.m4.find((m) => m.id === id)?.ask ?? 0;
  // A stated need ("迷路", "被騙") becomes a resource request when the writer asks how, where or at what cost.
  const resourceAsk = Math.max(
    ...p.m4
      .filter((m) => m.id !== 'M4-daily')
      .map((m) => (m.ask > 0 || m.need >= 1.5 ? m.ask + (p.askResource > 0 ? 1 : 0) : 0)),
  );
  // A named service or paperwork ("意定監護", "長照") leads even beside a normal-ageing remark.
  if (p.normalAgeing) return resourceAsk >= 3 ? 'M4' : 'M1';
  // An explicit question about a stated stage leads unless the resource question is strong.
  const stageLead = p.stageQuestion >= 2 && p.hasStage;
  // Asking how to cope with what the person does is about the behaviour, not a service.
  const copingWithBehaviour = p.coping > 0 && p.m3Weight >= 2;
  const respiteNeed = p.m4.find((m) => m.id === 'M4-respite')?.need ?? 0;
  if (resourceAsk >= 2 && !(stageLead && resourceAsk < 4)) return 'M4';
  // The caregiver's own exhaustion leads unless the message is mostly about the person's behaviour.
  if (
    respiteNeed >= 2 &&
    (p.m3Weight < 3 || respiteNeed >= 4) &&
    !(copingWithBehaviour && ask('M4-respite') === 0 && respiteNeed < 5)
  ) {
    return 'M4';
  }
  const daily = ask('M4-daily');
  if ((daily >= 3 && p.m3Weight < 4) || (daily >= 2 && p.m3Weight < 2 && p.m1Weight < 2)) return 'M4';

  if (
    p.stageQuestion >= 2 &&
    (p.diagnosed || p.hasStage || p.m1Weight === 0) &&
    !(copingWithBehaviour && p.m3Weight >= 4)
  ) {
    return 'M2';
  }

  // Rule 1: cognitive changes in someone not diagnosed, and the writer wonders whether it is dementia.
  if (!p.diagnosed && (p.m1Weight > 0 || p.m1Retrieved > 0) && p.whether >= 2) return 'M1';
  const m1 = p.m1Weight > 0 ? p.m1Weight + (p.change >= 1 ? 2 : 0) : 0;
  const m3 = p.m3Weight > 0 ? p.m3Weight + (p.coping > 0 ? 1 : 0) : 0;
  // Someone not diagnosed whose changes are described without asking how to cope: the warning signs lead.
  if (!p.diagnosed && p.coping === 0 && p.m1Weight >= 1.5 && (m1 >= m3 / 2 || p.change >= 1)) return 'M1';
  if (m1 > 0 || m3 > 0) return m1 >= m3 ? 'M1' : 'M3';
  if (p.hasStage || p.stageQuestion >= 2) return 'M2';
  // "這跟失智有關嗎" about someone not diagnosed asks about warning signs, even beside an implied need.
  if (!p.diagnosed && p.whether >= 2 && p.careWords > 0 && p.askResource === 0) return 'M1';
  if (p.m4.some((m) => m.weight >= MIN_LABEL.m4)) return 'M4';
  // Rule 2: cognitive decline in a diagnosed person is a question of stage and course; withdrawal and
  // changed mood in a diagnosed person are behaviour (apathy, irritability), answered by M3.
  if (p.diagnosed && p.declineWeight > 0) return p.cognitiveDecline > 0 || p.m3Retrieved === 0 ? 'M2' : 'M3';
  // No cue decided: the retrieved knowledge leads (a "whether it is dementia" question goes to M1).
  if (!p.diagnosed && p.whether >= 2) return 'M1';
  if (p.m1Retrieved > 0 || p.m3Retrieved > 0) {
    if (p.coping > 0 && p.m3Retrieved > 0) return 'M3';
    return p.m1Retrieved >= p.m3Retrieved ? 'M1' : 'M3';
  }
  // About care, yet nothing specific matched: the kind of question decides.
  if (p.careWords > 0 || p.diagnosed) {
    if (p.stageQuestion > 0) return 'M2';
    if (p.askResource > 0 || p.m4.some((m) => m.weight > 0)) return 'M4';
    if (!p.diagnosed && p.whether > 0) return 'M1';
  }
  return null;
}
