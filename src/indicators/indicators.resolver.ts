import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { checkMonth, checkTop, checkYear } from '../common/arguments';
import type { Context } from '../context';
import { District } from '../district/district.entity';
import { RagStatus } from '../evaluation/rag-status.enum';
import { Project } from '../project/project.entity';
import { ProjectLevel } from '../project/project.enums';
import { ProjectFilter } from '../project/project.inputs';
import { ProjectQuery } from '../project/project.query';
import { rankWithTies } from './indicator.rules';
import { CITY, EMPTY_COUNTS, IndicatorCounts } from './indicators.repository';
import { districtIndicatorValue, higherIsBetter, toDistrictIndicators } from './indicators.values';
import { DistrictIndicator, DistrictIndicators, DistrictRank, ProjectIndicator, ProjectRank } from './indicators.types';
import { rankProjects } from './project-ranking';
import { Public } from '../cache/cache-control';

const YEAR_DOC = { description: 'The year y, 2000–2100.' };
const MONTH_DOC = {
  nullable: true,
  description: 'The month m, 1–12; default: the latest month of year y with any evaluation city-wide, 12 if none.',
};
const LEVEL_DOC = { nullable: true, description: 'Narrow to projects listed at this level (their listing at it stands); default: each project\'s highest.' };

/** Checks the period arguments and fills in the default month. */
async function period(ctx: Context, year: number, month: number | null | undefined): Promise<{ year: number; month: number }> {
  checkYear(year);
  if (month != null) checkMonth(month);
  return { year, month: month ?? (await ctx.loaders.indicators.defaultMonthByYear.load(year)) };
}

async function countsFor(ctx: Context, year: number, month: number, level: ProjectLevel | null, scope: string): Promise<IndicatorCounts> {
  const all = await ctx.loaders.indicators.countsByKey.load({ year, month, level });
  return all.get(scope) ?? EMPTY_COUNTS;
}

@Resolver(() => District)
export class DistrictIndicatorsResolver {
  @Public()
  @FieldResolver(() => DistrictIndicators, { description: "This district's indicators for year y at month m (月度指标)." })
  async indicators(
    @Root() district: District,
    @Ctx() ctx: Context,
    @Arg('year', () => Int, YEAR_DOC) year: number,
    @Arg('month', () => Int, MONTH_DOC) month?: number | null,
    @Arg('level', () => ProjectLevel, LEVEL_DOC) level?: ProjectLevel | null,
  ): Promise<DistrictIndicators> {
    const at = await period(ctx, year, month);
    return toDistrictIndicators(at.year, at.month, await countsFor(ctx, at.year, at.month, level ?? null, district.code));
  }
}

@Resolver(() => Project)
export class ProjectRagResolver {
  @Public()
  @FieldResolver(() => RagStatus, {
    nullable: true,
    description: '三色 status at (year, month) by its standing listing of that year (its highest level); null unless that listing is IMPLEMENTATION.',
  })
  async ragStatus(
    @Root() project: Project,
    @Ctx() ctx: Context,
    @Arg('year', () => Int, YEAR_DOC) year: number,
    @Arg('month', () => Int, MONTH_DOC) month?: number | null,
  ): Promise<RagStatus | null> {
    const at = await period(ctx, year, month);
    return ctx.loaders.indicators.ragByProject(at.year, at.month).load(project);
  }
}

@Resolver()
export class RankingResolver {
  @Public()
  @Query(() => DistrictIndicators, { description: 'The indicators of the three districts together (全市), for year y at month m.' })
  async cityIndicators(
    @Ctx() ctx: Context,
    @Arg('year', () => Int, YEAR_DOC) year: number,
    @Arg('month', () => Int, MONTH_DOC) month?: number | null,
    @Arg('level', () => ProjectLevel, LEVEL_DOC) level?: ProjectLevel | null,
  ): Promise<DistrictIndicators> {
    const at = await period(ctx, year, month);
    return toDistrictIndicators(at.year, at.month, await countsFor(ctx, at.year, at.month, level ?? null, CITY));
  }

  @Public()
  @Query(() => [DistrictRank], {
    description: 'Every district ranked by one indicator (全市排名): best first, ties share a rank (1, 1, 3), nulls last, equals by district code.',
  })
  async districtRanking(
    @Ctx() ctx: Context,
    @Arg('indicator', () => DistrictIndicator, { description: 'The indicator to rank by.' }) indicator: DistrictIndicator,
    @Arg('year', () => Int, YEAR_DOC) year: number,
    @Arg('month', () => Int, MONTH_DOC) month?: number | null,
    @Arg('level', () => ProjectLevel, LEVEL_DOC) level?: ProjectLevel | null,
  ): Promise<DistrictRank[]> {
    const at = await period(ctx, year, month);
    const districts = await ctx.loaders.allDistricts();
    const all = await ctx.loaders.indicators.countsByKey.load({ ...at, level: level ?? null });
    const ranked = rankWithTies(
      districts.map((district) => ({
        item: district,
        value: districtIndicatorValue(all.get(district.code) ?? EMPTY_COUNTS, at.month, indicator),
      })),
      higherIsBetter(indicator),
    );
    return ranked.map(({ rank, item, value }) => Object.assign(new DistrictRank(), { rank, district: item, value: value?.toNumber() ?? null }));
  }

  @Public()
  @Query(() => [ProjectRank], {
    description:
      'The top projects by one indicator at (y, m): projects with a listing in year y matching `filter`, WITHDRAWN left out, ' +
      'best first, ties share a rank (1, 1, 3), nulls last, equals by district code then externalId, cut strictly at `top`.',
  })
  async projectRanking(
    @Ctx() ctx: Context,
    @Arg('indicator', () => ProjectIndicator, { description: 'The indicator to rank by.' }) indicator: ProjectIndicator,
    @Arg('year', () => Int, YEAR_DOC) year: number,
    @Arg('month', () => Int, MONTH_DOC) month?: number | null,
    @Arg('filter', () => ProjectFilter, { nullable: true, description: 'Which projects; `level` also picks the standing listing.' })
    filter?: ProjectFilter | null,
    @Arg('top', () => Int, { nullable: true, description: 'How many entries, 1–100 (default 10).' }) top?: number | null,
  ): Promise<ProjectRank[]> {
    if (top != null) checkTop(top);
    const at = await period(ctx, year, month);
    // The level picks the view; any other condition narrows the ranked projects to those matching the filter.
    const { level = null, ...conditions } = filter ?? {};
    const scoped = Object.values(conditions).some((value) => value != null);
    const rows = await rankProjects(ctx.em, {
      indicator,
      ...at,
      level,
      top: top ?? 10,
      projectScope: scoped ? new ProjectQuery(ctx.em, ctx.reference).idsMatching(filter!, 'filter') : null,
    });
    return rows.map((row) => Object.assign(new ProjectRank(), row));
  }
}
