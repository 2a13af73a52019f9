import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { Dec } from '../money/decimal';
import { Project } from '../project/project.entity';
import type { ProjectLevel } from '../project/project.enums';
import type { RagThresholds } from './indicator.rules';
import { standingBindings, standingSql } from './indicators.repository';
import { ProjectIndicator } from './indicators.types';

export interface ProjectRankRow {
  rank: number | null;
  project: Project;
  value: number | null;
}

/** Each indicator's value over standingSql's columns; rates at a scale no tie of real amounts can blur. */
const VALUE_SQL: Record<ProjectIndicator, string> = {
  [ProjectIndicator.TOTAL_INVESTMENT]: 's.total_investment_wan_yuan',
  [ProjectIndicator.COMPLETED_INVESTMENT]: 's.ytd',
  [ProjectIndicator.INVESTMENT_COMPLETION_RATE]:
    "case when s.category = 'IMPLEMENTATION' and s.plan > 0 then cast(s.ytd as numeric(60,40)) / s.plan end",
  [ProjectIndicator.LAND_TO_START_DAYS]: `(select c.issued_on - lc.issued_on from approval c
      join approval lc on lc.project_id = c.project_id and lc.kind = 'LAND_CONTRACT'
     where c.project_id = s.project_id and c.kind = 'CONSTRUCTION_PERMIT')`,
};

/**
 * The top projects by an indicator at (y, m): projects with a listing of year y (at `level` when given)
 * that match `projectScope`, best first, nulls last, ties by district code then externalId, cut at `top`.
 */
export async function rankProjects(
  em: EntityManager,
  args: {
    indicator: ProjectIndicator;
    year: number;
    month: number;
    level: ProjectLevel | null;
    top: number;
    thresholds: RagThresholds;
    projectScope: Knex.QueryBuilder;
  },
): Promise<ProjectRankRow[]> {
  const direction = args.indicator === ProjectIndicator.LAND_TO_START_DAYS ? 'asc' : 'desc';
  const sql = `
    with standing as (${standingSql('l.project_id in (:scope)')}),
    valued as (select s.project_id, s.ytd, s.plan, ${VALUE_SQL[args.indicator]} as value from standing s)
    select p.*, v.value::text as rank_value, v.ytd::text as rank_ytd, v.plan::text as rank_plan,
      case when v.value is null then null else rank() over (order by v.value ${direction} nulls last) end::int as rank_position
    from valued v join project p on p.id = v.project_id
    order by v.value ${direction} nulls last, p.district_code, p.external_id
    limit :top`;
  const bindings = { ...standingBindings(args.year, args.month, args.level, args.thresholds), scope: args.projectScope, top: args.top };
  const { rows } = (await em.getKnex().raw(sql, bindings)) as { rows: Record<string, any>[] };
  return rows.map(({ rank_value: value, rank_ytd: ytd, rank_plan: plan, rank_position: rank, ...columns }) => ({
    rank,
    project: em.map(Project, columns),
    // The completion rate leaves SQL only as the order; its value is recomputed exactly from the amounts.
    value:
      value === null
        ? null
        : args.indicator === ProjectIndicator.INVESTMENT_COMPLETION_RATE
          ? new Dec(ytd).div(plan).toNumber()
          : Number(value),
  }));
}
