import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProjectLevel } from '../project/project.enums';

/** The exact sums and counts behind DistrictIndicators, for one district or the city. */
export interface IndicatorCounts {
  listedCount: number;
  newPlannedCount: number;
  startedCount: number;
  underConstructionCount: number;
  completedCount: number;
  plannedInvestment: string;
  completedInvestment: string;
  redCount: number;
  yellowCount: number;
  greenCount: number;
  quickStartCount: number;
}

export const CITY = 'CITY';

export const EMPTY_COUNTS: IndicatorCounts = {
  listedCount: 0,
  newPlannedCount: 0,
  startedCount: 0,
  underConstructionCount: 0,
  completedCount: 0,
  plannedInvestment: '0',
  completedInvestment: '0',
  redCount: 0,
  yellowCount: 0,
  greenCount: 0,
  quickStartCount: 0,
};

/** The level view a figure is kept under: a ProjectLevel, or 'ALL' (each project's highest listing). */
export const levelView = (level: ProjectLevel | null): string => level ?? 'ALL';

/**
 * Every district's counts and sums for (y, m, level), and the city's as their total: a few rows of the figures
 * maintained at write time (migration 20261201), whatever the number of projects.
 */
export async function readIndicatorCounts(
  em: EntityManager,
  year: number,
  month: number,
  level: ProjectLevel | null,
): Promise<Map<string, IndicatorCounts>> {
  const { rows } = (await em.getKnex().raw(
    `select grouping(district_code) = 1 as is_city, district_code,
       coalesce(sum(listed_count), 0)::int as listed_count, coalesce(sum(new_planned_count), 0)::int as new_planned_count,
       coalesce(sum(started_count), 0)::int as started_count, coalesce(sum(under_construction_count), 0)::int as under_construction_count,
       coalesce(sum(completed_count), 0)::int as completed_count, coalesce(sum(planned_investment), 0)::text as planned_investment,
       coalesce(sum(completed_investment), 0)::text as completed_investment, coalesce(sum(red_count), 0)::int as red_count,
       coalesce(sum(yellow_count), 0)::int as yellow_count, coalesce(sum(green_count), 0)::int as green_count,
       coalesce(sum(quick_start_count), 0)::int as quick_start_count
     from district_figures where year = ? and month = ? and level_view = ?
     group by grouping sets ((district_code), ())`,
    [year, month, levelView(level)],
  )) as { rows: Record<string, any>[] };
  const result = new Map<string, IndicatorCounts>();
  for (const row of rows) {
    result.set(row.is_city ? CITY : row.district_code, {
      listedCount: row.listed_count,
      newPlannedCount: row.new_planned_count,
      startedCount: row.started_count,
      underConstructionCount: row.under_construction_count,
      completedCount: row.completed_count,
      plannedInvestment: row.planned_investment,
      completedInvestment: row.completed_investment,
      redCount: row.red_count,
      yellowCount: row.yellow_count,
      greenCount: row.green_count,
      quickStartCount: row.quick_start_count,
    });
  }
  return result;
}
