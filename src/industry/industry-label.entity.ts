import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A district's own industry label (武进 95X, 金坛 五新产业, 高新区 labels) and the taxonomy node it maps to. */
@Entity({ tableName: 'industry_label' })
export class IndustryLabelMapping {
  @PrimaryKey({ type: 'string', length: 6 })
  districtCode!: string;

  @PrimaryKey({ type: 'string' })
  label!: string;

  @Property({ type: 'string' })
  scheme!: string;

  @Property({ type: 'string' })
  industryCode!: string;
}
