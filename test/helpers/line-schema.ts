import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromSchema } from '@openapi-contrib/openapi-schema-to-json-schema';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import yaml from 'js-yaml';

/**
 * LINE's official OpenAPI specs (../shared/line-openapi) as JSON Schema for ajv, following
 * shared/reference/line-platform.md §6.2: every polymorphic base X (discriminator + mapping, no oneOf)
 * becomes `allOf: [X__base]` plus one if/then per mapping entry, so nested content is checked too.
 * `checkLineLimits` covers what the specs do not encode (§6.3).
 */

const here = dirname(fileURLToPath(import.meta.url));
const specDir = join(here, '..', '..', '..', 'shared', 'line-openapi');

type Json = Record<string, unknown>;
const REF_PREFIX = '#/components/schemas/';

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith(REF_PREFIX)) {
      out[k] = `#/$defs/${v.slice(REF_PREFIX.length)}`;
    } else {
      out[k] = rewriteRefs(v);
    }
  }
  return out;
}

/** Converts one spec file into a single JSON Schema document with `$defs` and the given `$id`. */
export function specToJsonSchema(file: string, id: string): Json {
  const doc = yaml.load(readFileSync(join(specDir, file), 'utf8')) as { components: { schemas: Record<string, Json> } };
  const raw = doc.components.schemas;

  // Collect discriminators before conversion (the converter drops them).
  const mappings = new Map<string, Record<string, string>>();
  for (const [name, schema] of Object.entries(raw)) {
    const disc = schema.discriminator as { propertyName: string; mapping?: Record<string, string> } | undefined;
    if (disc?.mapping) {
      if (disc.propertyName !== 'type') throw new Error(`${file}: ${name} discriminates on ${disc.propertyName}`);
      const mapping: Record<string, string> = {};
      for (const [tag, ref] of Object.entries(disc.mapping)) mapping[tag] = ref.slice(REF_PREFIX.length);
      mappings.set(name, mapping);
    }
  }
  // subtype -> the bases it is mapped from (its allOf reference to those bases goes to X__base).
  const subtypeBases = new Map<string, Set<string>>();
  for (const [base, mapping] of mappings) {
    for (const sub of Object.values(mapping)) {
      const set = subtypeBases.get(sub) ?? new Set<string>();
      set.add(base);
      subtypeBases.set(sub, set);
    }
  }

  const defs: Json = {};
  for (const [name, schema] of Object.entries(raw)) {
    const converted = fromSchema(schema as never, { cloneSchema: true }) as Json;
    delete converted.$schema;
    const bases = subtypeBases.get(name);
    const def = rewriteRefs(converted) as Json;
    // Only the subtype's own allOf link to its base goes to X__base; other references (a box's
    // children, a carousel's bubbles) keep dispatching through X.
    if (bases && Array.isArray(def.allOf)) {
      def.allOf = def.allOf.map((part: Json) => {
        const ref = typeof part.$ref === 'string' ? part.$ref.slice('#/$defs/'.length) : undefined;
        return ref && bases.has(ref) ? { ...part, $ref: `#/$defs/${ref}__base` } : part;
      });
    }
    defs[name] = def;
  }
  for (const [base, mapping] of mappings) {
    defs[`${base}__base`] = defs[base];
    defs[base] = {
      allOf: [
        { $ref: `#/$defs/${base}__base` },
        ...Object.entries(mapping).map(([tag, sub]) => ({
          if: { required: ['type'], properties: { type: { const: tag } } },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema keyword
          then: { $ref: `#/$defs/${sub}` },
        })),
      ],
    };
  }
  return { $id: id, $defs: defs };
}

function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  for (const f of ['int32', 'int64', 'double', 'float']) ajv.addFormat(f, true);
  ajv.addSchema(specToJsonSchema('messaging-api.yml', 'line-messaging'));
  ajv.addSchema(specToJsonSchema('webhook.yml', 'line-webhook'));
  return ajv;
}

let shared: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function validator(ref: string): ValidateFunction {
  shared ??= createAjv();
  let fn = compiled.get(ref);
  if (!fn) {
    fn = shared.getSchema(ref);
    if (!fn) throw new Error(`no schema at ${ref}`);
    compiled.set(ref, fn);
  }
  return fn;
}

export interface SchemaResult {
  valid: boolean;
  errors: string[];
}

function run(ref: string, value: unknown): SchemaResult {
  const fn = validator(ref);
  const valid = fn(value) as boolean;
  const errors = (fn.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  return { valid, errors: valid ? [] : errors };
}

export const validateMessage = (message: unknown) => run('line-messaging#/$defs/Message', message);
export const validateFlexMessage = (message: unknown) => run('line-messaging#/$defs/FlexMessage', message);
export const validateReplyRequest = (body: unknown) => run('line-messaging#/$defs/ReplyMessageRequest', body);
export const validatePushRequest = (body: unknown) => run('line-messaging#/$defs/PushMessageRequest', body);
export const validateCallbackRequest = (body: unknown) => run('line-webhook#/$defs/CallbackRequest', body);
/** Validates a message array as it would be sent in a reply (schema: 1–5 messages, each a Message). */
export const validateMessages = (messages: unknown) =>
  validateReplyRequest({ replyToken: 'x'.repeat(32), messages, notificationDisabled: false });

// ---------------------------------------------------------------------------------------------------
// Limits the specs do not encode (§6.3).

export interface LimitOptions {
  /** LINE allows 1500; CareLine keeps it at 400 to stay readable. */
  altTextMax?: number;
}

const segmenter = new Intl.Segmenter('zh-Hant', { granularity: 'grapheme' });
export const graphemes = (s: string): number => [...segmenter.segment(s)].length;
const bytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v), 'utf8');

const HEX6 = /^#[0-9a-fA-F]{6}$/;
const HEX6or8 = /^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/;
const SPACING = /^(none|xs|sm|md|lg|xl|xxl|\d+(\.\d+)?px)$/;
const LENGTH = /^(\d+(\.\d+)?(px|%))$/;
const OFFSET = /^(none|xs|sm|md|lg|xl|xxl|-?\d+(\.\d+)?(px|%))$/;
const URI_SCHEMES = /^(https?:|line:|tel:)/;

function checkAction(action: unknown, path: string, labelMax: number, labelRequired: boolean, out: string[]): void {
  if (!action || typeof action !== 'object') {
    out.push(`${path}: action missing`);
    return;
  }
  const a = action as Json;
  const label = a.label;
  if (typeof label === 'string') {
    if (graphemes(label) > labelMax) out.push(`${path}.label: over ${labelMax} characters`);
    if (label.trim() === '') out.push(`${path}.label: empty`);
  } else if (labelRequired) {
    out.push(`${path}.label: required`);
  }
  switch (a.type) {
    case 'postback': {
      if (typeof a.data !== 'string' || a.data === '') out.push(`${path}.data: required`);
      else if (a.data.length > 300) out.push(`${path}.data: over 300 characters`);
      if (typeof a.displayText === 'string' && graphemes(a.displayText) > 300)
        out.push(`${path}.displayText: over 300`);
      break;
    }
    case 'message':
      if (typeof a.text !== 'string' || a.text.trim() === '') out.push(`${path}.text: required`);
      else if (graphemes(a.text) > 300) out.push(`${path}.text: over 300 characters`);
      break;
    case 'uri':
      if (typeof a.uri !== 'string' || a.uri === '') out.push(`${path}.uri: required`);
      else {
        if (a.uri.length > 1000) out.push(`${path}.uri: over 1000 characters`);
        if (!URI_SCHEMES.test(a.uri)) out.push(`${path}.uri: scheme must be http, https, line or tel`);
      }
      break;
    case undefined:
      out.push(`${path}.type: required`);
      break;
    default:
      break;
  }
}

function checkComponent(c: unknown, path: string, out: string[], parentLayout?: string): void {
  if (!c || typeof c !== 'object') {
    out.push(`${path}: not a component`);
    return;
  }
  const comp = c as Json;
  const type = comp.type as string;
  if (parentLayout === 'baseline' && !['icon', 'text', 'filler', 'span'].includes(type)) {
    out.push(`${path}: a baseline box may hold only icon, text and filler (found ${type})`);
  }
  for (const [k, v] of Object.entries(comp)) {
    if (typeof v !== 'string') continue;
    if (/color$/i.test(k)) {
      const re = type === 'box' ? HEX6or8 : HEX6;
      if (!re.test(v)) out.push(`${path}.${k}: not a hex colour (${v})`);
    }
    if ((k === 'margin' || k === 'spacing') && !SPACING.test(v)) out.push(`${path}.${k}: bad spacing ${v}`);
    if (/^padding/.test(k) && !SPACING.test(v) && !LENGTH.test(v)) out.push(`${path}.${k}: bad padding ${v}`);
    if (type === 'box' && /^(width|height|maxWidth|maxHeight)$/.test(k) && !LENGTH.test(v))
      out.push(`${path}.${k}: bad length ${v}`);
    if (/^offset/.test(k) && !OFFSET.test(v)) out.push(`${path}.${k}: bad offset ${v}`);
  }
  if (comp.action !== undefined) checkAction(comp.action, `${path}.action`, 40, type === 'button', out);
  switch (type) {
    case 'box': {
      if (!['horizontal', 'vertical', 'baseline'].includes(comp.layout as string)) out.push(`${path}.layout: invalid`);
      if (!Array.isArray(comp.contents)) out.push(`${path}.contents: required`);
      else {
        for (const [i, child] of comp.contents.entries())
          checkComponent(child, `${path}.contents[${i}]`, out, comp.layout as string);
      }
      break;
    }
    case 'text': {
      const hasText = typeof comp.text === 'string' && comp.text !== '';
      const hasSpans = Array.isArray(comp.contents) && comp.contents.length > 0;
      if (!hasText && !hasSpans) out.push(`${path}: text needs text or contents`);
      if (typeof comp.text === 'string' && comp.text.includes('\n') && comp.wrap !== true)
        out.push(`${path}: a line break needs wrap: true`);
      if (Array.isArray(comp.contents))
        for (const [i, span] of comp.contents.entries()) checkComponent(span, `${path}.contents[${i}]`, out);
      break;
    }
    case 'span':
      if (typeof comp.text !== 'string' || comp.text === '') out.push(`${path}: span needs text`);
      break;
    case 'button':
      if (comp.action === undefined) out.push(`${path}.action: required`);
      break;
    case 'image':
    case 'icon':
      if (typeof comp.url !== 'string' || !comp.url.startsWith('https://')) out.push(`${path}.url: must be HTTPS`);
      else if (comp.url.length > 2000) out.push(`${path}.url: over 2000 characters`);
      break;
    default:
      break;
  }
}

function checkBubble(b: unknown, path: string, out: string[]): void {
  const bubble = b as Json;
  if (bubble?.type !== 'bubble') {
    out.push(`${path}: not a bubble`);
    return;
  }
  if (bytes(bubble) > 30_000) out.push(`${path}: bubble over 30 KB (${bytes(bubble)} bytes)`);
  for (const block of ['header', 'hero', 'body', 'footer']) {
    if (bubble[block] !== undefined) checkComponent(bubble[block], `${path}.${block}`, out);
  }
  const styles = bubble.styles as Record<string, Json> | undefined;
  for (const [block, style] of Object.entries(styles ?? {})) {
    if (typeof style.backgroundColor === 'string' && !HEX6.test(style.backgroundColor))
      out.push(`${path}.styles.${block}.backgroundColor: not a hex colour`);
    if (typeof style.separatorColor === 'string' && !HEX6.test(style.separatorColor))
      out.push(`${path}.styles.${block}.separatorColor: not a hex colour`);
  }
  if (bubble.action !== undefined) checkAction(bubble.action, `${path}.action`, 40, false, out);
}

/** Returns every limit a message array breaks (empty when LINE would accept it and it stays readable). */
export function checkLineLimits(messages: readonly unknown[], options: LimitOptions = {}): string[] {
  const altTextMax = options.altTextMax ?? 400;
  const out: string[] = [];
  if (messages.length === 0) out.push('no messages');
  if (messages.length > 5) out.push(`${messages.length} messages (at most 5)`);
  messages.forEach((m, i) => {
    const msg = m as Json;
    const path = `messages[${i}]`;
    if (msg.type === 'text') {
      const text = msg.text;
      if (typeof text !== 'string' || text.trim() === '') out.push(`${path}.text: empty`);
      else if (text.length > 5000) out.push(`${path}.text: over 5000 UTF-16 units`);
    }
    if (msg.type === 'flex') {
      const alt = msg.altText;
      if (typeof alt !== 'string' || alt.trim() === '') out.push(`${path}.altText: empty`);
      else if (alt.length > altTextMax) out.push(`${path}.altText: over ${altTextMax} characters`);
      const contents = msg.contents as Json;
      if (contents?.type === 'carousel') {
        const bubbles = (contents.contents as unknown[]) ?? [];
        if (bubbles.length === 0) out.push(`${path}: empty carousel`);
        if (bubbles.length > 12) out.push(`${path}: ${bubbles.length} bubbles (at most 12)`);
        if (bytes(contents) > 50_000) out.push(`${path}: carousel over 50 KB (${bytes(contents)} bytes)`);
        const sizes = new Set(bubbles.map((b) => (b as Json).size ?? 'mega'));
        if (sizes.size > 1) out.push(`${path}: bubbles of different sizes in one carousel`);
        for (const [j, b] of bubbles.entries()) checkBubble(b, `${path}.contents.contents[${j}]`, out);
      } else {
        checkBubble(contents, `${path}.contents`, out);
      }
    }
    const qr = msg.quickReply as { items?: unknown[] } | undefined;
    if (qr) {
      const items = qr.items ?? [];
      if (items.length === 0) out.push(`${path}.quickReply: no items`);
      if (items.length > 13) out.push(`${path}.quickReply: ${items.length} items (at most 13)`);
      items.forEach((item, j) => {
        checkAction((item as Json).action, `${path}.quickReply.items[${j}].action`, 20, true, out);
      });
    }
  });
  return out;
}

/** Schema plus limits, in one list of problems. */
export function lineProblems(messages: readonly unknown[], options: LimitOptions = {}): string[] {
  return [...validateMessages(messages).errors, ...checkLineLimits(messages, options)];
}
