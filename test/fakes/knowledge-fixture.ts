import { type KnowledgeBase, knowledgeBaseSchema } from '../../src/knowledge/schema.js';

/**
 * A schema-valid knowledge base for LLM tests: taxonomy names with fields of realistic length. It is not
 * the shipped content (src/knowledge/data); tests only need ids, structure and plausible sizes.
 */
const M1 = [
  ['M1-01', '記憶減退影響到生活'],
  ['M1-02', '計劃事情或解決問題有困難'],
  ['M1-03', '無法勝任原本熟悉的事務'],
  ['M1-04', '對時間、地點感到混淆'],
  ['M1-05', '有困難理解視覺影像和空間之關係'],
  ['M1-06', '言語表達或書寫出現困難'],
  ['M1-07', '東西擺放錯亂且失去回頭尋找的能力'],
  ['M1-08', '判斷力變差或減弱'],
  ['M1-09', '從職場或社交活動中退出'],
  ['M1-10', '情緒和個性的改變'],
] as const;
const M2 = [
  ['very_mild', 0.5, '極輕度／疑似（輕度認知障礙）'],
  ['mild', 1, '輕度'],
  ['moderate', 2, '中度'],
  ['severe', 3, '重度'],
] as const;
const M3 = [
  ['M3-01', 'delusions', '妄想'],
  ['M3-02', 'hallucinations', '幻覺'],
  ['M3-03', 'agitation', '激動／攻擊'],
  ['M3-04', 'depression', '憂鬱／情緒低落'],
  ['M3-05', 'anxiety', '焦慮'],
  ['M3-06', 'euphoria', '欣快'],
  ['M3-07', 'apathy', '冷漠／退縮'],
  ['M3-08', 'disinhibition', '失抑制'],
  ['M3-09', 'irritability', '易怒／情緒不穩'],
  ['M3-10', 'aberrant_motor', '重複或異常動作（含遊走）'],
  ['M3-11', 'sleep', '睡眠與夜間行為（含日落症候群）'],
  ['M3-12', 'appetite', '食慾與飲食改變'],
] as const;
const M4 = [
  ['M4-medical', '就醫與評估', '記憶門診', undefined],
  ['M4-ltc', '長照服務申請', '長照專線', '1966'],
  ['M4-respite', '喘息服務與照顧者支持', '家庭照顧者關懷專線', '0800-507-272'],
  ['M4-community', '失智社區服務據點', '失智症關懷專線', '0800-474-580'],
  ['M4-safety', '居家安全與防走失', '愛心手鍊', undefined],
  ['M4-legal', '法律與財務', '監護與輔助宣告', undefined],
  ['M4-daily', '日常照顧技巧', '照顧技巧課程', undefined],
] as const;
const SAFETY = [
  ['missing_person', '長者走失', '110'],
  ['medical_emergency', '急性醫療狀況', '119'],
  ['self_harm', '自殺或自傷念頭', '1925'],
  ['violence', '暴力或虐待', '113'],
] as const;

const sources = ['tada'];

export function knowledgeFixture(version = 'kb-test-1'): KnowledgeBase {
  const content = knowledgeBaseSchema.parse({
    sources: [
      { id: 'tada', publisher: '台灣失智症協會', title: '失智症十大警訊', url: 'https://www.tada2002.org.tw/' },
    ],
    m1: M1.map(([id, name]) => ({
      id,
      name,
      summary: `${name}，而且越來越常發生，已經影響到日常生活的安排與安全。`,
      looksLike: [`最近常常出現「${name}」的情形`, '家人提醒後仍然想不起來，也不覺得有問題'],
      normalAgeing: '偶爾忘記，但經過提醒或過一陣子就能想起來，生活大致不受影響。',
      warningSign: '同樣的事情反覆發生，提醒也想不起來，開始需要別人幫忙才能完成。',
      nextSteps: ['把發生的時間、情境和次數記錄下來，就醫時帶給醫師看', '陪同到神經內科或記憶門診做評估'],
      sources,
    })),
    m2: M2.map(([id, cdr, name]) => ({
      id,
      cdr,
      name,
      summary: `${name}階段的長輩，日常生活需要的協助會比以前多，照顧安排要跟著調整。`,
      abilities: {
        memory: '近期記憶變差，容易重複問同樣的問題',
        orientation: '對日期和地點的掌握變得不穩定',
        judgement: '處理複雜事情與金錢時容易出錯',
        community: '外出社交與辦事需要有人陪同',
        homeHobbies: '家務與興趣活動變少、變簡單',
        personalCare: '個人衛生需要提醒或部分協助',
      },
      expect: ['需要更多提醒與陪伴', '情緒可能因為挫折而起伏'],
      careFocus: ['維持規律作息與熟悉的環境', '把事情拆成小步驟，一次只做一件事'],
      sources,
    })),
    m3: M3.map(([id, key, name]) => ({
      id,
      key,
      name,
      description: `長輩出現「${name}」的表現，常和大腦變化、身體不舒服或環境壓力有關，不是故意的。`,
      triggers: ['身體不適、疼痛或便秘', '環境吵雜、陌生或光線不足', '被催促、被糾正或感到挫折'],
      strategies: [
        '先穩定自己的情緒，用平和的語氣回應',
        '不爭辯對錯，先接納感受再轉移注意力',
        '記錄發生的時間與情境，找出規律',
      ],
      seeDoctor: '如果症狀突然出現或變嚴重、影響安全或睡眠，請盡快就醫評估。',
      sources,
    })),
    m4: M4.map(([id, name, resource, phone]) => ({
      id,
      name,
      summary: `${name}：讓家屬知道可以找誰、怎麼申請、需要準備什麼。`,
      resources: [
        {
          name: resource,
          provides: `提供${name}相關的諮詢與轉介`,
          howToApply: '先打電話詢問，由專人說明申請流程與需要的文件',
          ...(phone ? { phone } : {}),
        },
      ],
      sources,
    })),
    safety: SAFETY.map(([id, name, phone]) => ({
      id,
      name,
      doNow: ['先確保自己和長輩的安全', `立刻撥打 ${phone}`],
      calls: [{ label: name, phone }],
      notAFlag: ['過去發生過、現在已經平安的狀況'],
      sources,
    })),
    normalAgeing: {
      summary: '偶爾忘記、事後想得起來，通常是正常老化。',
      examples: ['忘記鑰匙放哪，但能回頭找到', '一時想不起名字，過一下就想起來'],
      whenToWorry: ['同樣的事反覆發生且越來越頻繁', '開始影響生活、金錢或安全'],
      sources,
    },
  });
  return { ...content, version };
}
