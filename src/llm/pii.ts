/**
 * Strips personal details from caregiver text before it leaves the machine: emails, Taiwan national ID and
 * resident certificate numbers, LINE ids, phone numbers, street addresses and names with an honorific
 * (王先生 → 某先生). The relation word stays so the meaning survives; hotline-length numbers (110, 1966) stay.
 */
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const NATIONAL_ID = /(?<![A-Za-z0-9])[A-Za-z][1289A-Da-d]\d{8}(?!\d)/g;
const LINE_ID = /(?<![A-Za-z0-9])U[0-9a-f]{32}(?![0-9a-f])/g;
// +886 or a leading 0, then 7+ more digits with optional separators; or any run of 8+ digits.
const PHONE =
  /\(0\d{1,3}\)[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)|(?:\+?886[\s-]?|(?<!\d)0)(?:\(?\d{1,4}\)?[\s-]?){1,3}\d{3,4}(?!\d)|(?<!\d)\d(?:[\s-]?\d){7,}(?!\d)/g;
const NUM = '[\\d０-９一二三四五六七八九十百]+';
// A Han character that can start a place name (not a verb or particle such as 住/在/到 before it).
const PLACE = '(?![住在到於去回的從往搬是])\\p{Script=Han}';
const ADDRESS = new RegExp(
  `(?:${PLACE}{1,3}[縣市])?(?:${PLACE}{1,3}[區鄉鎮市])?(?:${PLACE}|\\d)[\\p{Script=Han}\\d]{0,5}(?:路|街|大道)` +
    `(?:${NUM}段)?(?:${NUM}巷)?(?:${NUM}弄)?${NUM}(?:之${NUM})?號(?:${NUM}樓(?:之${NUM})?)?`,
  'gu',
);
const VILLAGE = new RegExp(`${PLACE}\\p{Script=Han}{0,3}[村里]${NUM}鄰`, 'gu');
// Common Taiwanese surnames (single and compound); 何/高/白-style ambiguity is accepted as over-redaction.
const SURNAMES =
  '陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余盧梁趙顏柯翁魏孫戴范方宋鄧杜傅侯曹薛丁卓阮馬董温溫唐藍蔣石古紀姚連馮歐程湯黎田康姜白汪鄒尤巫鐘涂龔嚴韓袁金童陸夏柳凃邵錢伍倪';
const COMPOUND = '歐陽|司馬|諸葛|上官|張簡|范姜';
const HONORIFICS =
  '先生|小姐|太太|女士|伯伯|伯母|阿伯|阿姨|叔叔|嬸嬸|奶奶|爺爺|阿公|阿嬤|阿媽|婆婆|老師|醫師|醫生|護理師|社工|大哥|大姐|姐姐|哥哥|老闆|經理';
const NAME = new RegExp(`(?:${COMPOUND}|[${SURNAMES}])\\p{Script=Han}{0,2}?(${HONORIFICS})`, 'gu');

export function scrubPii(text: string): string {
  return text
    .replace(EMAIL, '[電子郵件]')
    .replace(LINE_ID, '[帳號]')
    .replace(NATIONAL_ID, '[身分證號]')
    .replace(ADDRESS, '[地址]')
    .replace(VILLAGE, '[地址]')
    .replace(PHONE, '[電話]')
    .replace(NAME, (_m, honorific: string) => `某${honorific}`);
}
