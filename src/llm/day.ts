const TAIPEI_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Taipei',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Asia/Taipei calendar day of `now` as YYYYMMDD: budgets and daily stats roll over at local midnight. */
export function taipeiDay(now: Date = new Date()): string {
  return TAIPEI_DAY.format(now).replace(/-/g, '');
}

/** Daily keys live about two days, long enough to read yesterday's totals. */
export const DAY_KEY_TTL_S = 48 * 3600;
