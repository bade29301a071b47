import { describe, expect, it } from 'vitest';
import { createKeyScheme, exact, userKey } from '../../src/cache/keys.js';
import { CONFUSABLE_PAIRS, SURFACE_VARIANTS } from './samples.js';

const keys = createKeyScheme('careline', { llm: 'v7' });

describe('cache keys', () => {
  it('have the form careline:{namespace}:{version}:{sha256}', () => {
    expect(keys.key('analysis', ['爸爸忘記吃飯', 'kb-1'])).toMatch(/^careline:analysis:v1:[0-9a-f]{64}$/);
    expect(keys.key('llm', ['x'])).toMatch(/^careline:llm:v7:[0-9a-f]{64}$/);
  });

  it("tag one user's keys with {u:<hash>} and refuse raw LINE ids", () => {
    expect(keys.key('session', [userKey('AbC_123-xyz'), 'state'])).toMatch(
      /^careline:session:v1:\{u:AbC_123-xyz\}:[0-9a-f]{64}$/,
    );
    expect(() => userKey('U4af4980629...')).toThrow(TypeError);
    expect(() => keys.key('session', [userKey('aaaaaaaa'), userKey('bbbbbbbb')])).toThrow(TypeError);
  });

  it('fold surface variants and keep confusable pairs apart', () => {
    for (const [a, b] of CONFUSABLE_PAIRS)
      expect(keys.key('analysis', [a]), `${a}/${b}`).not.toBe(keys.key('analysis', [b]));
    for (const [base, variants] of SURFACE_VARIANTS) {
      for (const v of variants) expect(keys.key('analysis', [v]), JSON.stringify(v)).toBe(keys.key('analysis', [base]));
    }
  });

  it('compare exact() parts verbatim and keep part boundaries', () => {
    expect(keys.key('llm', [exact('Model-A')])).not.toBe(keys.key('llm', [exact('model-a')]));
    expect(keys.key('llm', ['Model-A'])).toBe(keys.key('llm', ['model-a']));
    expect(keys.key('llm', ['ab', 'c'])).not.toBe(keys.key('llm', ['a', 'bc']));
    expect(keys.key('llm', [1])).not.toBe(keys.key('llm', ['1']));
    expect(keys.key('llm', [{ a: 1, b: 2 }])).toBe(keys.key('llm', [{ b: 2, a: 1 }]));
  });

  it('separate namespaces and versions', () => {
    expect(keys.key('analysis', ['x'])).not.toBe(keys.key('flex', ['x']));
    expect(createKeyScheme('careline', { analysis: 'v2' }).key('analysis', ['x'])).not.toBe(
      keys.key('analysis', ['x']),
    );
  });
});
