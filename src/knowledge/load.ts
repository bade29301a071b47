import { createHash } from 'node:crypto';
import m1 from './data/content/m1.json' with { type: 'json' };
import m2 from './data/content/m2.json' with { type: 'json' };
import m3 from './data/content/m3.json' with { type: 'json' };
import m4 from './data/content/m4.json' with { type: 'json' };
import normalAgeing from './data/content/normal-ageing.json' with { type: 'json' };
import safety from './data/content/safety.json' with { type: 'json' };
import sources from './data/content/sources.json' with { type: 'json' };
import { KnowledgeError } from './errors.js';
import { type KnowledgeBase, type KnowledgeContent, knowledgeBaseSchema } from './schema.js';
import { TAXONOMY } from './taxonomy.js';

/** A fresh copy of the content files bundled with CareLine, not yet validated. */
export function bundledKnowledgeContent(): unknown {
  return structuredClone({ sources, m1, m2, m3, m4, safety, normalAgeing });
}

/** Validates the bundled content and returns it with its content version. Throws KnowledgeError. */
export function loadKnowledgeBase(): KnowledgeBase {
  return buildKnowledgeBase(bundledKnowledgeContent());
}

/**
 * Validates raw content (schema, then cross-references against the taxonomy and the source list) and adds
 * `version`: the first 12 hex digits of the SHA-256 of the canonical JSON of the validated content.
 */
export function buildKnowledgeBase(raw: unknown): KnowledgeBase {
  const parsed = knowledgeBaseSchema.safeParse(raw);
  if (!parsed.success) {
    throw new KnowledgeError(parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`));
  }
  const content = parsed.data;
  const problems = crossReferenceProblems(content);
  if (problems.length > 0) throw new KnowledgeError(problems);
  return { ...content, version: contentVersion(content) };
}

export function contentVersion(content: KnowledgeContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 12);
}

function crossReferenceProblems(kb: KnowledgeContent): string[] {
  const problems: string[] = [];

  const sourceIds = new Set<string>();
  kb.sources.forEach((source, i) => {
    if (sourceIds.has(source.id)) problems.push(`sources[${i}]: duplicate source id "${source.id}"`);
    sourceIds.add(source.id);
  });

  const checkSources = (where: string, refs: readonly string[]) => {
    for (const ref of refs) if (!sourceIds.has(ref)) problems.push(`${where}.sources: unknown source "${ref}"`);
    if (new Set(refs).size !== refs.length) problems.push(`${where}.sources: a source is listed twice`);
  };

  const checkItems = <Item extends { id: string; sources: string[] }>(
    section: string,
    items: readonly Item[],
    expected: readonly { id: string }[],
    check?: (item: Item, where: string) => void,
  ) => {
    const expectedIds = new Set(expected.map((e) => e.id));
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const where = `${section}[${i}] (${item.id})`;
      if (!expectedIds.has(item.id)) problems.push(`${where}: id is not in the taxonomy`);
      if (seen.has(item.id)) problems.push(`${where}: duplicate item for this id`);
      seen.add(item.id);
      checkSources(where, item.sources);
      check?.(item, where);
    });
    for (const id of expectedIds) if (!seen.has(id)) problems.push(`${section}: no item for taxonomy id "${id}"`);
  };

  const label = <T extends { id: string }>(items: readonly T[], id: string) => items.find((t) => t.id === id);

  checkItems('m1', kb.m1, TAXONOMY.M1.items, (item, where) => {
    const expected = label(TAXONOMY.M1.items, item.id);
    if (expected && item.name !== expected.zh)
      problems.push(`${where}.name: must be the taxonomy name "${expected.zh}"`);
  });
  checkItems('m2', kb.m2, TAXONOMY.M2.items, (item, where) => {
    const expected = label(TAXONOMY.M2.items, item.id);
    if (expected && item.name !== expected.zh)
      problems.push(`${where}.name: must be the taxonomy name "${expected.zh}"`);
    if (expected && item.cdr !== expected.cdr) problems.push(`${where}.cdr: must be ${expected.cdr}`);
  });
  checkItems('m3', kb.m3, TAXONOMY.M3.items, (item, where) => {
    const expected = label(TAXONOMY.M3.items, item.id);
    if (expected && item.name !== expected.zh)
      problems.push(`${where}.name: must be the taxonomy name "${expected.zh}"`);
    if (expected && item.key !== expected.key) problems.push(`${where}.key: must be "${expected.key}"`);
  });
  checkItems('m4', kb.m4, TAXONOMY.M4.items);
  checkItems('safety', kb.safety, TAXONOMY.safety.items, (item, where) => {
    const expected = label(TAXONOMY.safety.items, item.id);
    const wanted = expected ? expected.call.split('/').map((n) => n.trim()) : [];
    const actual = item.calls.map((c) => c.phone);
    if (wanted.join(' / ') !== actual.join(' / ')) {
      problems.push(`${where}.calls: must call ${wanted.join(' then ')} (taxonomy), found ${actual.join(', ')}`);
    }
  });
  checkSources('normalAgeing', kb.normalAgeing.sources);

  forEachString(kb, (value, path) => {
    if (value.trim() !== value || value.trim() === '') problems.push(`${path}: blank or padded with whitespace`);
  });
  return problems;
}

function forEachString(value: unknown, visit: (value: string, path: string) => void, path = ''): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) forEachString(v, visit, `${path}[${i}]`);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) forEachString(v, visit, path ? `${path}.${key}` : key);
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** JSON with object keys sorted at every level, so the version does not depend on key order in the files. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
