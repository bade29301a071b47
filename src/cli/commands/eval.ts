import { readFile } from 'node:fs/promises';
import { createAnalyzer } from '../../analysis/analyzer.js';
import { evaluate, labelledMessageSchema, metTarget } from '../../analysis/evaluate.js';
import { loadKnowledgeBase } from '../../knowledge/load.js';
import { type Command, UsageError } from './command.js';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'measure the analyzer on a labelled .jsonl file (metrics table and misses)',
  usage: 'careline eval <file.jsonl> [--json]',
  async run(args, io) {
    const file = args.find((a) => !a.startsWith('--'));
    if (!file) throw new UsageError('give a labelled .jsonl file, e.g. careline eval ../shared/eval/dev.jsonl');
    const messages = (await readFile(file, 'utf8'))
      .split('\n')
      .map((line, i) => [line.trim(), i + 1] as const)
      .filter(([line]) => line.length > 0)
      .map(([line, n]) => {
        const parsed = labelledMessageSchema.safeParse(JSON.parse(line));
        if (!parsed.success) throw new UsageError(`${file}:${n}: ${parsed.error.issues[0]?.message}`);
        return parsed.data;
      });
    const result = evaluate(createAnalyzer(loadKnowledgeBase()), messages);
    if (args.includes('--json')) {
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const rows = result.metrics.map((m) => {
      const ok = metTarget(m);
      const target = m.target ? `${m.target.op} ${m.target.value.toFixed(2)}` : '';
      const mark = ok === undefined ? '' : ok ? 'ok' : 'MISS';
      return [m.name, m.value.toFixed(3), `${m.hits}/${m.total}`, target, mark];
    });
    const header = ['metric', 'value', 'n', 'target', ''];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    io.stdout.write(`${result.count} messages\n\n${line(header)}\n${line(widths.map((n) => '-'.repeat(n)))}\n`);
    for (const r of rows) io.stdout.write(`${line(r)}\n`);
    if (result.misses.length > 0) {
      io.stdout.write(`\nmisses (${result.misses.length})\n`);
      for (const m of result.misses) {
        io.stdout.write(
          `  ${m.id}  ${m.metric}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.got)}\n`,
        );
      }
    }
    return 0;
  },
};
