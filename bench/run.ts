import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Runs every `bench/*.bench.ts` (default export: an async function returning a result object) in
 * sequence, or only the names given as arguments (`npm run bench -- analysis`), printing one JSON line each.
 */
const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = new Set(process.argv.slice(2));
const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
let failed = false;
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  if (wanted.size > 0 && !wanted.has(name)) continue;
  const mod = (await import(pathToFileURL(`${dir}${file}`).href)) as { default: () => Promise<object> };
  try {
    const result = await mod.default();
    process.stdout.write(`${JSON.stringify({ benchmark: name, ...result })}\n`);
  } catch (err) {
    failed = true;
    process.stdout.write(`${JSON.stringify({ benchmark: name, error: String(err) })}\n`);
  }
}
if (failed) process.exitCode = 1;
