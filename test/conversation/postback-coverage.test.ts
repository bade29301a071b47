import { describe, expect, it } from 'vitest';
import type { AnalysisResult, M1Id, M3Id, SafetyFlag } from '../../src/analysis/types.js';
import { createFeedbackStore } from '../../src/conversation/feedback.js';
import { routePostback } from '../../src/conversation/postback-router.js';
import { sessionFromAnalysis } from '../../src/conversation/session.js';
import { mediaReply, overviewReply, welcomeReply } from '../../src/flex/card-replies.js';
import { composeReply } from '../../src/flex/compose-reply.js';
import { decodePostback } from '../../src/flex/postback.js';
import { loadKnowledgeBase } from '../../src/knowledge/load.js';
import { testMemoryCache } from '../fixtures/test-cache.js';
import { lineProblems } from '../helpers/line-schema.js';

const kb = loadKnowledgeBase();

/** Every postback action anywhere in a set of messages (card buttons, box actions, quick replies). */
function postbackData(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(postbackData);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = o.type === 'postback' && typeof o.data === 'string' ? [o.data] : [];
  return [...own, ...Object.values(o).flatMap(postbackData)];
}

const everything: AnalysisResult = {
  primary: 'M1',
  offTopic: false,
  normalAgeing: true,
  safety: kb.safety.map((s) => s.id as SafetyFlag),
  m1: kb.m1.map((i) => ({ id: i.id as M1Id, score: 1, evidence: [] })),
  m2: { id: 'moderate', score: 1, evidence: [] },
  m3: kb.m3.map((i) => ({ id: i.id as M3Id, score: 1, evidence: [] })),
  m4: kb.m4.map((i) => ({ id: i.id, score: 1 })),
  knowledgeVersion: kb.version,
};

describe('every postback a reply can contain has a handler', () => {
  it('routes the closure of all postbacks reachable from every entry reply', async () => {
    const feedback = createFeedbackStore(testMemoryCache());
    const session = sessionFromAnalysis(everything, 0);
    const entries = [
      ...composeReply({ kb, analysis: everything }),
      ...composeReply({ kb, analysis: { ...everything, primary: 'M3' } }),
      ...composeReply({
        kb,
        analysis: { ...everything, safety: [], m1: [], m2: null, m3: [], m4: [], offTopic: true },
      }),
      ...welcomeReply(kb),
      ...overviewReply(kb),
      ...mediaReply(),
    ];
    const seen = new Set<string>();
    const queue = postbackData(entries);
    while (queue.length > 0) {
      const data = queue.shift() as string;
      if (seen.has(data)) continue;
      seen.add(data);
      expect(data.length).toBeLessThanOrEqual(300);
      expect(decodePostback(data), data).not.toBeNull();
      const reply = await routePostback(data, { kb, feedback, userHash: 'user-hash-1', session, now: 0 });
      expect(lineProblems(reply), data).toEqual([]);
      expect(JSON.stringify(reply), data).not.toContain('這個按鈕已經失效了');
      queue.push(...postbackData(reply));
    }
    // Every kind is reachable: overview, each sign, stage scale, symptoms' resources, feedback.
    const kinds = new Set([...seen].map((d) => d.split('|')[1]));
    expect([...kinds].sort()).toEqual(['fb', 'm1', 'm2', 'm4', 'ov'].sort());
    expect(seen.size).toBeGreaterThan(30);
  });
});
