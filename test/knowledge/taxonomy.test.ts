import { describe, expect, it } from 'vitest';
import { M1_IDS, M3_IDS, M4_IDS, SAFETY_IDS, STAGE_IDS, safetyCalls, TAXONOMY } from '../../src/knowledge/taxonomy.js';
import { readSharedTaxonomy, SHARED_TAXONOMY_PATH, sharedTaxonomyPresent } from './shared-taxonomy.js';

describe.skipIf(!sharedTaxonomyPresent)(`taxonomy copy matches ${SHARED_TAXONOMY_PATH}`, () => {
  it('has exactly the shared ids, labels, stages, keys, calls and hotlines', () => {
    const { about: _about, ...shared } = readSharedTaxonomy();
    expect(JSON.parse(JSON.stringify(TAXONOMY))).toEqual(shared);
  });
});

describe('taxonomy id lists', () => {
  it('lists every id once, in taxonomy order', () => {
    expect(M1_IDS).toHaveLength(10);
    expect(M1_IDS[0]).toBe('M1-01');
    expect(M1_IDS[9]).toBe('M1-10');
    expect(STAGE_IDS).toEqual(['very_mild', 'mild', 'moderate', 'severe']);
    expect(new Set(M3_IDS).size).toBe(12);
    expect(M4_IDS).toContain('M4-respite');
    expect(SAFETY_IDS).toEqual(['missing_person', 'medical_emergency', 'self_harm', 'violence']);
  });

  it('splits the numbers a safety flag calls for', () => {
    expect(safetyCalls('missing_person')).toEqual(['110']);
    expect(safetyCalls('self_harm')).toEqual(['1925', '119']);
    expect(safetyCalls('violence')).toEqual(['113', '110']);
  });
});
