import type { FastifyInstance } from 'fastify';
import type { AnalysisResult } from '../analysis/types.js';
import { BadRequestError } from './errors.js';

export const MAX_ANALYZE_CHARS = 2000;

/**
 * `POST /api/analyze {"text"}` → the analysis result; text must be 1–2000 characters after trimming.
 * Takes the Analyzer itself or the analysis through the cache (cache/cached-analysis.ts).
 */
export function registerAnalyzeRoute(
  server: FastifyInstance,
  analyzer: { analyze(text: string): AnalysisResult | Promise<AnalysisResult> },
): void {
  server.post('/api/analyze', async (request) => {
    const body = request.body as { text?: unknown } | null | undefined;
    const text = typeof body?.text === 'string' ? body.text.trim() : undefined;
    if (text === undefined) throw new BadRequestError('Send JSON like {"text": "媽媽最近常常忘記關火"}.');
    if (text.length === 0) throw new BadRequestError('"text" is empty: write the message to analyse.');
    const length = [...text].length;
    if (length > MAX_ANALYZE_CHARS) {
      throw new BadRequestError(`"text" is ${length} characters; the limit is ${MAX_ANALYZE_CHARS}.`, {
        limit: MAX_ANALYZE_CHARS,
        length,
      });
    }
    return await analyzer.analyze(text);
  });
}
