import type { M1Id, M3Id, M4Id, SafetyFlag, StageId } from '../analysis/types.js';

/**
 * The label sets CareLine reports, copied from shared/taxonomy.json so the app has no runtime dependency on
 * the shared folder. test/knowledge/taxonomy.test.ts compares this copy with the shared file.
 */
export interface Label<Id extends string> {
  id: Id;
  zh: string;
  en: string;
}

export interface LabelSet<Item> {
  name: { zh: string; en: string };
  items: readonly Item[];
}

export interface Hotline {
  number: string;
  zh: string;
  en: string;
}

export interface Taxonomy {
  M1: LabelSet<Label<M1Id>>;
  M2: LabelSet<Label<StageId> & { cdr: number }>;
  M3: LabelSet<Label<M3Id> & { key: string }>;
  M4: LabelSet<Label<M4Id>>;
  safety: LabelSet<Label<SafetyFlag> & { call: string }>;
  hotlines: readonly Hotline[];
}

export const TAXONOMY: Taxonomy = {
  M1: {
    name: { zh: '失智症十大警訊', en: 'Ten warning signs of dementia' },
    items: [
      { id: 'M1-01', zh: '記憶減退影響到生活', en: 'Memory loss that disrupts daily life' },
      { id: 'M1-02', zh: '計劃事情或解決問題有困難', en: 'Challenges in planning or solving problems' },
      { id: 'M1-03', zh: '無法勝任原本熟悉的事務', en: 'Difficulty completing familiar tasks' },
      { id: 'M1-04', zh: '對時間、地點感到混淆', en: 'Confusion with time or place' },
      {
        id: 'M1-05',
        zh: '有困難理解視覺影像和空間之關係',
        en: 'Trouble understanding visual images and spatial relationships',
      },
      { id: 'M1-06', zh: '言語表達或書寫出現困難', en: 'New problems with words in speaking or writing' },
      {
        id: 'M1-07',
        zh: '東西擺放錯亂且失去回頭尋找的能力',
        en: 'Misplacing things and losing the ability to retrace steps',
      },
      { id: 'M1-08', zh: '判斷力變差或減弱', en: 'Decreased or poor judgment' },
      { id: 'M1-09', zh: '從職場或社交活動中退出', en: 'Withdrawal from work or social activities' },
      { id: 'M1-10', zh: '情緒和個性的改變', en: 'Changes in mood and personality' },
    ],
  },
  M2: {
    name: { zh: '病程階段', en: 'Disease stage' },
    items: [
      { id: 'very_mild', cdr: 0.5, zh: '極輕度／疑似（輕度認知障礙）', en: 'Very mild / questionable (MCI)' },
      { id: 'mild', cdr: 1, zh: '輕度', en: 'Mild' },
      { id: 'moderate', cdr: 2, zh: '中度', en: 'Moderate' },
      { id: 'severe', cdr: 3, zh: '重度', en: 'Severe' },
    ],
  },
  M3: {
    name: { zh: '行為與心理症狀（BPSD）', en: 'Behavioural and psychological symptoms (BPSD)' },
    items: [
      { id: 'M3-01', key: 'delusions', zh: '妄想', en: 'Delusions' },
      { id: 'M3-02', key: 'hallucinations', zh: '幻覺', en: 'Hallucinations' },
      { id: 'M3-03', key: 'agitation', zh: '激動／攻擊', en: 'Agitation / aggression' },
      { id: 'M3-04', key: 'depression', zh: '憂鬱／情緒低落', en: 'Depression / dysphoria' },
      { id: 'M3-05', key: 'anxiety', zh: '焦慮', en: 'Anxiety' },
      { id: 'M3-06', key: 'euphoria', zh: '欣快', en: 'Elation / euphoria' },
      { id: 'M3-07', key: 'apathy', zh: '冷漠／退縮', en: 'Apathy / indifference' },
      { id: 'M3-08', key: 'disinhibition', zh: '失抑制', en: 'Disinhibition' },
      { id: 'M3-09', key: 'irritability', zh: '易怒／情緒不穩', en: 'Irritability / lability' },
      {
        id: 'M3-10',
        key: 'aberrant_motor',
        zh: '重複或異常動作（含遊走）',
        en: 'Aberrant motor behaviour (incl. wandering, pacing)',
      },
      {
        id: 'M3-11',
        key: 'sleep',
        zh: '睡眠與夜間行為（含日落症候群）',
        en: 'Sleep and night-time behaviour (incl. sundowning)',
      },
      { id: 'M3-12', key: 'appetite', zh: '食慾與飲食改變', en: 'Appetite and eating changes' },
    ],
  },
  M4: {
    name: { zh: '照護導航', en: 'Care navigation' },
    items: [
      {
        id: 'M4-medical',
        zh: '就醫與評估（記憶門診、神經內科、精神科、失智共同照護中心）',
        en: 'Medical evaluation and diagnosis',
      },
      {
        id: 'M4-ltc',
        zh: '長照服務申請（長照 2.0，1966 專線）：居家服務、日間照顧、交通接送、輔具',
        en: 'Long-term care services (LTC 2.0, 1966)',
      },
      { id: 'M4-respite', zh: '喘息服務與照顧者支持', en: 'Respite and caregiver support' },
      {
        id: 'M4-community',
        zh: '失智社區服務據點、家屬支持團體、TADA 關懷專線',
        en: 'Community dementia centres and family support groups',
      },
      {
        id: 'M4-safety',
        zh: '居家安全與防走失（愛心手鍊、指紋建檔、定位）',
        en: 'Home safety and wandering prevention',
      },
      {
        id: 'M4-legal',
        zh: '法律與財務（監護／輔助宣告、意定監護、防詐騙、身心障礙證明）',
        en: 'Legal and financial matters',
      },
      { id: 'M4-daily', zh: '日常照顧技巧（溝通、洗澡、進食、如廁）', en: 'Daily care techniques' },
    ],
  },
  safety: {
    name: { zh: '緊急狀況', en: 'Safety red flags' },
    items: [
      { id: 'missing_person', zh: '長者走失、找不到人', en: 'Person with dementia is missing now', call: '110' },
      {
        id: 'medical_emergency',
        zh: '急性醫療狀況（突然意識混亂、中風徵兆、跌倒撞頭、呼吸困難、嗆到）',
        en: 'Acute medical emergency (sudden confusion, stroke signs, head injury, choking)',
        call: '119',
      },
      {
        id: 'self_harm',
        zh: '長者或照顧者有自殺或自傷念頭',
        en: 'Suicidal or self-harm risk (person or caregiver)',
        call: '1925 / 119',
      },
      { id: 'violence', zh: '暴力、虐待或人身安全危險', en: 'Violence, abuse or immediate danger', call: '113 / 110' },
    ],
  },
  hotlines: [
    { number: '1966', zh: '長照專線', en: 'Long-term care services hotline (Ministry of Health and Welfare)' },
    { number: '0800-474-580', zh: '失智症關懷專線（台灣失智症協會）', en: 'Dementia care hotline (TADA)' },
    { number: '0800-507-272', zh: '家庭照顧者關懷專線', en: 'Family caregiver hotline' },
    { number: '1925', zh: '安心專線（24 小時心理諮詢）', en: '24-hour mental health support line' },
    { number: '113', zh: '保護專線', en: 'Protection hotline (abuse, violence)' },
    { number: '110', zh: '報案（走失協尋）', en: 'Police (missing person)' },
    { number: '119', zh: '救護', en: 'Ambulance / emergency' },
  ],
};

export const M1_IDS: readonly M1Id[] = TAXONOMY.M1.items.map((i) => i.id);
export const STAGE_IDS: readonly StageId[] = TAXONOMY.M2.items.map((i) => i.id);
export const M3_IDS: readonly M3Id[] = TAXONOMY.M3.items.map((i) => i.id);
export const M4_IDS: readonly M4Id[] = TAXONOMY.M4.items.map((i) => i.id);
export const SAFETY_IDS: readonly SafetyFlag[] = TAXONOMY.safety.items.map((i) => i.id);

/** The phone numbers a safety flag calls for, in the taxonomy's order ("1925 / 119" → ["1925", "119"]). */
export function safetyCalls(flag: SafetyFlag): string[] {
  const item = TAXONOMY.safety.items.find((i) => i.id === flag);
  return item ? item.call.split('/').map((n) => n.trim()) : [];
}
