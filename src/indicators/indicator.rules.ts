import { Dec, DecimalValue } from '../money/decimal';

/** 序时进度: the share of the year elapsed at the end of month m, exactly m ÷ 12. */
export function timeProgress(month: number): Dec {
  return new Dec(month).div(12);
}

/** completed ÷ planned, not capped at 1; null when nothing is planned. */
export function completionRate(completed: DecimalValue, planned: DecimalValue): Dec | null {
  const plan = new Dec(planned);
  return plan.isZero() ? null : new Dec(completed).div(plan);
}

/** (rate − 序时进度) × 100 in percentage points; null without a rate. */
export function scheduleGapPp(rate: Dec | null, month: number): Dec | null {
  return rate === null ? null : rate.minus(timeProgress(month)).times(100);
}

/** started ÷ newPlanned (开工率); null when no new project was planned. */
export function startRate(started: number, newPlanned: number): Dec | null {
  return newPlanned === 0 ? null : new Dec(started).div(newPlanned);
}

export interface Ranked<T> {
  rank: number | null;
  item: T;
  value: Dec | null;
}

/**
 * Standard competition ranking (1, 1, 3): better values first, equal values share a rank, nulls last
 * with rank null. Items arrive in their tie order (district code, then externalId) and keep it among equals.
 */
export function rankWithTies<T>(items: readonly { item: T; value: Dec | null }[], higherIsBetter: boolean): Ranked<T>[] {
  const withValue = items.filter((entry) => entry.value !== null) as { item: T; value: Dec }[];
  const sorted = withValue
    .map((entry, index) => ({ ...entry, index }))
    .sort((a, b) => (higherIsBetter ? b.value.cmp(a.value) : a.value.cmp(b.value)) || a.index - b.index);
  const ranked: Ranked<T>[] = sorted.map((entry, position) => ({ rank: position + 1, item: entry.item, value: entry.value }));
  for (let i = 1; i < ranked.length; i++) {
    if (ranked[i]!.value!.eq(ranked[i - 1]!.value!)) ranked[i]!.rank = ranked[i - 1]!.rank;
  }
  return [...ranked, ...items.filter((entry) => entry.value === null).map((entry) => ({ rank: null, item: entry.item, value: null }))];
}
