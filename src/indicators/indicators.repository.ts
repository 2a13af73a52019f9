import type { EntityManager } from '@mikro-orm/postgresql';
import { Dec } from '../money/decimal';
import { addDays, endOfMonth, RagThresholds } from './indicator.rules';
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

/** `m − 12 × points ÷ 100`: "rate < 序时进度 − points" is exactly "ytd × 12 < plan × cut". */
export function rateCut(month: number, points: string): string {
  return new Dec(month).minus(new Dec(points).times(12).div(100)).toFixed();
}

/**
 * Each project's standing listing of year y (at `level`, else its highest), WITHDRAWN left out, with its
 * YTD completion at month m. Shared by the indicators, the rankings and Project.ragStatus.
 */
export const standingSql = (projectCondition = 'true') => `
  select distinct on (l.project_id)
    l.project_id, p.district_code, p.external_id, l.category, l.construction_type, l.planned_wan_yuan as plan,
    l.planned_start_on, l.planned_completion_on, p.started_on, p.completed_on, p.total_investment_wan_yuan,
    coalesce((select e.ytd_wan_yuan from evaluation e
               where e.project_id = l.project_id and e.year = :year and e.month <= :month
               order by e.month desc limit 1), 0) as ytd
  from listing l join project p on p.id = l.project_id
  where l.year = :year and p.status <> 'WITHDRAWN' and (:level::text is null or l.level = :level::text)
    and ${projectCondition}
  order by l.project_id, array_position(array['PROVINCIAL_MAJOR','CITY_MAJOR','DISTRICT_KEY'], l.level)`;

/** The RAG rules of indicator.rules.ts#ragStatus as one SQL expression over standingSql's columns. */
const RAG_SQL = `
  case when s.category <> 'IMPLEMENTATION' then null
    when (s.planned_start_on <= :end and (s.started_on is null or s.started_on > :end))
      or (s.planned_completion_on <= :end and (s.completed_on is null or s.completed_on > :end))
      or (s.plan > 0 and s.ytd * 12 < s.plan * :redCut::numeric) then 'RED'
    when (s.planned_start_on > :end and s.planned_start_on <= :warningEnd and (s.started_on is null or s.started_on > :end))
      or (s.planned_completion_on > :end and s.planned_completion_on <= :warningEnd
          and (s.completed_on is null or s.completed_on > :end))
      or (s.plan > 0 and s.ytd * 12 < s.plan * :yellowCut::numeric) then 'YELLOW'
    else 'GREEN' end`;

export function standingBindings(year: number, month: number, level: ProjectLevel | null, thresholds: RagThresholds) {
  const end = endOfMonth(year, month);
  return {
    year,
    month,
    level,
    end,
    yearStart: `${year}-01-01`,
    warningEnd: addDays(end, thresholds.warningDays),
    redCut: rateCut(month, thresholds.redPoints),
    yellowCut: rateCut(month, thresholds.yellowPoints),
  };
}

/** One statement: every district's counts and sums for (y, m, level), and the city's as the grand total. */
export async function computeIndicatorCounts(
  em: EntityManager,
  year: number,
  month: number,
  level: ProjectLevel | null,
  thresholds: RagThresholds,
): Promise<Map<string, IndicatorCounts>> {
  const sql = `
    with standing as (${standingSql()}),
    rated as (
      select s.*, ${RAG_SQL} as rag,
        (select c.issued_on - lc.issued_on from approval c
           join approval lc on lc.project_id = c.project_id and lc.kind = 'LAND_CONTRACT'
          where c.project_id = s.project_id and c.kind = 'CONSTRUCTION_PERMIT'
            and c.issued_on between :yearStart and :end) as land_to_start
      from standing s)
    select grouping(district_code) = 1 as is_city, district_code,
      count(*)::int as listed_count,
      count(*) filter (where category = 'IMPLEMENTATION' and construction_type = 'NEW')::int as new_planned_count,
      count(*) filter (where category = 'IMPLEMENTATION' and construction_type = 'NEW' and started_on <= :end)::int as started_count,
      count(*) filter (where started_on <= :end and (completed_on is null or completed_on > :end))::int as under_construction_count,
      count(*) filter (where completed_on between :yearStart and :end)::int as completed_count,
      coalesce(sum(plan) filter (where category = 'IMPLEMENTATION'), 0)::text as planned_investment,
      coalesce(sum(ytd) filter (where category = 'IMPLEMENTATION'), 0)::text as completed_investment,
      count(*) filter (where rag = 'RED')::int as red_count,
      count(*) filter (where rag = 'YELLOW')::int as yellow_count,
      count(*) filter (where rag = 'GREEN')::int as green_count,
      count(*) filter (where land_to_start between 0 and 7)::int as quick_start_count
    from rated group by grouping sets ((district_code), ())`;
  const { rows } = (await em.getKnex().raw(sql, standingBindings(year, month, level, thresholds))) as { rows: Record<string, any>[] };
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
