import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/analysis/analyzer.js';

const analyzer = createAnalyzer();
const ids = (labels: Array<{ id: string }>) => labels.map((l) => l.id);

describe('analyze: primary decision rules', () => {
  it('reads a hypothetical as planning for a resource, a feared repeat as a symptom', () => {
    const plan = analyzer.analyze('萬一哪天我媽自己跑出去找不到人，要先報警嗎');
    expect(plan.primary).toBe('M4');
    expect(ids(plan.m4)).toContain('M4-safety');
    expect(ids(analyzer.analyze('萬一阿公半夜又開門跑出去怎麼辦').m3)).toContain('M3-10');
  });

  it('keeps the current stage when the next one is asked about', () => {
    const r = analyzer.analyze('我爸確診輕度失智，多久會進到中度？');
    expect(r).toMatchObject({ primary: 'M2', m2: { id: 'mild' } });
  });

  it('never calls a care question off-topic when no cue names the need', () => {
    const r = analyzer.analyze('我婆婆失智，有沒有推薦好穿脫的紙尿褲');
    expect(r).toMatchObject({ primary: 'M4', offTopic: false });
    expect(ids(r.m4)).toContain('M4-daily');
  });

  it('answers withdrawal in a diagnosed person as behaviour, in someone undiagnosed as a warning sign', () => {
    const diagnosed = analyzer.analyze('我媽失智兩年了，最近都不出門了，以前很愛去的廟也不去了');
    expect(diagnosed.primary).toBe('M3');
    expect(diagnosed.m1).toEqual([]);
    const undiagnosed = analyzer.analyze('我媽以前很愛去廟裡，最近都不出門了，這是失智的前兆嗎');
    expect(undiagnosed.primary).toBe('M1');
    expect(ids(undiagnosed.m1)).toContain('M1-09');
  });

  it("does not read the writer's own tears as the relative's low mood (rule 3)", () => {
    expect(ids(analyzer.analyze('我每天都在哭，我媽失智三年了，一直罵我').m3)).not.toContain('M3-04');
    expect(ids(analyzer.analyze('我媽失智三年了，每天都在哭').m3)).toContain('M3-04');
  });

  it('treats a dementia question beside an implied need as a warning-sign question', () => {
    const r = analyzer.analyze('老爸最近走路變很慢，也比較容易跌倒，這跟失智有關嗎');
    expect(r.primary).toBe('M1');
  });
});
