import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/analysis/analyzer.js';
import { readFixture } from './helpers.js';

const analyzer = createAnalyzer();
const flags = (text: string) => analyzer.detectSafety(text).flags;

describe('detectSafety (the deterministic gate)', () => {
  it('flags a person missing now, not one who got lost before', () => {
    expect(flags('阿公下午出去散步，到現在天黑了還沒回來，手機也沒帶')).toEqual(['missing_person']);
    expect(flags('我媽去年在夜市走失過一次，後來警察送回來')).toEqual([]);
    expect(flags('阿嬤半夜一直轉門把想出去，還好都沒出去成')).toEqual([]);
    expect(flags("my dad went out this morning and hasn't come back, we can't find him")).toEqual(['missing_person']);
  });

  it('flags acute medical events, not resolved or chronic ones', () => {
    expect(flags('爸爸剛剛突然嘴角歪一邊，左手舉不起來')).toEqual(['medical_emergency']);
    expect(flags('阿嬤剛才跌倒撞到頭，現在一直想睡叫不太醒')).toEqual(['medical_emergency']);
    expect(flags('上個月跌倒撞到頭，醫院檢查說沒事，現在都跟平常一樣')).toEqual([]);
    expect(flags('我媽重度失智，吞東西很慢容易嗆，要注意什麼')).toEqual([]);
  });

  it('flags thoughts of self-harm but not casual exaggeration', () => {
    expect(flags('照顧我爸好幾年，我真的撐不下去了，好想一了百了')).toContain('self_harm');
    expect(flags('阿公一直說活著只會拖累大家，今天還問我農藥放在哪')).toContain('self_harm');
    expect(flags('今天排隊排到累死了😂 阿嬤倒是很開心')).toEqual([]);
    expect(flags('我快被她問到瘋了哈哈')).toEqual([]);
    // Hyperbole elsewhere in the sentence does not hide a real death wish.
    expect(flags('照顧他快累死了，真的很想一了百了')).toContain('self_harm');
  });

  it('flags violence with a weapon or by a carer, not care resistance', () => {
    expect(flags('爸爸拿菜刀追著我媽跑，我們躲在房間')).toEqual(['violence']);
    expect(flags('阿嬤身上一直有瘀青，我懷疑是看護打的')).toEqual(['violence']);
    expect(flags('我媽洗澡的時候會抓人、大吼大叫')).toEqual([]);
  });

  it('reads a cancelling word only near the cue, not anywhere in a long unpunctuated message', () => {
    const long =
      '想問居家服務怎麼申請 之前朋友說要先打1966 我們兩個都要上班 白天只有她一個人 還有輔具補助要準備什麼文件 ' +
      '對了 我媽早上九點說去銀行 現在下午三點了還沒回來 手機一直沒人接';
    expect(flags(long)).toContain('missing_person');
    expect(flags('我媽之前走失過一次，後來警察送回來，現在出門都牽著她')).toEqual([]);
  });

  it('treats laughter right beside a death wish as hyperbole, but not a plain death wish', () => {
    expect(flags('我爸今天問了我二十次同樣的事🤣 好想死喔 還是很可愛啦')).toEqual([]);
    expect(flags('我爸今天問了我二十次同樣的事，我真的好想死，撐不下去了')).toContain('self_harm');
  });

  it('lets a renewal override an earlier past marker, but keeps the past past', () => {
    expect(flags('阿公上個月走失過一次，今天又不見了，到現在還沒回來')).toContain('missing_person');
    expect(flags('爸爸去年中風過，今天早上又突然嘴歪講話不清楚')).toContain('medical_emergency');
    expect(flags('阿公上個月走失過一次，後來警察送回來，現在都戴著手環')).toEqual([]);
    // "以前… 現在…" describes a gradual change, not a new emergency.
    expect(flags('婆婆以前很愛講話，現在整天坐著不說話，叫她也沒反應')).toEqual([]);
  });

  it("does not take the elder's own 'I'm fine' as the event being over", () => {
    expect(flags('阿公剛剛跌倒撞到頭，流了一點血，他說沒事，可是一直想吐')).toContain('medical_emergency');
    expect(flags('阿公剛剛跌倒撞到頭，急診檢查說沒事，現在在家休息')).toEqual([]);
  });

  it('reads a hypothetical only in the clause it opens', () => {
    expect(flags('如果我媽走丟了 要打哪支電話')).toEqual([]);
    expect(flags("what if mum wanders off and we can't find her? should we get a tracker")).toEqual([]);
    expect(flags('不知道是不是中風 如果是的話要去哪家醫院 他現在嘴巴歪一邊 右手舉不起來')).toContain(
      'medical_emergency',
    );
    // Thoughts of self-harm or of taking someone along stay flags when put hypothetically.
    expect(flags('有時候我會想，如果我開車衝下橋，是不是就不用再照顧了')).toContain('self_harm');
  });

  it('reads a past word only before the cue it dates', () => {
    expect(flags('阿公剛剛又跌倒撞到頭，流很多血，跟上次一樣')).toContain('medical_emergency');
    expect(flags('阿公上次跌倒撞到頭，流很多血，縫了三針')).toEqual([]);
  });

  it('drops a cue the writer denies right before it', () => {
    expect(flags('我沒有想死啦，只是真的很累，想找人說說話')).toEqual([]);
    expect(flags('她不是昏倒，是睡著了，叫一下就醒')).toEqual([]);
    expect(flags("i'm not suicidal, just burnt out and need respite care info")).toEqual([]);
    // A denial elsewhere does not hide the danger.
    expect(flags('我不是在抱怨，我爸剛剛昏倒了，叫不醒')).toContain('medical_emergency');
  });

  it('combines concepts instead of needing one fixed phrase', () => {
    // Gone + no news + phone unanswered; Hokkien and English.
    expect(flags('老爸透早騎機車出去，到這時陣攏無消息，手機也無人接')).toContain('missing_person');
    expect(
      flags("grandpa left for his walk at 7, it's past noon and he isn't back, neighbours haven't seen him"),
    ).toContain('missing_person');
    // Sudden one-sided weakness with odd speech.
    expect(flags('我媽剛剛講話突然變得很奇怪，右手拿杯子一直掉')).toContain('medical_emergency');
    // Means prepared, consoling ahead.
    expect(flags('我爸說他把繩子都準備好了，叫我不要難過')).toContain('self_harm');
    // Money taken and food withheld by a relative.
    expect(flags('我叔叔把阿公的退休金都領走，也不給他買菜，阿公瘦到皮包骨')).toContain('violence');
    // Objects are not people: a lost walking stick, a locked fridge.
    expect(flags('阿公常常找不到他的拐杖，每天要找好幾次')).toEqual([]);
    expect(flags('阿嬤半夜會開冰箱找東西吃，我們把冰箱鎖起來了')).toEqual([]);
  });

  it("tells the caregiver's own despair from the elder's", () => {
    expect(analyzer.detectSafety('照顧媽媽五年了，我真的很想死').caregiverSelf).toBe(true);
    expect(analyzer.detectSafety('爸爸說他不想活了，一直問我安眠藥放在哪').caregiverSelf).toBe(false);
  });
});

describe('detectSafety on every labelled set (regression over all blind batches used so far)', () => {
  const names = readdirSync(new URL('./fixtures/', import.meta.url)).filter((f) => f.endsWith('-messages.jsonl'));
  const messages = names.flatMap((name) => readFixture(name));

  it('finds every labelled red flag', () => {
    const missed = messages
      .filter((m) => m.safety.length > 0)
      .filter((m) => !m.safety.every((f) => (flags(m.text) as string[]).includes(f)))
      .map((m) => m.id);
    expect(missed).toEqual([]);
  });

  it('raises no false alarm on messages without a red flag', () => {
    const alarms = messages.filter((m) => m.safety.length === 0 && flags(m.text).length > 0).map((m) => m.id);
    expect(alarms).toEqual([]);
  });
});

describe('detectSafety on the hand-written probes', () => {
  // One probe a line: "M|…" missing person, "E|…" medical, "S|…" self-harm, "V|…" violence, "N|…" no flag.
  const FLAG: Record<string, string> = { M: 'missing_person', E: 'medical_emergency', S: 'self_harm', V: 'violence' };
  const probes = readFileSync(new URL('./fixtures/safety-probes.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.includes('|'))
    .map((line) => [line.slice(0, line.indexOf('|')), line.slice(line.indexOf('|') + 1)] as const);

  it('flags every danger probe with its red flag', () => {
    const missed = probes.filter(([k, text]) => k !== 'N' && !(flags(text) as string[]).includes(FLAG[k]!));
    expect(missed).toEqual([]);
  });

  it('raises no flag on the hard negatives (past, resolved, hypothetical, casual, explained)', () => {
    const alarms = probes.filter(([k, text]) => k === 'N' && flags(text).length > 0);
    expect(alarms).toEqual([]);
  });
});
