import type { AnalysisResult } from '../analysis/types.js';
import type { KnowledgeBase } from '../knowledge/schema.js';
import { type ContextItem, selectContext } from './context.js';
import { scrubPii } from './pii.js';
import { estimateTokens } from './tokens.js';

/** Bump whenever the system instruction, the context layout or the output schema changes (cache key part). */
export const PROMPT_VERSION = 'p1';

/**
 * Sent first and byte-identical on every call, so Gemini's implicit prefix caching can apply.
 * The rules mirror CareLine's safety policy: no diagnosis, no drugs or doses, nothing outside the context.
 */
export const SYSTEM_INSTRUCTION = [
  '你是 CareLine 的照護顧問，陪伴台灣的失智症家庭照顧者。請用自然、溫暖、簡短的繁體中文（台灣用語）回答。',
  '規則：',
  '1. 只能根據「參考資料」中的內容回答；不要加入參考資料以外的事實、機構、網址或電話。',
  '2. 不做診斷：不可說長輩「確診」或「就是失智症」，只能說哪些情況值得注意、建議找醫師評估。',
  '3. 不提任何藥物名稱、劑量或用藥調整；涉及用藥請建議詢問醫師或藥師。',
  '4. 如果照顧者提到緊急危險（走失、受傷、想傷害自己或他人），請提醒立即撥打 110 或 119。',
  '5. summary：一到兩句、最多 120 個字，先同理照顧者，再說重點。',
  '6. nextSteps：2 到 4 個具體、今天就做得到的下一步，每項一句。',
  '7. followUpQuestion：可選，一個幫助了解狀況的提問。',
  '8. usedIds：列出你實際用到的參考資料編號（方括號內的編號），只能用參考資料中出現的編號。',
  '只輸出符合指定結構的 JSON。',
].join('\n');

export interface BuiltPrompt {
  systemInstruction: string;
  /** The user turn: the context first, the caregiver's (scrubbed) question last and whole. */
  userText: string;
  context: ContextItem[];
  /** Pre-call estimate of promptTokenCount, for budgeting only. */
  estimatedPromptTokens: number;
}

export interface PromptOptions {
  topK: number;
  contextTokenBudget: number;
}

export function buildPrompt(
  text: string,
  analysis: AnalysisResult,
  kb: KnowledgeBase,
  options: PromptOptions,
): BuiltPrompt {
  const context = selectContext(analysis, kb, options.topK, options.contextTokenBudget);
  const question = scrubPii(text.normalize('NFKC').trim());
  const userText = ['參考資料：', ...context.map((c) => c.text), '', '照顧者的訊息：', question].join('\n');
  return {
    systemInstruction: SYSTEM_INSTRUCTION,
    userText,
    context,
    estimatedPromptTokens: estimateTokens(SYSTEM_INSTRUCTION) + estimateTokens(userText),
  };
}
