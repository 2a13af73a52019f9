import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { PublicFields } from '../cache/cache-control';

@Entity({ tableName: 'industry' })
@PublicFields()
@ObjectType({
  description:
    "A node of the city's two-level industry taxonomy (产业分类): level 1 such as NEV 新能源汽车, level 2 such as NEV.EDS 电驱/动力总成.",
})
export class Industry {
  @Field(() => ID, { description: 'Taxonomy code: "NEV" (level 1) or "NEV.EDS" (level 2).' })
  @PrimaryKey({ type: 'string' })
  code!: string;

  /** Parent's code; relations reach GraphQL only through loaders, so this stays a plain column. */
  @Property({ type: 'string', nullable: true })
  parentCode!: string | null;

  @Field({ description: 'Chinese name (产业名称).' })
  @Property({ type: 'string' })
  name!: string;

  @Field({ description: 'English name.' })
  @Property({ type: 'string' })
  nameEn!: string;
}
