/** The analysis contract (shared/DESIGN.md). Field names are exact; more fields are welcome. */
export type ModuleId = 'M1' | 'M2' | 'M3' | 'M4';
export type SafetyFlag = 'missing_person' | 'medical_emergency' | 'self_harm' | 'violence';
export type StageId = 'very_mild' | 'mild' | 'moderate' | 'severe';
export type M1Id = `M1-${'01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10'}`;
export type M3Id = `M3-${'01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '11' | '12'}`;
export type M4Id = 'M4-medical' | 'M4-ltc' | 'M4-respite' | 'M4-community' | 'M4-safety' | 'M4-legal' | 'M4-daily';

export interface ScoredLabel<Id extends string> {
  id: Id;
  score: number;
  /** Substrings of the caregiver's original message. */
  evidence: string[];
}

export interface AnalysisResult {
  primary: ModuleId | null;
  offTopic: boolean;
  normalAgeing: boolean;
  safety: SafetyFlag[];
  m1: ScoredLabel<M1Id>[];
  m2: ScoredLabel<StageId> | null;
  m3: ScoredLabel<M3Id>[];
  m4: { id: M4Id; score: number }[];
  knowledgeVersion: string;
}

export interface Analyzer {
  analyze(text: string): AnalysisResult;
  readonly knowledgeVersion: string;
}
