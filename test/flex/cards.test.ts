import { describe, expect, it } from 'vitest';
import { emptyAnalysis } from '../../src/analysis/empty-analysis.js';
import type { AnalysisResult, M1Id, M3Id, M4Id, SafetyFlag, StageId } from '../../src/analysis/types.js';
import { m1Reply, m2Reply, m4Reply, mediaReply, overviewReply, welcomeReply } from '../../src/flex/card-replies.js';
import { enrichmentCard } from '../../src/flex/cards/enrichment.js';
import { m3Card } from '../../src/flex/cards/m3-symptom.js';
import { normalAgeingCard } from '../../src/flex/cards/normal-ageing.js';
import { offTopicCard } from '../../src/flex/cards/off-topic.js';
import { safetyCard } from '../../src/flex/cards/safety.js';
import { DISCLAIMER } from '../../src/flex/components.js';
import { composeReply } from '../../src/flex/compose-reply.js';
import { loadKnowledgeBase } from '../../src/knowledge/load.js';
import { lineProblems } from '../helpers/line-schema.js';

const kb = loadKnowledgeBase();
const flex = (contents: unknown) => ({ type: 'flex', altText: '測試', contents });

const M1: M1Id[] = kb.m1.map((i) => i.id as M1Id);
const M3: M3Id[] = kb.m3.map((i) => i.id as M3Id);
const M4: M4Id[] = kb.m4.map((i) => i.id);
const STAGES: StageId[] = ['very_mild', 'mild', 'moderate', 'severe'];
const FLAGS: SafetyFlag[] = ['missing_person', 'medical_emergency', 'self_harm', 'violence'];

function texts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(texts);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  return [...(o.type === 'text' && typeof o.text === 'string' ? [o.text] : []), ...Object.values(o).flatMap(texts)];
}

function expectValid(messages: unknown[]) {
  expect(lineProblems(messages)).toEqual([]);
  for (const m of messages as { type: string; contents?: unknown }[]) {
    if (m.type !== 'flex') continue;
    const c = m.contents as { type: string; contents?: unknown[] };
    const bubbles = c.type === 'carousel' ? (c.contents ?? []) : [c];
    for (const b of bubbles) expect(texts(b)).toContain(DISCLAIMER);
  }
}

const analysis = (over: Partial<AnalysisResult>): AnalysisResult => ({ ...emptyAnalysis(kb.version), ...over });

describe('every card validates against LINE and carries the disclaimer and sources', () => {
  it.each(M1)('M1 card %s', (id) => expectValid(m1Reply(kb, id)));
  it.each(M3)('M3 card %s', (id) => expectValid([flex(m3Card(kb, id, ['晚上一直吵']))]));
  it.each(M4)('M4 card %s', (id) => expectValid(m4Reply(kb, id)));
  it.each(STAGES)('M2 card %s', (id) => {
    expectValid(m2Reply(kb, { shown: id, estimate: id, evidence: ['常常忘記'] }));
    expectValid(m2Reply(kb, { shown: id }));
  });
  it.each(FLAGS)('safety card %s has tel: buttons for its numbers', (flag) => {
    const bubble = safetyCard(kb, flag);
    expectValid([flex(bubble)]);
    const uris = JSON.stringify(bubble).match(/tel:\d+/g);
    const item = kb.safety.find((s) => s.id === flag);
    expect(uris).toEqual(item?.calls.map((c) => `tel:${c.phone.replace(/-/g, '')}`));
  });
  it('normal ageing, overview, welcome, off-topic, media', () => {
    expectValid([flex(normalAgeingCard(kb))]);
    const overview = overviewReply(kb);
    expectValid(overview);
    expect((overview[0] as { contents: { contents: unknown[] } }).contents.contents).toHaveLength(10);
    expectValid(welcomeReply(kb));
    expectValid([flex(offTopicCard(kb))]);
    expectValid(mediaReply());
  });
  it('shows source names', () => {
    const footerLine = texts(m3Card(kb, 'M3-03')).find((t) => t.startsWith('資料來源：')) ?? '';
    const publishers = kb.m3[2]?.sources.map((id) => kb.sources.find((s) => s.id === id)?.publisher) ?? [];
    expect(publishers.length).toBeGreaterThan(0);
    for (const p of publishers) expect(footerLine).toContain(p);
    const welcomeSources = texts(welcomeReply(kb)).find((t) => t.startsWith('資料來源：')) ?? '';
    expect(welcomeSources).toMatch(/^資料來源：[^、]+(、[^、]+){3} 等$/);
  });
  it('enrichment card is marked as AI-generated and lists the sources it used', () => {
    const bubble = enrichmentCard(kb, {
      summary: '媽媽的情況值得留意。',
      nextSteps: ['記錄發生的時間', '預約記憶門診'],
      usedIds: ['M1-01'],
      model: 'test-model',
    });
    expectValid([flex(bubble)]);
    expect(texts(bubble).join('\n')).toMatch(/AI 依 CareLine 知識庫整理/);
    expect(texts(bubble)).toContain('資料來源：美國阿茲海默症協會、臺灣失智症協會、臺中慈濟醫院');
  });
});

describe('composeReply', () => {
  it('puts the safety card first, then one carousel of module cards with quick replies', () => {
    const msgs = composeReply({
      kb,
      analysis: analysis({
        primary: 'M3',
        safety: ['missing_person'],
        m1: [{ id: 'M1-04', score: 2, evidence: ['不知道自己在哪'] }],
        m3: [{ id: 'M3-03', score: 3, evidence: ['一直吵'] }],
        m4: [{ id: 'M4-safety', score: 1 }],
      }),
    });
    expectValid(msgs);
    expect(msgs).toHaveLength(2);
    expect(JSON.stringify(msgs[0])).toContain(kb.safety[0]?.name);
    const carousel = (msgs[1] as { contents: { type: string; contents: unknown[] } }).contents;
    expect(carousel.type).toBe('carousel');
    expect(texts(carousel.contents[0])).toContain(kb.m3[2]?.name); // primary module first
    expect(msgs[0]).not.toHaveProperty('quickReply');
    expect((msgs[1] as { quickReply: { items: unknown[] } }).quickReply.items.length).toBeGreaterThan(0);
  });

  it('leaves out a quote that sits inside a longer one', () => {
    const quoted = texts(m3Card(kb, 'M3-03', ['吃過飯又說沒吃', '剛吃過飯又說沒吃', '一直罵人', '一直罵人']));
    expect(quoted.filter((t) => t.startsWith('「'))).toEqual(['「剛吃過飯又說沒吃」', '「一直罵人」']);
  });

  it('shows the caregiver’s words under 您提到', () => {
    const msgs = composeReply({
      kb,
      analysis: analysis({ primary: 'M1', m1: [{ id: 'M1-01', score: 2, evidence: ['剛吃過說沒吃'] }] }),
    });
    expect(texts(msgs)).toEqual(expect.arrayContaining(['您提到：', '「剛吃過說沒吃」']));
  });

  it('caps the carousel at 12 bubbles and stays valid with every label at once', () => {
    const msgs = composeReply({
      kb,
      analysis: analysis({
        primary: 'M1',
        normalAgeing: true,
        safety: [...FLAGS],
        m1: M1.map((id) => ({ id, score: 1, evidence: ['很長的描述'.repeat(30)] })),
        m2: { id: 'moderate', score: 1, evidence: ['需要人幫忙洗澡'] },
        m3: M3.map((id) => ({ id, score: 1, evidence: [] })),
        m4: M4.map((id) => ({ id, score: 1 })),
      }),
      enrichment: { summary: '摘要', nextSteps: ['一', '二'], usedIds: ['M1-01'], model: 'm' },
    });
    expectValid(msgs);
    // Still a carousel (least relevant cards left out to stay under 50 KB), not a text fallback.
    expect(msgs[1]?.type).toBe('flex');
    const carousel = (msgs[1] as { contents: { contents: unknown[] } }).contents;
    expect(carousel.contents.length).toBeLessThanOrEqual(12);
    expect(carousel.contents.length).toBeGreaterThan(6);
  });

  it('answers off-topic messages kindly with suggested questions', () => {
    const msgs = composeReply({ kb, analysis: analysis({ offTopic: true }) });
    expectValid(msgs);
    expect(texts(msgs).join()).toMatch(/專門陪伴照顧失智長輩的家人/);
  });

  it('asks for more when nothing was recognised', () => {
    const msgs = composeReply({ kb, analysis: analysis({}) });
    expectValid(msgs);
    expect(msgs[0]?.type).toBe('text');
  });

  it('falls back to plain text when a card cannot be built, and never sends nothing', () => {
    const broken = { ...kb, m3: kb.m3.filter((i) => i.id !== 'M3-03') };
    const issues: string[] = [];
    const msgs = composeReply({
      kb: broken,
      analysis: analysis({ primary: 'M3', m3: [{ id: 'M3-03', score: 1, evidence: [] }] }),
      onIssue: (i) => issues.push(i.card),
    });
    expectValid(msgs);
    expect(msgs[0]?.type).toBe('text');
    expect(issues).toEqual(['M3-03']);
  });

  it('falls back to the same content as text when a card breaks a LINE limit', () => {
    const long = { ...kb, m1: kb.m1.map((i) => ({ ...i, summary: '很長'.repeat(9000) })) };
    const msgs = composeReply({
      kb: long,
      analysis: analysis({ primary: 'M1', m1: [{ id: 'M1-01', score: 1, evidence: [] }] }),
    });
    expectValid(msgs);
    expect(msgs[0]?.type).toBe('text');
    expect((msgs[0] as { text: string }).text).toContain(kb.m1[0]?.name);
  });
});
