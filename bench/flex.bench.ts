import { createAnalyzer } from '../src/analysis/analyzer.js';
import { composeReply } from '../src/flex/compose-reply.js';
import { loadKnowledgeBase } from '../src/knowledge/load.js';
import { devTexts, percentile } from './dev-texts.js';

/** Time to compose the Flex reply from an analysis, and how large the replies get against LINE's limits. */
export default async function flexBench() {
  const kb = loadKnowledgeBase();
  const analyzer = createAnalyzer(kb);
  const analyses = devTexts().map((t) => analyzer.analyze(t));
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
