/** Minimum summed cue weight for a label to be reported. */
export const MIN_LABEL = { m1: 1, m3: 1, m4: 1.5 } as const;
