import { chinaYearMonth } from '../common/china-time';

export interface RateRow {
  currency: string;
  year: number;
  cnyPerUnit: string;
}

/** The yearly average rates (CNY per unit) held as reference data. */
export class RateTable {
  private readonly rates = new Map<string, string>();

  constructor(rows: Iterable<RateRow>) {
    for (const row of rows) this.rates.set(`${row.currency}:${row.year}`, row.cnyPerUnit);
  }

  /** CNY per unit for that currency and year; '1' for CNY; null when no rate is held. */
  cnyPerUnit(currency: string, year: number): string | null {
    if (currency === 'CNY') return '1';
    return this.rates.get(`${currency}:${year}`) ?? null;
  }
}

export interface ProjectDates {
  signedOn?: string | null;
  listedOn?: string | null;
  startedOn?: string | null;
}

/**
 * The year whose rate converts a project's total investment: its earliest actual date
 * (signedOn, listedOn, startedOn), else its earliest listing year, else the current year.
 */
export function totalInvestmentRateYear(dates: ProjectDates, listingYears: readonly number[], now = new Date()): number {
  const actual = [dates.signedOn, dates.listedOn, dates.startedOn].filter((d): d is string => !!d).sort();
  if (actual.length > 0) return Number(actual[0]!.slice(0, 4));
  if (listingYears.length > 0) return Math.min(...listingYears);
  return chinaYearMonth(now).year;
}
