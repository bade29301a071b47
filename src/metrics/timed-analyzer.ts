import type { Histogram } from 'prom-client';
import type { Analyzer } from '../analysis/types.js';

/** The analyzer with each analysis timed into the latency histogram of /metrics. */
export function timedAnalyzer(analyzer: Analyzer, histogram: Histogram): Analyzer {
  return {
    knowledgeVersion: analyzer.knowledgeVersion,
    analyze(text) {
      const end = histogram.startTimer();
      try {
        return analyzer.analyze(text);
      } finally {
        end();
      }
    },
  };
}
