import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAnalyzer } from '../src/analysis/analyzer.js';
import { loadKnowledgeBase } from '../src/knowledge/load.js';

/** The dev texts when ../shared is present, else the engine's own labelled test messages. */
function texts(): string[] {
  const dev = fileURLToPath(new URL('../../shared/eval/dev.jsonl', import.meta.url));
  const own = fileURLToPath(new URL('../test/analysis/fixtures/own-messages.jsonl', import.meta.url));
  const file = existsSync(dev) ? dev : own;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** Messages per second and per-message latency over the dev texts, index build time, memory. */
export default async function analysisBench() {
  const messages = texts();
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const analyzer = createAnalyzer(loadKnowledgeBase());
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const heapAfterBuild = process.memoryUsage().heapUsed;

  for (let i = 0; i < 3; i++) for (const m of messages) analyzer.analyze(m); // warm-up

  const rounds = 20;
  const latencies = new Float64Array(rounds * messages.length);
  let k = 0;
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const m of messages) {
      const a = process.hrtime.bigint();
      analyzer.analyze(m);
      latencies[k++] = Number(process.hrtime.bigint() - a) / 1e3;
    }
  }
  const totalS = Number(process.hrtime.bigint() - start) / 1e9;
  latencies.sort();
  return {
    messages: messages.length,
    runs: latencies.length,
    msgsPerSecond: Math.round(latencies.length / totalS),
    p50Us: Math.round(percentile(latencies, 0.5)),
    p99Us: Math.round(percentile(latencies, 0.99)),
    maxUs: Math.round(latencies[latencies.length - 1]!),
    indexBuildMs: Math.round(buildMs * 10) / 10,
    analyzerHeapMB: Math.round(((heapAfterBuild - heapBefore) / 1048576) * 10) / 10,
    heapUsedDeltaMB: Math.round(((process.memoryUsage().heapUsed - heapBefore) / 1048576) * 10) / 10,
    rssDeltaMB: Math.round(((process.memoryUsage().rss - rssBefore) / 1048576) * 10) / 10,
  };
}
