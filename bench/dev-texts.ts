import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The dev texts when ../shared is present, else the labelled messy set in the repository. */
export function devTexts(): string[] {
  const dev = fileURLToPath(new URL('../../shared/eval/dev.jsonl', import.meta.url));
  const own = fileURLToPath(new URL('../test/fixtures/eval/messy.jsonl', import.meta.url));
  return readFileSync(existsSync(dev) ? dev : own, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

/** The p-quantile (0..1) of ascending samples. */
export const percentile = (sorted: ArrayLike<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
