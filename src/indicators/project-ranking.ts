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
 * Each indicator over a project's maintained figures at (y, m) (`f`: project_id, district_code, external_id, ytd,
 * implementation_plan, total_investment, land_to_start_days), in ranking order.
 */
const INDICATOR_SQL: Record<ProjectIndicator, { value: string; direction: 'asc' | 'desc' }> = {
  [ProjectIndicator.TOTAL_INVESTMENT]: { value: 'f.total_investment', direction: 'desc' },
  [ProjectIndicator.COMPLETED_INVESTMENT]: { value: 'f.ytd', direction: 'desc' },
  // At a scale no tie of real amounts can blur; the value itself is recomputed exactly from the amounts below.
  [ProjectIndicator.INVESTMENT_COMPLETION_RATE]: {
    value: 'case when f.implementation_plan > 0 then cast(f.ytd as numeric(60,40)) / f.implementation_plan end',
    direction: 'desc',
  },
  [ProjectIndicator.LAND_TO_START_DAYS]: { value: 'f.land_to_start_days', direction: 'asc' },
};

/**
 * Each standing project's figures at (y, m) through its listing at `level`, else its highest (project_figures,
 * migration 20261201). The month is written into the statement, not bound, so that `ytd[m]` is the expression of
 * that month's ranking index and the top of COMPLETED_INVESTMENT is read off it.
 */
function figuresAt(month: number, level: ProjectLevel | null): string {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new Error(`month ${month} is not 1–12`);
  return `select project_id, district_code, external_id, ytd[${month}] as ytd,
      case when implementation then plan end as implementation_plan, total_investment, land_to_start_days
    from project_figures where year = :year and ${level ? 'level = :level' : 'highest'}`;
}

/**
 * The top projects by an indicator at (y, m): projects standing with a listing of year y (at `level` when given,
 * else their highest), optionally within `projectScope`, best first, nulls last, ties by district code then
 * externalId, cut at `top`. Reads the figures maintained at write time.
 */
export async function rankProjects(
  em: EntityManager,
  args: { indicator: ProjectIndicator; year: number; month: number; level: ProjectLevel | null; top: number; projectScope: Knex.QueryBuilder | null },
): Promise<ProjectRankRow[]> {
  const { value, direction } = INDICATOR_SQL[args.indicator];
  const sql = `
    with ranked as (
      select f.project_id, f.district_code, f.external_id, f.ytd, f.implementation_plan, ${value} as value
      from (${figuresAt(args.month, args.level)}) f
      ${args.projectScope ? 'where f.project_id in (:scope)' : ''}
      order by ${value} ${direction} nulls last, f.district_code, f.external_id
      limit :top)
    select p.*, r.value::text as rank_value, r.ytd::text as rank_ytd, r.implementation_plan::text as rank_plan,
      case when r.value is null then null else rank() over (order by r.value ${direction} nulls last) end::int as rank_position
    from ranked r join project p on p.id = r.project_id
    order by r.value ${direction} nulls last, r.district_code, r.external_id`;
  const bindings = {
    year: args.year,
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
