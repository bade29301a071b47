import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAnalyzer } from '../src/analysis/analyzer.js';
import { composeReply } from '../src/flex/compose-reply.js';
import { loadKnowledgeBase } from '../src/knowledge/load.js';

/** The dev texts when ../shared is present, else the messy held-out set in the repository. */
function texts(): string[] {
  const dev = fileURLToPath(new URL('../../shared/eval/dev.jsonl', import.meta.url));
  const own = fileURLToPath(new URL('../test/fixtures/eval/messy.jsonl', import.meta.url));
  return readFileSync(existsSync(dev) ? dev : own, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** Time to compose the Flex reply from an analysis, and how large the replies get against LINE's limits. */
export default async function flexBench() {
  const kb = loadKnowledgeBase();
  const analyzer = createAnalyzer(kb);
  const analyses = texts().map((t) => analyzer.analyze(t));
  for (const a of analyses) composeReply({ kb, analysis: a }); // warm-up

  const rounds = 20;
  const latencies = new Float64Array(rounds * analyses.length);
  let k = 0;
  for (let r = 0; r < rounds; r++) {
    for (const a of analyses) {
      const t = process.hrtime.bigint();
      composeReply({ kb, analysis: a });
      latencies[k++] = Number(process.hrtime.bigint() - t) / 1e3;
    }
  }
  latencies.sort();

  let maxMessageBytes = 0;
  let maxBubbleBytes = 0;
  let maxBubbles = 0;
  for (const a of analyses) {
    for (const m of composeReply({ kb, analysis: a })) {
      if (m.type !== 'flex') continue;
      maxMessageBytes = Math.max(maxMessageBytes, Buffer.byteLength(JSON.stringify(m.contents)));
      const bubbles = m.contents.type === 'carousel' ? m.contents.contents : [m.contents];
      maxBubbles = Math.max(maxBubbles, bubbles.length);
      for (const b of bubbles) maxBubbleBytes = Math.max(maxBubbleBytes, Buffer.byteLength(JSON.stringify(b)));
    }
  }
  return {
    replies: analyses.length,
    runs: latencies.length,
    p50Us: Math.round(percentile(latencies, 0.5)),
    p99Us: Math.round(percentile(latencies, 0.99)),
    maxContainerBytes: maxMessageBytes,
    maxBubbleBytes,
    maxBubbles,
  };
}
