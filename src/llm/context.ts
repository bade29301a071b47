import type { AnalysisResult, ModuleId } from '../analysis/types.js';
import type { KnowledgeBase } from '../knowledge/schema.js';
import { estimateTokens, truncateToTokens } from './tokens.js';

/** One knowledge item as the model sees it: its taxonomy id and a compact text block. */
export interface ContextItem {
  id: string;
  text: string;
}

interface Candidate {
  id: string;
  module: ModuleId;
  score: number;
}

/**
 * The analysis ids to ground on, best first: the primary module's ids in the engine's order, then the rest
 * by score. Safety items are never part of the LLM context (the safety card answers those at once).
 */
export function rankIds(analysis: AnalysisResult): string[] {
  const all: Candidate[] = [
    ...analysis.m1.map((l) => ({ id: l.id, module: 'M1' as const, score: l.score })),
    ...(analysis.m2 ? [{ id: analysis.m2.id, module: 'M2' as const, score: analysis.m2.score }] : []),
    ...analysis.m3.map((l) => ({ id: l.id, module: 'M3' as const, score: l.score })),
    ...analysis.m4.map((l) => ({ id: l.id, module: 'M4' as const, score: l.score })),
  ];
  const primary = all.filter((c) => c.module === analysis.primary);
  const rest = all.filter((c) => c.module !== analysis.primary).sort((a, b) => b.score - a.score);
  return [...new Set([...primary, ...rest].map((c) => c.id))];
}

/** Joins list items and ends the run with a full stop, so fields read as separate sentences. */
const join = (items: readonly string[]) => sentence(items.map((i) => i.replace(/[。；，\s]+$/u, '')).join('；'));
const sentence = (text: string) => (/[。！？]$/u.test(text) ? text : `${text}。`);

/** The text block of one knowledge item, or undefined when the id is not in the knowledge base. */
export function renderItem(kb: KnowledgeBase, id: string): string | undefined {
  const m1 = kb.m1.find((i) => i.id === id);
  if (m1) {
    return `[${id}] 失智警訊：${m1.name}。${sentence(m1.summary)}警訊：${sentence(m1.warningSign)}正常老化：${sentence(m1.normalAgeing)}建議：${join(m1.nextSteps)}`;
  }
  const m2 = kb.m2.find((i) => i.id === id);
  if (m2) {
    return `[${id}] 病程：${m2.name}（CDR ${m2.cdr}）。${sentence(m2.summary)}可能出現：${join(m2.expect)}照顧重點：${join(m2.careFocus)}`;
  }
  const m3 = kb.m3.find((i) => i.id === id);
  if (m3) {
    return `[${id}] 行為症狀：${m3.name}。${sentence(m3.description)}常見誘因：${join(m3.triggers)}因應：${join(m3.strategies)}何時就醫：${sentence(m3.seeDoctor)}`;
  }
  const m4 = kb.m4.find((i) => i.id === id);
  if (m4) {
    // URLs stay out of the prompt (the cards link them); names and phone numbers stay so answers can cite them.
    const resources = m4.resources.map(
      (r) =>
        `${r.name}：${[r.provides, r.eligibility, r.howToApply, r.phone && `電話 ${r.phone}`]
          .filter((f): f is string => Boolean(f))
          .map(sentence)
          .join('')}`,
    );
    return `[${id}] 資源：${m4.name}。${sentence(m4.summary)}${resources.map((r) => `（${r}）`).join('')}`;
  }
  return undefined;
}

/**
 * The top-k items for the analysis, each added whole while the running estimate fits `tokenBudget`; the
 * first item is cut to fit when it alone is larger, so a prompt always has some grounding.
 */
export function selectContext(
  analysis: AnalysisResult,
  kb: KnowledgeBase,
  topK: number,
  tokenBudget: number,
): ContextItem[] {
  const out: ContextItem[] = [];
  let used = 0;
  for (const id of rankIds(analysis)) {
    if (out.length >= topK) break;
    const text = renderItem(kb, id);
    if (!text) continue;
    const cost = estimateTokens(text) + 1;
    if (used + cost <= tokenBudget) {
      out.push({ id, text });
      used += cost;
    } else if (out.length === 0) {
      out.push({ id, text: truncateToTokens(text, tokenBudget - 1) });
      break;
    }
  }
  return out;
}
