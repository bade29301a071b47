import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/analysis/analyzer.js';
import { emptyAnalysis } from '../../src/analysis/empty-analysis.js';
import { evaluate } from '../../src/analysis/evaluate.js';
import type { AnalysisResult } from '../../src/analysis/types.js';
import { readFixture } from './helpers.js';

const analyzer = createAnalyzer();
const ids = (labels: Array<{ id: string }>) => labels.map((l) => l.id);

function expectContract(r: AnalysisResult, original: string) {
  expect(Object.keys(r).sort()).toEqual(
    ['knowledgeVersion', 'm1', 'm2', 'm3', 'm4', 'normalAgeing', 'offTopic', 'primary', 'safety'].sort(),
  );
  expect(r.knowledgeVersion).toMatch(/^[0-9a-f]{12}$/);
  for (const list of [r.m1, r.m3, r.m4]) {
    for (let i = 0; i < list.length; i++) {
      expect(list[i]!.score).toBeGreaterThan(0);
      expect(list[i]!.score).toBeLessThanOrEqual(1);
      if (i > 0) expect(list[i]!.score).toBeLessThanOrEqual(list[i - 1]!.score);
    }
  }
  for (const l of [...r.m1, ...r.m3, ...(r.m2 ? [r.m2] : [])]) {
    expect(l.evidence.length).toBeGreaterThan(0);
    for (const e of l.evidence) expect(original).toContain(e);
  }
  if (r.offTopic) expect(r).toMatchObject({ primary: null, m1: [], m2: null, m3: [], m4: [] });
}

describe('analyze: M1 warning signs', () => {
  it('reads repeated questions as memory loss and asks for no resource', () => {
    const r = analyzer.analyze('我爸最近同一個問題一個早上問了十幾次，跟他說過了還是一直問，這是失智嗎？');
    expect(r.primary).toBe('M1');
    expect(ids(r.m1)[0]).toBe('M1-01');
    expect(r.m4).toEqual([]);
  });

  it('ignores negated signs', () => {
    const negated = analyzer.analyze('我媽沒有迷路過，也還不會忘記關火，只是最近比較不愛出門');
    expect(ids(negated.m1)).not.toContain('M1-04');
    expect(ids(negated.m1)).toContain('M1-09');
    const plain = analyzer.analyze('我媽最近在家附近迷路，還忘記關火');
    expect(ids(plain.m1)).toContain('M1-04');
  });

  it('recognises normal ageing: recalled later, retraced, slow with a new phone', () => {
    for (const text of [
      '我爸偶爾會想不起鄰居的名字，過一下子自己就想起來了，正常嗎',
      '媽媽有時找不到老花眼鏡，回頭想一下剛剛在哪裡就找到了',
      'My grandad takes ages to learn his new tablet but gets there in the end. Is that normal?',
    ]) {
      const r = analyzer.analyze(text);
      expect(r, text).toMatchObject({ primary: 'M1', normalAgeing: true, m1: [], m2: null });
    }
  });

  it('gives M1 labels only to people not diagnosed (MCI counts as not diagnosed)', () => {
    const undiagnosed = analyzer.analyze('婆婆最近常常忘記剛吃過飯，一直說還沒吃');
    expect(ids(undiagnosed.m1)).toContain('M1-01');
    const diagnosed = analyzer.analyze('婆婆確診輕度失智，最近常常忘記剛吃過飯，一直說還沒吃，這樣會越來越嚴重嗎');
    expect(diagnosed.m1).toEqual([]);
    expect(diagnosed.primary).toBe('M2');
    expect(diagnosed.m2?.id).toBe('mild');
    const mci = analyzer.analyze('醫生說爸爸是輕度認知障礙，最近約好的事常常忘記');
    expect(mci.m2?.id).toBe('very_mild');
    expect(ids(mci.m1)).toContain('M1-01');
  });

  it('does not take a suspicion of dementia for a diagnosis', () => {
    const r = analyzer.analyze('懷疑我媽有失智，她最近東西常放到冰箱，找不到就說被偷');
    expect(r.m1.length).toBeGreaterThan(0);
    expect(ids(r.m1)[0]).toBe('M1-07');
  });
});

describe('analyze: M2 stages', () => {
  it('records the stage described now, not a past one, and none for "between"', () => {
    expect(analyzer.analyze('我媽以前是輕度，現在洗澡穿衣都要人幫，是不是到中度了').m2?.id).toBe('moderate');
    expect(analyzer.analyze('醫生說阿公介於中度和重度之間，接下來會怎樣').m2).toBeNull();
    expect(analyzer.analyze('爸爸 CDR 3，整天臥床包尿布，還會持續多久').m2?.id).toBe('severe');
  });
});

describe('analyze: M3 behaviour', () => {
  it('finds the leading symptom and coping question', () => {
    const r = analyzer.analyze('我媽失智後每天傍晚就開始吵著要回家，在客廳走來走去，怎麼勸都沒用，要怎麼辦');
    expect(r.primary).toBe('M3');
    expect(ids(r.m3).slice(0, 2)).toEqual(expect.arrayContaining(['M3-11']));
  });

  it("keeps the caregiver's own sleep out of M3 (rule 3)", () => {
    const r = analyzer.analyze('照顧媽媽好累，我自己每天都睡不好，有沒有喘息服務可以申請');
    expect(r.primary).toBe('M4');
    expect(ids(r.m4)).toContain('M4-respite');
  });
});

describe('analyze: M4 resources', () => {
  it('maps requests to resources', () => {
    expect(ids(analyzer.analyze('長照要怎麼申請？打1966就可以嗎').m4)).toContain('M4-ltc');
    expect(ids(analyzer.analyze('想幫失智的爸爸辦愛心手鍊，要去哪裡申請').m4)).toContain('M4-safety');
    expect(ids(analyzer.analyze('懷疑我媽失智，要掛哪一科？').m4)).toContain('M4-medical');
    expect(ids(analyzer.analyze('意定監護要怎麼辦？我媽現在還清楚').m4)).toContain('M4-legal');
  });
});

describe('analyze: tense and safety context', () => {
  it('treats a past wandering episode as prevention and a current one as an emergency', () => {
    const past = analyzer.analyze('我爸以前走失過一次，想申請防走失手鍊');
    expect(past.safety).toEqual([]);
    expect(past.primary).toBe('M4');
    const now = analyzer.analyze('我爸早上出門到現在都還沒回來，附近都找過了');
    expect(now.safety).toEqual(['missing_person']);
    expect(now.primary).toBe('M4');
    expect(ids(now.m4)).toContain('M4-safety');
  });

  it('does not flag casual exaggeration', () => {
    const r = analyzer.analyze('今天陪阿公回診等了三小時，累死了哈哈，還好他心情不錯');
    expect(r.safety).toEqual([]);
  });
});

describe('analyze: off topic and word traps', () => {
  it('returns no labels for unrelated messages and dementia words about something else', () => {
    for (const text of [
      '今天中午要吃什麼好呢',
      '我家的老狗好像失智了，晚上一直亂叫，獸醫說是老化',
      '最近在追一部韓劇，男主角演阿茲海默症的爸爸，第幾集會完結？',
      '我是不是失智了，網銀密碼又忘記被鎖住了',
      '報告老師，我們小組的期末報告題目是失智症，可以用這張圖嗎',
    ]) {
      const r = analyzer.analyze(text);
      expect(r, text).toMatchObject({ primary: null, offTopic: true, m1: [], m2: null, m3: [], m4: [], safety: [] });
    }
  });
});

describe('analyze: languages and odd input', () => {
  it('reads Simplified Chinese with evidence from the original characters', () => {
    const text = '我妈最近老把钥匙放进冰箱，找不到就说是保姆偷的';
    const r = analyzer.analyze(text);
    expect(ids(r.m1)[0]).toBe('M1-07');
    expectContract(r, text);
    expect(r.m1[0]!.evidence.some((e) => e.includes('冰箱'))).toBe(true);
  });

  it('reads English', () => {
    const r = analyzer.analyze(
      'My mother has dementia and keeps seeing people in her room at night. How do we handle it?',
    );
    expect(r.primary).toBe('M3');
    expect(ids(r.m3)).toContain('M3-02');
  });

  it('reads full-width digits and letters', () => {
    expect(analyzer.analyze('阿公ＣＤＲ２，這樣還能維持多久').m2?.id).toBe('moderate');
  });

  it('answers clearly for empty, emoji-only, very long and random input', () => {
    const long = '阿嬤最近常忘記關火，'.repeat(200).slice(0, 2000);
    const randomBytes = Array.from({ length: 500 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
    for (const text of ['', '   ', '😭😭🙏', long, randomBytes, '\u0000\u0001\ud800']) {
      const r = analyzer.analyze(text);
      expectContract(r, text);
    }
    expect(analyzer.analyze('')).toEqual(emptyAnalysis(analyzer.knowledgeVersion, true));
    expect(emptyAnalysis('v1')).toMatchObject({ primary: null, offTopic: false, safety: [], m2: null });
    expect(analyzer.analyze('😭😭🙏')).toMatchObject({ primary: null, offTopic: true });
    expect(ids(analyzer.analyze(long).m1)).toContain('M1-01');
  });
});

const FIXTURES = [
  'own-messages.jsonl',
  'holdout-messages.jsonl',
  ...Array.from({ length: 23 }, (_, i) => `blind${i === 0 ? '' : i + 1}-messages.jsonl`),
];

describe('analyze: labelled fixtures', () => {
  const messages = FIXTURES.flatMap((name) => readFixture(name));

  it('keeps every result in the contract, evidence taken from the original text', () => {
    for (const m of messages) expectContract(analyzer.analyze(m.text), m.text);
  });

  it("flags every red flag in the engine's own labelled messages and raises no false alarm", () => {
    const metric = (name: string) => evaluate(analyzer, messages).metrics.find((m) => m.name === name)!;
    expect(metric('safety recall').value).toBe(1);
    expect(metric('safety false alarms').hits).toBe(0);
    expect(metric('off-topic recall').value).toBeGreaterThanOrEqual(0.95);
    expect(metric('primary accuracy').value).toBeGreaterThanOrEqual(0.85);
  });

  it('computes scores: stronger evidence gives a higher score', () => {
    const one = analyzer.analyze('媽媽最近常常忘記吃藥');
    const more = analyzer.analyze('媽媽最近常常忘記吃藥，同一件事一天問我十幾次，剛講完就忘');
    expect(more.m1[0]!.score).toBeGreaterThan(one.m1[0]!.score);
  });

  it('reports a knowledge version that changes with the lexicon', async () => {
    const { loadLexicon } = await import('../../src/analysis/lexicon.js');
    const lexicon = loadLexicon();
    const changed = structuredClone(lexicon);
    changed.m1['M1-01'][0]!.w += 0.5;
    expect(createAnalyzer(undefined, changed).knowledgeVersion).not.toBe(analyzer.knowledgeVersion);
    expect(createAnalyzer(undefined, lexicon).knowledgeVersion).toBe(analyzer.knowledgeVersion);
  });
});
