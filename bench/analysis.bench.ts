import { createAnalyzer } from '../src/analysis/analyzer.js';
import { loadKnowledgeBase } from '../src/knowledge/load.js';
import { devTexts, percentile } from './dev-texts.js';

/** Messages per second and per-message latency over the dev texts, index build time, memory. */
export default async function analysisBench() {
  const messages = devTexts();
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
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const m of messages) {
      const a = process.hrtime.bigint();
      analyzer.analyze(m);
      latencies[k++] = Number(process.hrtime.bigint() - a) / 1e3;
    }
  }
  const totalS = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  latencies.sort();
  return {
    messages: messages.length,
    runs: latencies.length,
    msgsPerSecond: Math.round(latencies.length / totalS),
    // Messages per second of CPU time actually given to this process: steadier on a shared, loaded machine.
    msgsPerCpuSecond: Math.round(latencies.length / cpuS),
    p50Us: Math.round(percentile(latencies, 0.5)),
    p99Us: Math.round(percentile(latencies, 0.99)),
    maxUs: Math.round(latencies[latencies.length - 1]!),
    indexBuildMs: Math.round(buildMs * 10) / 10,
    analyzerHeapMB: Math.round(((heapAfterBuild - heapBefore) / 1048576) * 10) / 10,
    heapUsedDeltaMB: Math.round(((process.memoryUsage().heapUsed - heapBefore) / 1048576) * 10) / 10,
    rssDeltaMB: Math.round(((process.memoryUsage().rss - rssBefore) / 1048576) * 10) / 10,
  };
}
