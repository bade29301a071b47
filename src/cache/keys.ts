import { createHash } from 'node:crypto';
import { canonicalKeyText, normaliseText } from '../text/normalise.js';
import type { Namespace } from './types.js';

/**
 * Cache keys: `<prefix>:<namespace>:<version>:<sha256>` or, for one user's data,
 * `<prefix>:<namespace>:<version>:{u:<userHash>}:<sha256>`. The hash covers every key part, so raw message
 * text never appears in a key. Parts are read as follows:
 * - a string is message text: it is canonicalised (`canonicalKeyText`) so surface variants share a key;
 * - `exact(value)` is compared verbatim (versions that are case-sensitive, ids);
 * - `userKey(userHash)` marks the key as one user's: it adds the cluster hash tag `{u:<userHash>}` and
 *   lets `Cache.forgetUser` find it;
 * - numbers, booleans, null and plain objects/arrays are serialised as stable JSON, verbatim.
 * Put every version that changes the answer (knowledge, prompt, model) among the parts.
 */
const EXACT = Symbol('exact');
const USER = Symbol('user');

export interface ExactPart {
  readonly [EXACT]: unknown;
}
export interface UserPart {
  readonly [USER]: string;
}

export function exact(value: unknown): ExactPart {
  return { [EXACT]: value };
}

export function userKey(userHash: string): UserPart {
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(userHash)) {
    throw new TypeError('userKey expects a hashed user id (see log/hash-id.ts), not a raw id');
  }
  return { [USER]: userHash };
}

function isExact(part: unknown): part is ExactPart {
  return typeof part === 'object' && part !== null && EXACT in part;
}
function isUser(part: unknown): part is UserPart {
  return typeof part === 'object' && part !== null && USER in part;
}

function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

/** Message text as it goes into the hash; text that is only emoji or punctuation keeps its own key. */
function textPart(text: string): string {
  const canonical = canonicalKeyText(text);
  return canonical === '' ? `raw\u0000${normaliseText(text)}` : `txt\u0000${canonical}`;
}

function serialisePart(part: unknown): string {
  if (typeof part === 'string') return textPart(part);
  if (isExact(part)) return `exa\u0000${stableJson(part[EXACT])}`;
  if (isUser(part)) return `usr\u0000${part[USER]}`;
  return `val\u0000${stableJson(part)}`;
}

export interface KeyScheme {
  readonly prefix: string;
  /** The key of one entry. */
  key(namespace: Namespace, parts: readonly unknown[]): string;
  /** The user hash of a key built with `userKey(...)`, if any. */
  userOf(parts: readonly unknown[]): string | undefined;
  /** The SCAN pattern matching every key of a namespace (all versions). */
  namespacePattern(namespace: Namespace): string;
  /** The lock guarding the computation of one entry. */
  lockKey(entryKey: string): string;
  /** The set indexing one user's keys (same hash slot as those keys). */
  userIndexKey(userHash: string): string;
  /** The hash tag shared by all of one user's keys. */
  userTag(userHash: string): string;
  /** The Redis hash holding the shared statistics counters. */
  statsKey(): string;
}

export function createKeyScheme(prefix: string, versions: Partial<Record<Namespace, string>> = {}): KeyScheme {
  if (!/^[a-z0-9_-]+$/i.test(prefix)) throw new TypeError('key prefix: letters, digits, _ and - only');
  const versionOf = (ns: Namespace) => versions[ns] ?? 'v1';
  const userTag = (userHash: string) => `{u:${userHash}}`;
  const userOf = (parts: readonly unknown[]) => {
    const found = parts.filter(isUser).map((p) => p[USER]);
    if (new Set(found).size > 1) throw new TypeError('a cache key belongs to at most one user');
    return found[0];
  };
  return {
    prefix,
    key(namespace, parts) {
      const hash = createHash('sha256');
      for (const part of parts) hash.update(serialisePart(part)).update('\u0001');
      const user = userOf(parts);
      const tag = user ? `${userTag(user)}:` : '';
      return `${prefix}:${namespace}:${versionOf(namespace)}:${tag}${hash.digest('hex')}`;
    },
    userOf,
    namespacePattern: (namespace) => `${prefix}:${namespace}:*`,
    lockKey: (entryKey) => `${prefix}:lock:${entryKey.slice(prefix.length + 1)}`,
    userIndexKey: (userHash) => `${prefix}:users:${userTag(userHash)}:keys`,
    userTag,
    statsKey: () => `${prefix}:stats`,
  };
}
