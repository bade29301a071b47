import { describe, expect, it } from 'vitest';
import { LexiconError, loadLexicon, parseLexicon } from '../../src/analysis/lexicon.js';
import { m1Ids, m3Ids, m4Ids, stageIds } from '../../src/analysis/lexicon-schema.js';

describe('lexicon', () => {
  it('loads and validates the shipped lexicon, with cues for every taxonomy id', () => {
    const lexicon = loadLexicon();
    for (const id of m1Ids) expect(lexicon.m1[id].length).toBeGreaterThanOrEqual(3);
    for (const id of m3Ids) expect(lexicon.m3[id].length).toBeGreaterThanOrEqual(3);
    for (const id of m4Ids) expect(lexicon.m4[id].ask.length).toBeGreaterThanOrEqual(2);
    for (const id of stageIds) expect(lexicon.m2.stated[id].length).toBeGreaterThanOrEqual(1);
    expect(Object.keys(lexicon.safety.flags).sort()).toEqual(
      ['medical_emergency', 'missing_person', 'self_harm', 'violence'].sort(),
    );
  });

  it('rejects a broken pattern, an empty-matching pattern, a missing id and a bad weight, naming each', () => {
    const broken = structuredClone(loadLexicon()) as unknown as Record<string, Record<string, unknown>>;
    (broken.m1!['M1-01'] as Array<{ re: string }>)[0]!.re = '(unclosed';
    (broken.m3!['M3-02'] as Array<{ re: string }>)[0]!.re = '(a)?';
    delete broken.m1!['M1-10'];
    (broken.m3!['M3-03'] as Array<{ w: number }>)[0]!.w = -1;
    let error: unknown;
    try {
      parseLexicon(broken);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LexiconError);
    const issues = (error as LexiconError).issues.join('\n');
    expect(issues).toContain('m1.M1-01.0.re: not a valid regular expression');
    expect(issues).toContain('m3.M3-02.0.re: pattern matches the empty string');
    expect(issues).toContain('m1.M1-10');
    expect(issues).toContain('m3.M3-03.0.w');
  });
});
