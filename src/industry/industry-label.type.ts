import { Field, ObjectType } from 'type-graphql';
import { PublicFields } from '../cache/cache-control';

@PublicFields()
@ObjectType({ description: "A district's own industry label (区产业标签) and the taxonomy node it maps to." })
export class IndustryLabel {
  districtCode!: string;
  industryCode!: string;

  @Field({ description: 'The label as the district writes it, e.g. 智电汽车, 新能源, 高端智能装备.' })
  label!: string;

  @Field({ description: "The district's labelling scheme: WJ-95X (武进 95X), JT-5NEW (金坛 五新产业), XB-6 (高新区)." })
  scheme!: string;
}
