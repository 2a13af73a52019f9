import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../common/errors';
import type { Context } from '../context';
import { District } from '../district/district.entity';
import { IndustryLabelMapping } from './industry-label.entity';
import { Industry } from './industry.entity';
import { IndustryLabel } from './industry-label.type';
import { Public } from '../cache/cache-control';

@Resolver(() => Industry)
export class IndustryResolver {
  @Public()
  @Query(() => [Industry], { description: 'The roots (level 1) of the city industry taxonomy (产业分类), by code; their children below.' })
  industries(@Ctx() ctx: Context): Promise<Industry[]> {
    return ctx.em.find(Industry, { parentCode: null }, { orderBy: { code: 'asc' } });
  }

  @Public()
  @Query(() => [IndustryLabel], {
    description: "Each district's own industry labels (武进 95X, 金坛 五新产业, 高新区 labels) and the taxonomy node each maps to.",
  })
  async industryLabels(
    @Ctx() ctx: Context,
    @Arg('district', () => ID, { nullable: true, description: 'Only this district (GB/T 2260 code).' }) district?: string | null,
  ): Promise<IndustryLabel[]> {
    if (district != null && !ctx.reference.districtCodes.has(district)) {
      throw new BadUserInputError(`district "${district}" is unknown; use one of ${[...ctx.reference.districtCodes].join(', ')}.`, 'district');
    }
    const rows = await ctx.em.find(IndustryLabelMapping, district != null ? { districtCode: district } : {}, {
      orderBy: { districtCode: 'asc', label: 'asc' },
    });
    return rows.map((row) => Object.assign(new IndustryLabel(), row));
  }

  @Public()
  @FieldResolver(() => Industry, { nullable: true, description: 'The level-1 node above; null for a level-1 node.' })
  parent(@Root() industry: Industry, @Ctx() ctx: Context): Promise<Industry | null> | null {
    return industry.parentCode ? ctx.loaders.industryByCode.load(industry.parentCode) : null;
  }

  @Public()
  @FieldResolver(() => [Industry], { description: 'The level-2 nodes below, by code; empty for a level-2 node.' })
  children(@Root() industry: Industry, @Ctx() ctx: Context): Promise<Industry[]> {
    return ctx.loaders.industryChildrenByCode.load(industry.code);
  }
}

@Resolver(() => IndustryLabel)
export class IndustryLabelResolver {
  @Public()
  @FieldResolver(() => District, { description: 'The district that uses the label.' })
  async district(@Root() label: IndustryLabel, @Ctx() ctx: Context): Promise<District> {
    return (await ctx.loaders.districtByCode.load(label.districtCode))!;
  }

  @Public()
  @FieldResolver(() => Industry, { description: 'The taxonomy node the label maps to.' })
  async industry(@Root() label: IndustryLabel, @Ctx() ctx: Context): Promise<Industry> {
    return (await ctx.loaders.industryByCode.load(label.industryCode))!;
  }
}
