import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type LabelledMessage, labelledMessageSchema } from '../../src/analysis/evaluate.js';

/** A labelled .jsonl fixture of this folder. */
export function readFixture(name: string): LabelledMessage[] {
  const path = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => labelledMessageSchema.parse(JSON.parse(line)));
}
