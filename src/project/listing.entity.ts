import { Embedded, Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../common/scalars';
import { Money } from '../money/money.embeddable';
import { ConstructionType, ListingCategory, ProjectLevel } from './project.enums';
import { PublicFields } from '../cache/cache-control';

@Entity({ tableName: 'listing' })
@Unique({ properties: ['projectId', 'year', 'level'] })
@PublicFields()
@ObjectType({
  description:
    "A project's place on one year's list at one level (入库名单): e.g. 2023 省重大 实施 新建, with that year's planned investment.",
})
export class Listing {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'bigint' })
  projectId!: string;

  @Field(() => Int, { description: 'The list year (年度).' })
  @Property({ type: 'integer' })
  year!: number;

  @Field(() => ProjectLevel, { description: 'The list level: 省重大, 市重大 or 区重点.' })
  @Enum({ items: () => ProjectLevel })
  level!: ProjectLevel;

  @Field(() => ListingCategory, { description: '实施 (implementation) or 储备 (reserve).' })
  @Enum({ items: () => ListingCategory })
  category!: ListingCategory;

  @Field(() => ConstructionType, { description: '新建 (starts this year) or 续建 (continuing).' })
  @Enum({ items: () => ConstructionType })
  constructionType!: ConstructionType;

  @Field(() => Money, { description: 'Annual planned investment (年度计划投资) of this listing.' })
  @Embedded(() => Money, { prefix: 'planned_' })
  annualPlannedInvestment!: Money;

  @Field(() => DateScalar, { nullable: true, description: 'Planned start date (计划开工); drives the three-colour status.' })
  @Property({ type: 'date', nullable: true })
  plannedStartOn!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Planned completion date (计划竣工); drives the three-colour status.' })
  @Property({ type: 'date', nullable: true })
  plannedCompletionOn!: string | null;

  @Field(() => String, { nullable: true, description: 'Where this listing came from (a district push or a source article).' })
  @Property({ type: 'string', nullable: true })
  sourceRef!: string | null;
}
