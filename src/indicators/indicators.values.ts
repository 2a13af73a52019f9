import { Dec } from '../money/decimal';
import { completionRate, scheduleGapPp, startRate, timeProgress } from './indicator.rules';
import type { IndicatorCounts } from './indicators.repository';
import { DistrictIndicator, DistrictIndicators } from './indicators.types';

const toFloat = (value: Dec | null): number | null => (value === null ? null : value.toNumber());

/** The exact value of each rankable indicator: rates and points stay decimals until they become Floats for output. */
export function districtIndicatorValue(counts: IndicatorCounts, month: number, indicator: DistrictIndicator): Dec | null {
  const rate = completionRate(counts.completedInvestment, counts.plannedInvestment);
  switch (indicator) {
    case DistrictIndicator.LISTED_COUNT:
      return new Dec(counts.listedCount);
    case DistrictIndicator.STARTED_COUNT:
      return new Dec(counts.startedCount);
    case DistrictIndicator.START_RATE:
      return startRate(counts.startedCount, counts.newPlannedCount);
    case DistrictIndicator.UNDER_CONSTRUCTION_COUNT:
      return new Dec(counts.underConstructionCount);
    case DistrictIndicator.COMPLETED_COUNT:
      return new Dec(counts.completedCount);
    case DistrictIndicator.PLANNED_INVESTMENT:
      return new Dec(counts.plannedInvestment);
    case DistrictIndicator.COMPLETED_INVESTMENT:
      return new Dec(counts.completedInvestment);
    case DistrictIndicator.INVESTMENT_COMPLETION_RATE:
      return rate;
    case DistrictIndicator.SCHEDULE_GAP_PP:
      return scheduleGapPp(rate, month);
    case DistrictIndicator.RED_COUNT:
      return new Dec(counts.redCount);
    case DistrictIndicator.QUICK_START_COUNT:
      return new Dec(counts.quickStartCount);
  }
}

/** Lower is better only for the red count. */
export const higherIsBetter = (indicator: DistrictIndicator): boolean => indicator !== DistrictIndicator.RED_COUNT;

export function toDistrictIndicators(year: number, month: number, counts: IndicatorCounts): DistrictIndicators {
  const value = (indicator: DistrictIndicator) => toFloat(districtIndicatorValue(counts, month, indicator));
  return Object.assign(new DistrictIndicators(), counts, {
    year,
    month,
    timeProgress: timeProgress(month).toNumber(),
    startRate: value(DistrictIndicator.START_RATE),
    investmentCompletionRate: value(DistrictIndicator.INVESTMENT_COMPLETION_RATE),
    scheduleGapPp: value(DistrictIndicator.SCHEDULE_GAP_PP),
  });
}
