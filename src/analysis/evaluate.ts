import { z } from 'zod';
import type { AnalysisResult, Analyzer } from './types.js';

/** One labelled message (../shared/eval/*.jsonl). */
export const labelledMessageSchema = z.object({
  id: z.string(),
  text: z.string(),
  primary: z.enum(['M1', 'M2', 'M3', 'M4', 'none']),
  m1: z.array(z.string()),
  m2: z.enum(['very_mild', 'mild', 'moderate', 'severe']).nullable(),
  m3: z.array(z.string()),
  m4: z.array(z.string()),
  safety: z.array(z.string()),
  off_topic: z.boolean(),
  note: z.string().optional(),
});
export type LabelledMessage = z.infer<typeof labelledMessageSchema>;

export interface Metric {
  name: string;
  value: number;
  hits: number;
  total: number;
  /** The target from the issue, when there is one. */
  target?: { op: '>=' | '<='; value: number };
}

export interface Miss {
  id: string;
  metric: string;
  expected: unknown;
  got: unknown;
}

export interface Evaluation {
  count: number;
  metrics: Metric[];
  misses: Miss[];
}

const isNormalAgeing = (m: LabelledMessage) =>
  m.primary === 'M1' && m.m1.length === 0 && m.m2 === null && !m.off_topic && m.safety.length === 0;

/** Runs the analyzer over labelled messages and computes the metrics of ../shared/eval/README.md. */
export function evaluate(analyzer: Analyzer, messages: readonly LabelledMessage[]): Evaluation {
  const misses: Miss[] = [];
  const counters = new Map<string, { hits: number; total: number }>();
  /** Adds `h` hits out of `n` to a metric; `missed` says whether to list the message as a miss. */
  const count = (
    name: string,
    hit: boolean,
    id: string,
    expected: unknown,
    got: unknown,
    n = 1,
    h = hit ? 1 : 0,
    missed = h < n,
  ) => {
    const c = counters.get(name) ?? { hits: 0, total: 0 };
    c.hits += h;
    c.total += n;
    counters.set(name, c);
    if (missed) misses.push({ id, metric: name, expected, got });
  };

  for (const m of messages) {
    const r: AnalysisResult = analyzer.analyze(m.text);
    const primary = r.primary ?? 'none';
    count('primary accuracy', primary === m.primary, m.id, m.primary, primary);
    if (m.m1.length > 0) {
      const ids = r.m1.map((l) => l.id as string);
      count('M1 top-1', m.m1.includes(ids[0] ?? ''), m.id, m.m1, ids);
      const found = m.m1.filter((id) => ids.slice(0, 3).includes(id)).length;
      count('M1 recall@3', found === m.m1.length, m.id, m.m1, ids, m.m1.length, found);
    }
    if (m.m3.length > 0) {
      const ids = r.m3.map((l) => l.id as string);
      count('M3 top-1', m.m3.includes(ids[0] ?? ''), m.id, m.m3, ids);
      const found = m.m3.filter((id) => ids.slice(0, 3).includes(id)).length;
      count('M3 recall@3', found === m.m3.length, m.id, m.m3, ids, m.m3.length, found);
    }
    const stage = r.m2?.id ?? null;
    if (m.m2 !== null) count('M2 stage accuracy', stage === m.m2, m.id, m.m2, stage);
    if (!m.off_topic) count('M2 stage (all on-topic, incl. none)', stage === m.m2, m.id, m.m2, stage);
    if (m.m4.length > 0) {
      const ids = r.m4.map((l) => l.id as string);
      const found = m.m4.filter((id) => ids.includes(id)).length;
      count('M4 recall', found === m.m4.length, m.id, m.m4, ids, m.m4.length, found);
    }
    if (m.safety.length > 0) {
      const found = m.safety.filter((f) => (r.safety as string[]).includes(f)).length;
      count('safety recall', found === m.safety.length, m.id, m.safety, r.safety, m.safety.length, found);
    } else {
      const alarm = r.safety.length > 0;
      count('safety false alarms', alarm, m.id, [], r.safety, 1, alarm ? 1 : 0, alarm);
    }
    if (m.off_topic) count('off-topic recall', r.offTopic, m.id, true, r.offTopic);
    else count('on-topic kept', !r.offTopic, m.id, false, r.offTopic);
    if (isNormalAgeing(m)) {
      count(
        'normal-ageing specificity',
        r.m1.length === 0,
        m.id,
        [],
        r.m1.map((l) => l.id),
      );
      count('normal-ageing flagged', r.normalAgeing, m.id, true, r.normalAgeing);
    }
  }

  const targets: Record<string, Metric['target']> = {
    'primary accuracy': { op: '>=', value: 0.9 },
    'M1 top-1': { op: '>=', value: 0.9 },
    'M3 top-1': { op: '>=', value: 0.9 },
    'M2 stage accuracy': { op: '>=', value: 0.85 },
    'M4 recall': { op: '>=', value: 0.85 },
    'safety recall': { op: '>=', value: 1 },
    'safety false alarms': { op: '<=', value: 0.02 },
    'off-topic recall': { op: '>=', value: 0.95 },
    'normal-ageing specificity': { op: '>=', value: 0.9 },
  };
  const metrics = [...counters].map(([name, c]) => ({
    name,
    value: c.total === 0 ? 0 : c.hits / c.total,
    hits: c.hits,
    total: c.total,
    ...(targets[name] ? { target: targets[name] } : {}),
  }));
  return { count: messages.length, metrics, misses };
}

export function metTarget(m: Metric): boolean | undefined {
  if (!m.target) return undefined;
  return m.target.op === '>=' ? m.value >= m.target.value - 1e-9 : m.value <= m.target.value + 1e-9;
}
