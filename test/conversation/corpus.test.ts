import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/analysis/analyzer.js';
import { createConversation } from '../../src/conversation/create-conversation.js';
import { DISCLAIMER } from '../../src/flex/components.js';
import { decodePostback } from '../../src/flex/postback.js';
import { loadKnowledgeBase } from '../../src/knowledge/load.js';
import { createIdHasher } from '../../src/log/hash-id.js';
import { createLogger } from '../../src/log/logger.js';
import { testMemoryCache } from '../fixtures/test-cache.js';
import { lineProblems } from '../helpers/line-schema.js';

const here = dirname(fileURLToPath(import.meta.url));
type Row = { id: string; text: string; safety: string[] };
const readJsonl = (path: string): Row[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
const CORPORA = [
  { name: 'shared/eval/dev.jsonl', rows: readJsonl(join(here, '..', '..', '..', 'shared', 'eval', 'dev.jsonl')) },
  { name: 'test/fixtures/eval/messy.jsonl', rows: readJsonl(join(here, '..', 'fixtures', 'eval', 'messy.jsonl')) },
];

function collect(node: unknown, pick: (o: Record<string, unknown>) => unknown): unknown[] {
  if (Array.isArray(node)) return node.flatMap((n) => collect(n, pick));
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = pick(o);
  return [...(own === undefined ? [] : [own]), ...Object.values(o).flatMap((v) => collect(v, pick))];
}

describe('corpus: the full reply to every labelled message', () => {
  it.each(CORPORA)('$name validates against LINE’s schema and limits', async ({ name, rows }) => {
    const kb = loadKnowledgeBase();
    const hashId = createIdHasher('corpus');
    const conversation = createConversation({
      analyzer: createAnalyzer(kb),
      kb,
      cache: testMemoryCache(),
      logger: createLogger('silent'),
    });
    let messages = 0;
    let bubbles = 0;
    const failures: string[] = [];
    for (const row of rows) {
      const chat = { chatType: 'user' as const, replyTo: 'U', userHash: hashId(row.id) };
      const reply = await conversation.handle({ type: 'text', text: row.text, chat });
      const problems = lineProblems(reply.messages);
      if (problems.length > 0) failures.push(`${row.id}: ${problems.slice(0, 3).join('; ')}`);
      if (reply.messages.length === 0) failures.push(`${row.id}: no reply`);
      if (row.safety.length > 0 && !JSON.stringify(reply.messages[0]).includes('tel:'))
        failures.push(`${row.id}: flagged but the first message has no tel: button`);
      for (const data of collect(reply.messages, (o) => (o.type === 'postback' ? o.data : undefined)))
        if (decodePostback(data as string) === null) failures.push(`${row.id}: unroutable postback ${data}`);
      const flexBubbles = collect(reply.messages, (o) => (o.type === 'bubble' ? o : undefined));
      for (const b of flexBubbles)
        if (!JSON.stringify(b).includes(DISCLAIMER)) failures.push(`${row.id}: a card without the disclaimer`);
      messages += reply.messages.length;
      bubbles += flexBubbles.length;
    }
    expect(failures).toEqual([]);
    expect(rows.length).toBeGreaterThan(100);
    console.info(`${name}: ${rows.length} replies, ${messages} messages, ${bubbles} bubbles validated`);
  });
});
