import type { KnowledgeBase } from '../knowledge/schema.js';

/**
 * The caregiver-facing knowledge content for CLI commands. Until the content loader lands the analyzer
 * runs on its lexicon alone.
 */
export async function loadKnowledgeForCli(): Promise<KnowledgeBase | undefined> {
  return undefined;
}
