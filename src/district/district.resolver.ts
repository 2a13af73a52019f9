import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { ProjectConnection } from '../project/project.connection';
import { ProjectFilter, ProjectOrder } from '../project/project.inputs';
import { District } from './district.entity';
import { Public } from '../cache/cache-control';

@Resolver(() => District)
export class DistrictResolver {
  @Public()
  @Query(() => [District], { description: 'The three districts, by code.' })
  districts(@Ctx() ctx: Context): Promise<District[]> {
    return ctx.loaders.allDistricts();
  }

  @Public()
  @Query(() => District, { nullable: true, description: 'One district by its GB/T 2260 code; null when the code is unknown.' })
  district(@Ctx() ctx: Context, @Arg('code', () => ID, { description: 'GB/T 2260 code, e.g. "320412".' }) code: string): Promise<District | null> {
    return ctx.loaders.districtByCode.load(code);
  }

  @Public()
  @FieldResolver(() => ProjectConnection, {
    description: "This district's projects: like Query.projects, narrowed to this district.",
  })
  async projects(
    @Root() district: District,
    @Ctx() ctx: Context,
    @Arg('filter', () => ProjectFilter, { nullable: true, description: 'Which projects; all conditions must hold.' })
    filter?: ProjectFilter | null,
    @Arg('orderBy', () => ProjectOrder, { nullable: true, description: 'Order; default: externalId.' }) orderBy?: ProjectOrder | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1–100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts.' }) after?: string | null,
  ): Promise<ProjectConnection> {
    return ProjectConnection.of(await ctx.loaders.districtProjectPages.load({ districtCode: district.code, args: { filter, orderBy, first, after } }));
  }
}
