import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Approval } from '../approval/approval.entity';
import { BadUserInputError } from '../common/errors';
import type { Context } from '../context';
import { District } from '../district/district.entity';
import { Evaluation } from '../evaluation/evaluation.entity';
import { Industry } from '../industry/industry.entity';
import { Listing } from './listing.entity';
import { ProjectConnection } from './project.connection';
import { Project } from './project.entity';
import { ProjectFilter, ProjectOrder } from './project.inputs';
import { ProjectQuery } from './project.query';
import { checkYear } from '../common/arguments';
import { isStorableText } from '../common/storable-text';
import { Public } from '../cache/cache-control';

const ID_PATTERN = /^[1-9]\d{0,17}$/;

@Resolver(() => Project)
export class ProjectResolver {
  @Public()
  @Query(() => Project, {
    nullable: true,
    description:
      'One project, by exactly one of: `id`; `projectCode` (项目代码); or `district` with `externalId`. Null when there is none.',
  })
  async project(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true, description: 'The city-wide project id.' }) id?: string | null,
    @Arg('projectCode', () => String, { nullable: true, description: 'The national investment project code (项目代码).' })
    projectCode?: string | null,
    @Arg('district', () => ID, { nullable: true, description: 'District code; goes with `externalId`.' }) district?: string | null,
    @Arg('externalId', () => String, { nullable: true, description: "The district system's own id; goes with `district`." })
    externalId?: string | null,
  ): Promise<Project | null> {
    const ways = [id != null, projectCode != null, district != null || externalId != null].filter(Boolean).length;
    if (ways !== 1 || (district == null) !== (externalId == null)) {
      throw new BadUserInputError(
        'project(...) takes exactly one of: id; projectCode; or district together with externalId, e.g. project(district: "320412", externalId: "WJ-2024-001").',
      );
    }
    if (id != null) {
      if (!ID_PATTERN.test(id)) throw new BadUserInputError(`id "${id}" is not a project id (a positive whole number such as "42").`, 'id');
      return ctx.loaders.projectById.load(id);
    }
    // Text no project can hold (U+0000, unpaired surrogates; PostgreSQL refuses the first as a parameter,
    // an internal error found by the fuzz tests) finds none.
    if (projectCode != null) return isStorableText(projectCode) ? ctx.em.findOne(Project, { projectCode }) : null;
    if (!ctx.reference.districtCodes.has(district!)) {
      throw new BadUserInputError(`district "${district}" is unknown; use one of ${[...ctx.reference.districtCodes].join(', ')}.`, 'district');
    }
    return isStorableText(externalId!) ? ctx.em.findOne(Project, { districtCode: district!, externalId: externalId! }) : null;
  }

  @Public()
  @Query(() => ProjectConnection, {
    description: 'Projects of all three districts, filtered and ordered, a page at a time (Relay connection; `first` 1–100, default 20).',
  })
  async projects(
    @Ctx() ctx: Context,
    @Arg('filter', () => ProjectFilter, { nullable: true, description: 'Which projects; all conditions must hold.' })
    filter?: ProjectFilter | null,
    @Arg('orderBy', () => ProjectOrder, { nullable: true, description: 'Order; default: district code, then externalId.' })
    orderBy?: ProjectOrder | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1–100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (pageInfo.endCursor).' })
    after?: string | null,
  ): Promise<ProjectConnection> {
    return ProjectConnection.of(await new ProjectQuery(ctx.em, ctx.reference).page({ filter, orderBy, first, after }));
  }

  @Public()
  @FieldResolver(() => District, { description: 'The district whose library the project is in.' })
  async district(@Root() project: Project, @Ctx() ctx: Context): Promise<District> {
    return (await ctx.loaders.districtByCode.load(project.districtCode))!;
  }

  @Public()
  @FieldResolver(() => Industry, { description: 'Its node of the city industry taxonomy (mapped from the district label when one was sent).' })
  async industry(@Root() project: Project, @Ctx() ctx: Context): Promise<Industry> {
    return (await ctx.loaders.industryByCode.load(project.industryCode))!;
  }

  @Public()
  @FieldResolver(() => [Listing], { description: 'Its listings on annual lists (入库), by year, then level from 省重大 down.' })
  listings(@Root() project: Project, @Ctx() ctx: Context): Promise<Listing[]> {
    return ctx.loaders.listingsByProjectId.load(project.id);
  }

  @Public()
  @FieldResolver(() => [Approval], { description: 'Its approvals (审批手续), by issue date, then kind.' })
  approvals(@Root() project: Project, @Ctx() ctx: Context): Promise<Approval[]> {
    return ctx.loaders.approvalsByProjectId.load(project.id);
  }

  @Public()
  @FieldResolver(() => [Evaluation], { description: 'Its monthly evaluations (月度调度), by (year, month); only those of `year` when given.' })
  async evaluations(
    @Root() project: Project,
    @Ctx() ctx: Context,
    @Arg('year', () => Int, { nullable: true, description: 'Only this year, 2000–2100.' }) year?: number | null,
  ): Promise<Evaluation[]> {
    if (year != null) checkYear(year, 'year');
    const all = await ctx.loaders.evaluationsByProjectId.load(project.id);
    return year == null ? all : all.filter((e) => e.year === year);
  }

  @Public()
  @FieldResolver(() => Evaluation, { nullable: true, description: 'Its evaluation with the latest (year, month); null when it has none.' })
  latestEvaluation(@Root() project: Project, @Ctx() ctx: Context): Promise<Evaluation | null> {
    return ctx.loaders.latestEvaluationByProjectId.load(project.id);
  }

  @Public()
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Days from land contract to construction permit (拿地到开工): CONSTRUCTION_PERMIT.issuedOn − LAND_CONTRACT.issuedOn; null if either is missing. 0–7 counts as 拿地即开工.',
  })
  landToStartDays(@Root() project: Project, @Ctx() ctx: Context): Promise<number | null> {
    return ctx.loaders.landToStartDaysByProjectId.load(project.id);
  }
}
