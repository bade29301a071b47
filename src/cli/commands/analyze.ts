import { createInterface } from 'node:readline';
import { createAnalyzer } from '../../analysis/analyzer.js';
import type { AnalysisResult } from '../../analysis/types.js';
import { loadKnowledgeBase } from '../../knowledge/load.js';
import { type Command, UsageError } from './command.js';

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'analyse a caregiver message offline (M1–M4, safety)',
  usage: 'careline analyze "文字" [--json]  |  careline analyze --jsonl < messages.txt',
  async run(args, io) {
    const json = args.includes('--json');
    const jsonl = args.includes('--jsonl');
    const text = args.filter((a) => !a.startsWith('--')).join(' ');
    const analyzer = createAnalyzer(loadKnowledgeBase());
    if (jsonl) {
      const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of lines) {
        // One result per input line, in order; an empty line gives an empty (off-topic) result.
        if (!io.stdout.write(`${JSON.stringify(analyzer.analyze(line))}\n`)) {
          await new Promise((resolve) => io.stdout.once('drain', resolve));
        }
      }
      // Everything written is flushed before the command returns (the dispatcher exits the process).
      await new Promise<void>((resolve) => io.stdout.write('', () => resolve()));
      return 0;
    }
    if (!text.trim()) throw new UsageError('give the message to analyse, e.g. careline analyze "媽媽一直問同樣的事"');
    const result = analyzer.analyze(text);
    io.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : summarise(result));
    return 0;
  },
};

const FLAG_NAMES: Record<string, string> = {
  missing_person: 'missing person now (call 110)',
  medical_emergency: 'acute medical emergency (call 119)',
  self_harm: 'self-harm risk (call 1925, or 119 if imminent)',
  violence: 'violence or abuse (call 113, or 110 if in danger)',
};

function summarise(r: AnalysisResult): string {
  const lines: string[] = [];
  const fmt = (l: { id: string; score: number; evidence?: string[] }) =>
    `${l.id} ${l.score.toFixed(2)}${l.evidence?.length ? `  「${l.evidence.join('」「')}」` : ''}`;
  for (const f of r.safety) lines.push(`SAFETY   ${FLAG_NAMES[f] ?? f}`);
  lines.push(`primary  ${r.primary ?? 'none'}${r.offTopic ? ' (off topic)' : ''}`);
  if (r.normalAgeing) lines.push('note     sounds like normal ageing');
  if (r.m1.length) lines.push(`M1       ${r.m1.map(fmt).join('\n         ')}`);
  if (r.m2) lines.push(`M2       ${fmt(r.m2)}`);
  if (r.m3.length) lines.push(`M3       ${r.m3.map(fmt).join('\n         ')}`);
  if (r.m4.length) lines.push(`M4       ${r.m4.map(fmt).join(', ')}`);
  lines.push(`version  ${r.knowledgeVersion}`);
  return `${lines.join('\n')}\n`;
}
