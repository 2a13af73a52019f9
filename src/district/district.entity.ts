import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { PublicFields } from '../cache/cache-control';

@Entity({ tableName: 'district' })
@PublicFields()
@ObjectType({
  description:
    'A district (区) whose major-project library (重大项目库) this service unifies, identified by its GB/T 2260 code.',
})
export class District {
  @Field(() => ID, { description: 'GB/T 2260 administrative division code (行政区划代码), e.g. "320412" for 武进区.' })
  @PrimaryKey({ type: 'string', length: 6 })
  code!: string;

  @Field({ description: 'Short ASCII name for URLs and files: wujin, jintan, xinbei.' })
  @Property({ type: 'string' })
  slug!: string;

  @Field({ description: 'Chinese name, e.g. 武进区, 常州国家高新区（新北区）.' })
  @Property({ type: 'string' })
  name!: string;

  @Field({ description: 'English name, e.g. "Wujin District".' })
  @Property({ type: 'string' })
  nameEn!: string;
}
