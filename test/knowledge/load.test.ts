import { describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../src/knowledge/errors.js';
import { buildKnowledgeBase, bundledKnowledgeContent, loadKnowledgeBase } from '../../src/knowledge/load.js';
import { findM1, findM3, findSafety, sourceNames } from '../../src/knowledge/lookup.js';
import type { KnowledgeContent } from '../../src/knowledge/schema.js';

/** A deep copy of the bundled content, typed so a test can break one thing in it. */
function copy(): KnowledgeContent {
  return bundledKnowledgeContent() as KnowledgeContent;
}

function problemsOf(raw: unknown): string[] {
  try {
    buildKnowledgeBase(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeError);
    return (error as KnowledgeError).problems;
  }
  throw new Error('expected the loader to reject the content');
}

describe('loadKnowledgeBase', () => {
  it('validates the bundled content and reports a short content hash as version', () => {
    const kb = loadKnowledgeBase();
    expect(kb.version).toMatch(/^[0-9a-f]{12}$/);
    expect(loadKnowledgeBase().version).toBe(kb.version);
    expect(kb.m1).toHaveLength(10);
  });

  it('changes the version when any caregiver-facing text changes, and only then', () => {
    const base = loadKnowledgeBase().version;
    const edited = copy();
    edited.m3[0]!.strategies[0] += '。';
    expect(buildKnowledgeBase(edited).version).not.toBe(base);

    const reordered = copy();
    const first = reordered.sources[0]!;
    reordered.sources[0] = { url: first.url, title: first.title, publisher: first.publisher, id: first.id };
    expect(buildKnowledgeBase(reordered).version).toBe(base);
  });

  it('does not share state between loads', () => {
    const broken = copy();
    broken.m1[0]!.looksLike = [];
    expect(() => buildKnowledgeBase(broken)).toThrow(KnowledgeError);
    expect(loadKnowledgeBase().m1[0]!.looksLike.length).toBeGreaterThan(0);
  });
});

describe('broken content is rejected with a clear message', () => {
  it('names the item and the unknown source', () => {
    const broken = copy();
    broken.m3[2]!.sources.push('no-such-source');
    expect(problemsOf(broken)).toEqual(['m3[2] (M3-03).sources: unknown source "no-such-source"']);
  });

  it('names a missing and a duplicated taxonomy id', () => {
    const broken = copy();
    broken.m1[1]!.id = 'M1-01';
    broken.m1[1]!.name = broken.m1[0]!.name;
    const problems = problemsOf(broken);
    expect(problems).toContain('m1[1] (M1-01): duplicate item for this id');
    expect(problems).toContain('m1: no item for taxonomy id "M1-02"');
  });

  it('gives the path of a malformed phone number', () => {
    const broken = copy();
    broken.m4[0]!.resources[2]!.phone = '0800474580';
    const problems = problemsOf(broken);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^m4\[0\]\.resources\[2\]\.phone: not a Taiwan phone number/);
  });

  it('rejects too many strategies, an empty string and a misspelt field', () => {
    const broken = copy();
    broken.m3[0]!.strategies.push('再多一個。');
    broken.m1[0]!.summary = '';
    (broken.m4[1]!.resources[0] as Record<string, unknown>).eligibilty = '拼錯的欄位';
    const message = (() => {
      try {
        buildKnowledgeBase(broken);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/^Knowledge base is invalid: 3 problem\(s\)\./);
    expect(message).toContain('m3[0].strategies:');
    expect(message).toContain('m1[0].summary:');
    expect(message).toMatch(/m4\[1\]\.resources\[0\]: .*eligibilty/);
  });

  it('rejects a safety item that calls other numbers than the taxonomy', () => {
    const broken = copy();
    broken.safety[2]!.calls = [{ label: '報案', phone: '110' }];
    expect(problemsOf(broken)).toEqual(['safety[2] (self_harm).calls: must call 1925 then 119 (taxonomy), found 110']);
  });

  it('rejects an M3 item whose name or key differs from the taxonomy', () => {
    const broken = copy();
    broken.m3[5]!.key = 'happiness';
    broken.m3[5]!.name = '很開心';
    expect(problemsOf(broken)).toEqual([
      'm3[5] (M3-06).name: must be the taxonomy name "欣快"',
      'm3[5] (M3-06).key: must be "euphoria"',
    ]);
  });

  it('rejects whitespace-only text and a missing section', () => {
    const padded = copy();
    padded.normalAgeing.examples[0] = '   ';
    expect(problemsOf(padded)).toEqual(['normalAgeing.examples[0]: blank or padded with whitespace']);

    const { safety: _safety, ...withoutSafety } = copy();
    expect(problemsOf(withoutSafety)[0]).toMatch(/^safety: /);
  });
});

describe('lookups', () => {
  const kb = loadKnowledgeBase();

  it('finds items by id', () => {
    expect(findM1(kb, 'M1-04').name).toBe('對時間、地點感到混淆');
    expect(findM3(kb, 'M3-10').key).toBe('aberrant_motor');
    expect(findSafety(kb, 'violence').calls.map((c) => c.phone)).toEqual(['113', '110']);
  });

  it('names each publisher once for a card footer, in citation order, skipping unknown ids', () => {
    expect(sourceNames(kb, ['tada', 'alz-10-signs', 'alz-delusions', 'nope'])).toEqual([
      '臺灣失智症協會',
      '美國阿茲海默症協會',
    ]);
    expect(sourceNames(kb, findM1(kb, 'M1-01').sources)).toHaveLength(3);
  });
});
