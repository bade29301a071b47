import { tokenize } from './tokens.js';

/** One retrievable document: a label and the text describing it (knowledge content plus cue phrases). */
export interface IndexDoc {
  id: string;
  text: string;
}

/**
 * Okapi BM25 over character n-gram tokens, built once. `score(tokens)` returns one score per document
 * (same order as the documents given to `buildIndex`).
 */
export interface RetrievalIndex {
  readonly ids: readonly string[];
  score(queryTokens: readonly string[]): Float64Array;
  /** Whether document `doc` contains `token`. */
  has(token: string, doc: number): boolean;
}

export function buildIndex(docs: readonly IndexDoc[], k1 = 1.2, b = 0.75): RetrievalIndex {
  const postings = new Map<string, Array<[number, number]>>();
  const lengths = docs.map((doc, d) => {
    const tf = new Map<string, number>();
    const tokens = tokenize(doc.text);
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      const list = postings.get(t);
      if (list) list.push([d, n]);
      else postings.set(t, [[d, n]]);
    }
    return tokens.length;
  });
  const avg = lengths.reduce((a, n) => a + n, 0) / Math.max(1, lengths.length);
  const idf = new Map<string, number>();
  for (const [t, list] of postings) {
    idf.set(t, Math.log(1 + (docs.length - list.length + 0.5) / (list.length + 0.5)));
  }
  const norms = lengths.map((len) => k1 * (1 - b + (b * len) / (avg || 1)));
  // Each (token, document) contribution is fixed once the index is built: store it precomputed.
  // `query` marks the last query that added the token, so a repeated token costs one lookup, no set.
  const weights = new Map<string, { docs: Int32Array; w: Float64Array; query: number }>();
  for (const [t, list] of postings) {
    const idfT = idf.get(t)!;
    weights.set(t, {
      docs: Int32Array.from(list, ([d]) => d),
      w: Float64Array.from(list, ([d, tf]) => (idfT * tf * (k1 + 1)) / (tf + norms[d]!)),
      query: 0,
    });
  }
  let queries = 0;
  return {
    ids: docs.map((d) => d.id),
    has(token, doc) {
      return weights.get(token)?.docs.includes(doc) ?? false;
    },
    score(queryTokens) {
      const scores = new Float64Array(docs.length);
      const query = ++queries;
      for (let q = 0; q < queryTokens.length; q++) {
        const entry = weights.get(queryTokens[q]!);
        if (!entry || entry.query === query) continue;
        entry.query = query;
        for (let i = 0; i < entry.docs.length; i++) scores[entry.docs[i]!]! += entry.w[i]!;
      }
      return scores;
    },
  };
}

/** The literal phrases inside a cue pattern, for indexing (regex syntax becomes separators). */
export function patternPhrases(source: string): string {
  return source
    .replace(/\\[pPu]\{[^}]*\}|\\[a-zA-Z]/g, ' ')
    .replace(/\(\?<?[=!]?[^)]*\)|\[[^\]]*\]|\{\d*,?\d*\}|\.\*|\.\+/g, ' ')
    .replace(/[()|?*+.^$\\]/g, ' ');
}
