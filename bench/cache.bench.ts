/**
 * Cache benchmark: hit latency through POST /api/analyze (memory and Redis), the cache layer's overhead over a
 * raw Redis GET, and the hit ratio of normalised keys against exact-text keys on a Zipf repeat workload built
 * from the dev texts with realistic surface variations. Prints one JSON line; run alone with
 * `npx tsx bench/cache.bench.ts` or through `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Converter } from 'opencc-js';
import { createAnalyzer } from '../src/analysis/analyzer.js';
import type { AnalysisResult } from '../src/analysis/types.js';
import { buildApp } from '../src/app.js';
import { cachedAnalysis } from '../src/cache/cached-analysis.js';
import { createKeyScheme, exact } from '../src/cache/keys.js';
import { createMemoryCache } from '../src/cache/memory-cache.js';
import { createRedisCache } from '../src/cache/redis-cache.js';
import { loadConfig } from '../src/config/load.js';
import { loadKnowledgeBase } from '../src/knowledge/load.js';
import { createLogger } from '../src/log/logger.js';
import { connectRedis } from '../src/redis/connect.js';
import { spawnRedisCluster } from '../test/helpers/redis-cluster.js';
import { spawnRedis } from '../test/helpers/redis-server.js';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const DEV = join(ROOT, '..', 'shared', 'eval', 'dev.jsonl');
const logger = createLogger('silent');
const TTLS = { analysis: 1800, flex: 3600, session: 7200, llm: 1800, feedback: 600 };

/** Deterministic PRNG (mulberry32), so every run draws the same workload. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

function summarise(samplesMs: number[]) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { n: sorted.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)) };
}

async function timeEach(count: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

function devTexts(): string[] {
  return readFileSync(DEV, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { text: string }).text);
}

// --- Surface variations a caregiver's phone produces for the same question ---
const toSimplified = Converter({ from: 'tw', to: 'cn' });
const FULL_WIDTH: Record<string, string> = {
  '!': '！',
  '?': '？',
  ',': '，',
  ':': '：',
  ';': '；',
  '(': '（',
  ')': '）',
};
const toFullWidth = (text: string) =>
  text.replace(/[0-9A-Za-z!?,:;()]/g, (c) => FULL_WIDTH[c] ?? String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const ENDINGS = ['！', '!!', '？', '?', '。', '…', '~', '!!!', '？？'];
const EMOJI = ['😢', '🙏', '😭', '😅', '👍', '❤️', '😞'];

type Variation = (text: string, rand: () => number) => string;
const pick = <T>(items: readonly T[], rand: () => number) => items[Math.floor(rand() * items.length)] as T;
const VARIATIONS: Record<string, Variation> = {
  spaces: (t, rand) => {
    const chars = [...t];
    const at = 1 + Math.floor(rand() * Math.max(1, chars.length - 2));
    chars.splice(at, 0, rand() < 0.5 ? ' ' : '\u3000');
    return rand() < 0.3 ? ` ${chars.join('')} ` : chars.join('');
  },
  fullWidth: (t) => toFullWidth(t),
  punctuation: (t, rand) => t.replace(/[。！？!?.~…]+$/u, '') + pick(ENDINGS, rand),
  emoji: (t, rand) => t + pick(EMOJI, rand),
  simplified: (t) => toSimplified(t),
};

/** 2,000 messages drawn with a Zipf distribution over the dev texts; 60 % carry one or two surface variations. */
function zipfWorkload(texts: string[], count = 2000, s = 1.0, seed = 20261126) {
  const rand = prng(seed);
  const order = [...texts].sort(() => rand() - 0.5);
  const weights = order.map((_, rank) => 1 / (rank + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = weights.map(
    (
      (sum) => (w) =>
        (sum += w / total)
    )(0),
  );
  const names = Object.keys(VARIATIONS);
  const messages: { base: string; text: string; variations: string[] }[] = [];
  for (let i = 0; i < count; i++) {
    const r = rand();
    const base = order[cumulative.findIndex((c) => r <= c)] ?? order[order.length - 1]!;
    const variations: string[] = [];
    if (rand() < 0.6) {
      variations.push(pick(names, rand));
      if (rand() < 0.35) variations.push(pick(names, rand));
    }
    const text = variations.reduce((t, name) => VARIATIONS[name]!(t, rand), base);
    messages.push({ base, text, variations });
  }
  return messages;
}

/**
 * Hit ratio of normalised keys against exact-text keys (the old method) on the same workload, through
 * `cachedAnalysis` as the app uses it, and what folding costs: how often a hit serves an analysis whose
 * labels, scores or flags differ from the message's own, loses a safety flag, or carries evidence that is
 * not in the message (after re-anchoring).
 */
async function hitRatios(messages: { base: string; text: string }[]) {
  const analyzer = createAnalyzer(loadKnowledgeBase());
  const normalised = createMemoryCache({ prefix: 'bn', ttlSeconds: TTLS, logger, maxEntries: 1e6, maxBytes: 1 << 30 });
  const exactText = createMemoryCache({ prefix: 'be', ttlSeconds: TTLS, logger, maxEntries: 1e6, maxBytes: 1 << 30 });
  const labels = (r: AnalysisResult) =>
    JSON.stringify([
      r.primary,
      r.offTopic,
      r.normalAgeing,
      r.safety,
      r.m2?.id,
      r.m2?.score,
      ...[r.m1, r.m3, r.m4].map((l) => l.map((x) => [x.id, x.score])),
    ]);
  let normalisedHits = 0;
  let differentAnswer = 0;
  let safetyLost = 0;
  let foreignEvidence = 0;
  const throughCache = cachedAnalysis(normalised, analyzer);
  for (const { text } of messages) {
    const hitsBefore = (await normalised.stats()).namespaces.analysis.hits;
    const served = await throughCache(text);
    await exactText.cached('analysis', [exact(text), exact(analyzer.knowledgeVersion)], () => analyzer.analyze(text));
    if ((await normalised.stats()).namespaces.analysis.hits === hitsBefore) continue;
    normalisedHits++;
    const own = analyzer.analyze(text);
    if (labels(served) !== labels(own)) differentAnswer++;
    if (own.safety.some((flag) => !served.safety.includes(flag))) safetyLost++;
    const evidence = [...served.m1, ...served.m3, ...(served.m2 ? [served.m2] : [])].flatMap((l) => l.evidence);
    if (evidence.some((e) => !text.includes(e))) foreignEvidence++;
  }
  const n = (await normalised.stats()).namespaces.analysis;
  const e = (await exactText.stats()).namespaces.analysis;
  const distinctBases = new Set(messages.map((m) => m.base)).size;
  const round = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);
  return {
    messages: messages.length,
    distinctQuestions: distinctBases,
    variedShare: round(messages.filter((m) => m.text !== m.base).length / messages.length),
    hitRatioNormalisedKeys: round(n.hitRatio),
    hitRatioExactTextKeys: round(e.hitRatio),
    /** The best any exact-match cache can do: every distinct question misses once. */
    hitRatioCeiling: round(1 - distinctBases / messages.length),
    entriesNormalised: n.keys,
    entriesExactText: e.keys,
    analysisThroughNormalisedKeys: {
      hits: normalisedHits,
      differentAnswer,
      safetyFlagLost: safetyLost,
      evidenceNotInMessage: foreignEvidence,
    },
  };
}

/** Cache-hit latency of POST /api/analyze, end to end over HTTP on loopback. */
async function analyzeLatency(env: Record<string, string>, texts: string[], requests: number) {
  const app = await buildApp(loadConfig({ RATE_LIMIT_API_PER_MIN: '0', LOG_LEVEL: 'silent', ...env }), logger);
  try {
    for (let i = 0; i < 200 && app.cache.backend !== 'memory' && !(await app.cache.stats()).connected; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await app.server.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.server.address() as AddressInfo;
    const post = async (text: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/analyze`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      await res.arrayBuffer();
      return res.status;
    };
    const status = await post(texts[0]!);
    if (status !== 200) return { skipped: `POST /api/analyze answered ${status}` };
    const sample = texts.slice(0, 150);
    const misses = await timeEach(sample.length, (i) => post(sample[i]!));
    const hits = await timeEach(requests, (i) => post(sample[i % sample.length]!));
    const stats = await app.cache.stats();
    return {
      backend: stats.backend,
      hit: summarise(hits),
      missDistinctMessages: summarise(misses),
      analysisHitRatio: stats.namespaces.analysis.hitRatio,
      cacheErrors: stats.namespaces.analysis.errors,
    };
  } finally {
    await app.close();
  }
}

/** What the cache layer (canonical key, SHA-256, JSON, counting, timeout guard) adds to a raw GET of the same value. */
async function overheadOverRawGet(target: { url?: string; clusterNodes?: string }, requests: number) {
  const client = connectRedis({ ...target, logger });
  await new Promise((resolve) => client.once('ready', resolve));
  const cache = createRedisCache({ client, prefix: 'bench', ttlSeconds: TTLS, logger, opTimeoutMs: 1000 });
  const memory = createMemoryCache({ prefix: 'bench', ttlSeconds: TTLS, logger, maxEntries: 1000, maxBytes: 1 << 26 });
  try {
    const text = '媽媽最近常常忘記剛吃過飯，還一直說我們沒給她吃，晚上也睡不好，這樣是失智嗎？';
    const value = {
      primary: 'M1',
      m1: [{ id: 'M1-01', score: 0.82, evidence: ['忘記剛吃過飯'] }],
      m3: [{ id: 'M3-05', score: 0.41, evidence: ['晚上也睡不好'] }],
      pad: 'x'.repeat(1500),
    };
    await cache.set('analysis', [text, 'kb-bench'], value);
    await memory.set('analysis', [text, 'kb-bench'], value);
    const rawKey = createKeyScheme('bench').key('analysis', [text, 'kb-bench']);
    const contenders = {
      raw: () => client.get(rawKey),
      redis: () => cache.get('analysis', [text, 'kb-bench']),
      memory: () => memory.get('analysis', [text, 'kb-bench']),
    };
    const samples = { raw: [] as number[], redis: [] as number[], memory: [] as number[] };
    // Interleaved, so drift in machine load affects every contender alike; the first 500 rounds warm up.
    for (let i = 0; i < requests + 500; i++) {
      for (const name of ['raw', 'redis', 'memory'] as const) {
        const start = performance.now();
        await contenders[name]();
        if (i >= 500) samples[name].push(performance.now() - start);
      }
    }
    const raw = summarise(samples.raw);
    const layered = summarise(samples.redis);
    const inMemory = summarise(samples.memory);
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return {
      valueBytes: JSON.stringify(value).length,
      rawRedisGet: raw,
      cacheGetRedis: layered,
      cacheGetMemory: inMemory,
      overheadP50Ms: round(layered.p50Ms - raw.p50Ms),
      overheadP99Ms: round(layered.p99Ms - raw.p99Ms),
    };
  } finally {
    await cache.close();
    await memory.close();
    client.disconnect();
  }
}

export default async function cacheBench(): Promise<Record<string, unknown>> {
  const texts = devTexts();
  const redis = await spawnRedis();
  const cluster = await spawnRedisCluster();
  try {
    const workload = zipfWorkload(texts);
    return {
      zipfRepeatWorkload: await hitRatios(workload),
      overheadOverRawGet: await overheadOverRawGet({ url: redis.url }, 5000),
      overheadOverRawGetCluster: await overheadOverRawGet({ clusterNodes: cluster.nodes }, 5000),
      analyzeHitLatencyMemory: await analyzeLatency({}, texts, 2000),
      analyzeHitLatencyRedis: await analyzeLatency({ REDIS_URL: redis.url }, texts, 2000),
      analyzeHitLatencyRedisCluster: await analyzeLatency({ REDIS_CLUSTER_NODES: cluster.nodes }, texts, 2000),
    };
  } finally {
    await redis.stop();
    await cluster.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await cacheBench()));
}
