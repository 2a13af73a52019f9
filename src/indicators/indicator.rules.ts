import { Dec, DecimalValue } from '../money/decimal';
import { RagStatus } from '../evaluation/rag-status.enum';

/** The three-colour thresholds: configuration with the contract's defaults. */
export interface RagThresholds {
  /** Points behind 序时进度 beyond which a project is RED (default 30). */
  redPoints: string;
  /** Points behind 序时进度 beyond which a project is YELLOW (default 10). */
  yellowPoints: string;
  /** Days after the month's end within which a due milestone makes a project YELLOW (default 30). */
  warningDays: number;
}

export const DEFAULT_RAG_THRESHOLDS: RagThresholds = { redPoints: '30', yellowPoints: '10', warningDays: 30 };

/** The last day of month m of year y (E in the contract), YYYY-MM-DD. */
export function endOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

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

export interface RagInput {
  year: number;
  month: number;
  plannedStartOn: string | null;
  plannedCompletionOn: string | null;
  startedOn: string | null;
  completedOn: string | null;
  /** completedInvestmentYtd of the latest evaluation of the year with month ≤ m; 0 when none. */
  completedYtd: DecimalValue;
  annualPlan: DecimalValue;
}

/** True when the ytd completion is strictly more than `points` behind 序时进度, compared exactly: ytd × 12 < plan × (m − 12 × points ÷ 100). */
function behindBy(input: RagInput, points: string): boolean {
  const plan = new Dec(input.annualPlan);
  if (plan.isZero()) return false;
  const cut = new Dec(input.month).minus(new Dec(points).times(12).div(100));
  return new Dec(input.completedYtd).times(12).lt(plan.times(cut));
}

/** A milestone is unmet at E when its actual date is missing or after E. */
const unmet = (actual: string | null, end: string) => actual === null || actual > end;

/** 三色管理 for one IMPLEMENTATION project at (y, m): the first rule that holds, RED, then YELLOW, else GREEN. */
export function ragStatus(input: RagInput, thresholds: RagThresholds = DEFAULT_RAG_THRESHOLDS): RagStatus {
  const end = endOfMonth(input.year, input.month);
  const warningEnd = addDays(end, thresholds.warningDays);
  const milestones: [string | null, string | null][] = [
    [input.plannedStartOn, input.startedOn],
    [input.plannedCompletionOn, input.completedOn],
  ];
  const overdue = milestones.some(([planned, actual]) => planned !== null && planned <= end && unmet(actual, end));
  if (overdue || behindBy(input, thresholds.redPoints)) return RagStatus.RED;
  const dueSoon = milestones.some(
    ([planned, actual]) => planned !== null && planned > end && planned <= warningEnd && unmet(actual, end),
  );
  if (dueSoon || behindBy(input, thresholds.yellowPoints)) return RagStatus.YELLOW;
  return RagStatus.GREEN;
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
