import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge/load.js';
import { phoneSchema } from '../../src/knowledge/schema.js';
import { TAXONOMY } from '../../src/knowledge/taxonomy.js';
import { toTraditional } from '../../src/text/normalise.js';
import { readSharedTaxonomy, sharedTaxonomyPresent } from './shared-taxonomy.js';

const kb = loadKnowledgeBase();

/** Every string in the content with its path, e.g. "m3[2].strategies[1]". */
function strings(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  }
  return [];
}

const { version: _version, ...content } = kb;
const all = strings(content);
/** What a caregiver reads on a card: everything but ids, keys, source references, urls and source titles. */
const readable = all.filter(
  ({ path }) =>
    !/(^|\.)(id|key|url|title)$/.test(path) && !/\.sources\[\d+\]$/.test(path) && !/^sources\[\d+\]\.id$/.test(path),
);
const phoneFields = all.filter(({ path }) => /\.phone$/.test(path)).map(({ text }) => text);

describe('knowledge base content', () => {
  it('has one item per taxonomy id (shared/taxonomy.json when present, else the in-code copy)', () => {
    const taxonomy = sharedTaxonomyPresent ? readSharedTaxonomy() : TAXONOMY;
    const ids = (items: readonly { id: string }[]) => items.map((i) => i.id).sort();
    expect(ids(kb.m1)).toEqual(ids(taxonomy.M1.items));
    expect(ids(kb.m2)).toEqual(ids(taxonomy.M2.items));
    expect(ids(kb.m3)).toEqual(ids(taxonomy.M3.items));
    expect(ids(kb.m4)).toEqual(ids(taxonomy.M4.items));
    expect(ids(kb.safety)).toEqual(ids(taxonomy.safety.items));
  });

  it('gives every phone field a well-formed Taiwan number', () => {
    expect(phoneFields.length).toBeGreaterThan(10);
    for (const phone of phoneFields) expect(phoneSchema.safeParse(phone).success, phone).toBe(true);
  });

  it('offers every hotline of the taxonomy somewhere', () => {
    for (const hotline of TAXONOMY.hotlines) expect(phoneFields, hotline.number).toContain(hotline.number);
  });

  it('mentions in its text only numbers it also lists as a phone', () => {
    const known = new Set(phoneFields);
    for (const { path, text } of readable) {
      for (const number of text.match(/\b(0800-\d{3}-\d{3}|0\d{1,2}-\d{6,8}|1(?:10|13|19|65|925|966))\b/g) ?? []) {
        expect(known.has(number), `${path}: ${number}`).toBe(true);
      }
    }
  });

  it('calls the numbers the taxonomy names for each safety flag, in order', () => {
    for (const item of kb.safety) {
      const expected = TAXONOMY.safety.items.find((t) => t.id === item.id)?.call.split(' / ');
      expect(item.calls.map((c) => c.phone)).toEqual(expected);
    }
  });

  it('resolves every source reference and cites every listed source', () => {
    const ids = new Set(kb.sources.map((s) => s.id));
    const cited = new Set(
      [...kb.m1, ...kb.m2, ...kb.m3, ...kb.m4, ...kb.safety, kb.normalAgeing].flatMap((i) => i.sources),
    );
    for (const ref of cited) expect(ids.has(ref), ref).toBe(true);
    for (const id of ids) expect(cited.has(id), `${id} is never cited`).toBe(true);
  });

  it('links only to https pages of official bodies from resources', () => {
    const official = /^https:\/\/(1966\.gov\.tw|www\.tada2002\.org\.tw|www\.165\.gov\.tw)\//;
    const urls = kb.m4.flatMap((m) => m.resources.flatMap((r) => (r.url ? [r.url] : [])));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(official);
    for (const source of kb.sources) if (source.url) expect(source.url).toMatch(/^https:\/\//);
  });

  it('never states a diagnosis as a verdict and never gives drug doses', () => {
    for (const { path, text } of readable) {
      expect(text, path).not.toMatch(/確診|diagnosed|診斷為失智症/i);
      expect(text, path).not.toMatch(/\d\s*(mg|毫克|微克)|劑量|一天吃\s*\d/i);
    }
  });

  it('is written in Traditional Chinese: converting Simplified to Traditional changes nothing', () => {
    const changed = readable.filter(({ text }) => toTraditional(text) !== text);
    expect(changed).toEqual([]);
  });

  it('has no blank strings and keeps every readable line short enough for a card', () => {
    for (const { path, text } of all) expect(text.trim().length, path).toBeGreaterThan(0);
    const tooLong = readable.filter(({ text }) => text.length > 80);
    expect(tooLong).toEqual([]);
  });

  it('gives each behavioural symptom two to four strategies and at least two triggers', () => {
    for (const item of kb.m3) {
      expect(item.strategies.length, item.id).toBeGreaterThanOrEqual(2);
      expect(item.strategies.length, item.id).toBeLessThanOrEqual(4);
      expect(item.triggers.length, item.id).toBeGreaterThanOrEqual(2);
      expect(new Set(item.strategies).size, item.id).toBe(item.strategies.length);
    }
  });

  it('contrasts each warning sign with normal ageing, and each M1 name is the taxonomy name', () => {
    for (const item of kb.m1) {
      expect(item.normalAgeing, item.id).not.toBe(item.warningSign);
      expect(item.name).toBe(TAXONOMY.M1.items.find((t) => t.id === item.id)?.zh);
    }
  });

  it('describes all six abilities for every stage, with the CDR value of the taxonomy', () => {
    for (const item of kb.m2) {
      expect(Object.keys(item.abilities).sort()).toEqual(
        ['community', 'homeHobbies', 'judgement', 'memory', 'orientation', 'personalCare'].sort(),
      );
      expect(item.cdr).toBe(TAXONOMY.M2.items.find((t) => t.id === item.id)?.cdr);
    }
  });
});
