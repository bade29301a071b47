import { existsSync, readFileSync } from 'node:fs';
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

/** The texts of ../shared/eval/dev.jsonl, or none on a checkout without the shared folder. */
export function devTexts(): string[] {
  const path = new URL('../../../shared/eval/dev.jsonl', import.meta.url);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
}
