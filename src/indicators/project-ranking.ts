import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { Dec } from '../money/decimal';
import { Project } from '../project/project.entity';
import type { ProjectLevel } from '../project/project.enums';
import { ProjectIndicator } from './indicators.types';

export interface ProjectRankRow {
  rank: number | null;
  project: Project;
  value: number | null;
}

/**
 * Each indicator over the maintained project figures (`f`, migration 20261201), as its ranking index has it, and
 * whether it changes with the month (those that do not are ranked on month 1's rows, which their index covers).
 */
const INDICATOR_SQL: Record<ProjectIndicator, { value: string; monthly: boolean; direction: 'asc' | 'desc' }> = {
  [ProjectIndicator.TOTAL_INVESTMENT]: { value: 'f.total_investment', monthly: false, direction: 'desc' },
  [ProjectIndicator.COMPLETED_INVESTMENT]: { value: 'f.ytd', monthly: true, direction: 'desc' },
  // At a scale no tie of real amounts can blur; the value itself is recomputed exactly from the amounts below.
  [ProjectIndicator.INVESTMENT_COMPLETION_RATE]: {
    value: 'case when f.implementation and f.plan > 0 then cast(f.ytd as numeric(60,40)) / f.plan end',
    monthly: true,
    direction: 'desc',
  },
  [ProjectIndicator.LAND_TO_START_DAYS]: { value: 'f.land_to_start_days', monthly: false, direction: 'asc' },
};

/**
 * The top projects by an indicator at (y, m): projects standing with a listing of year y (at `level` when given,
 * else their highest), optionally within `projectScope`, best first, nulls last, ties by district code then
 * externalId, cut at `top`. Reads the figures maintained at write time: without a scope, the top of an index.
 */
export async function rankProjects(
  em: EntityManager,
  args: { indicator: ProjectIndicator; year: number; month: number; level: ProjectLevel | null; top: number; projectScope: Knex.QueryBuilder | null },
): Promise<ProjectRankRow[]> {
  const { value, monthly, direction } = INDICATOR_SQL[args.indicator];
  const order = `${value} ${direction} nulls last`;
  const sql = `
    with ranked as (
      select f.project_id, f.district_code, f.external_id, f.ytd, f.plan, ${value} as value
      from project_figures f
      where f.year = :year and f.month = :month and ${args.level ? 'f.level = :level' : 'f.highest'}
        ${args.projectScope ? 'and f.project_id in (:scope)' : ''}
      order by ${order}, f.district_code, f.external_id
      limit :top)
    select p.*, r.value::text as rank_value, r.ytd::text as rank_ytd, r.plan::text as rank_plan,
      case when r.value is null then null else rank() over (order by r.value ${direction} nulls last) end::int as rank_position
    from ranked r join project p on p.id = r.project_id
    order by r.value ${direction} nulls last, r.district_code, r.external_id`;
  const bindings = {
    year: args.year,
    month: monthly ? args.month : 1,
    top: args.top,
    ...(args.level ? { level: args.level } : {}),
    ...(args.projectScope ? { scope: args.projectScope } : {}),
  };
  const { rows } = (await em.getKnex().raw(sql, bindings)) as { rows: Record<string, any>[] };
  return rows.map(({ rank_value: rankValue, rank_ytd: ytd, rank_plan: plan, rank_position: rank, ...columns }) => ({
    rank,
    project: em.map(Project, columns),
    // The completion rate leaves SQL only as the order; its value is recomputed exactly from the amounts.
    value:
      rankValue === null
        ? null
        : args.indicator === ProjectIndicator.INVESTMENT_COMPLETION_RATE
          ? new Dec(ytd).div(plan).toNumber()
          : Number(rankValue),
  }));
}
