const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Today's date in China (UTC+8, no daylight saving), YYYY-MM-DD: the "today" of every date rule. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function chinaYearMonth(now: Date = new Date()): { year: number; month: number } {
  const today = chinaToday(now);
  return { year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) };
}
