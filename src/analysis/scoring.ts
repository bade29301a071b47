/** Scale of the saturating map from weight to score: weight 3 → 0.63, 6 → 0.86. */
const SCORE_SCALE = 3;

/** A label's score, computed from its summed cue weight. */
export const toScore = (weight: number) => Math.round((1 - Math.exp(-weight / SCORE_SCALE)) * 1000) / 1000;

/** At most this many quotes per label. */
const MAX_EVIDENCE = 3;

/** Distinct quotes, none inside another, at most `MAX_EVIDENCE`. */
export function quotes(evidence: readonly string[]): string[] {
  const distinct = [...new Set(evidence)];
  return distinct
    .filter((e, i) => !distinct.some((o, j) => j !== i && o.length > e.length && o.includes(e)))
    .slice(0, MAX_EVIDENCE);
}
