import { Embedded, Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../common/scalars';
import { Money } from '../money/money.embeddable';
import { RagStatus } from './rag-status.enum';
import { PublicFields } from '../cache/cache-control';

@Entity({ tableName: 'evaluation' })
@Unique({ properties: ['projectId', 'year', 'month'] })
@PublicFields()
@ObjectType({
  description: 'A monthly evaluation (月度调度评比) of a project: investment completed in the year to date and progress.',
})
export class Evaluation {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'bigint' })
  projectId!: string;

  @Field(() => Int, { description: 'Year of the report.' })
  @Property({ type: 'integer' })
  year!: number;

  @Field(() => Int, { description: 'Month of the report, 1–12.' })
  @Property({ type: 'integer' })
  month!: number;

  @Field(() => Money, { description: 'Investment completed from January to this month (1–m月完成投资).' })
  @Embedded(() => Money, { prefix: 'ytd_' })
  completedInvestmentYtd!: Money;

  @Field(() => Float, { nullable: true, description: 'Physical progress (形象进度) in percent, 0–100.' })
  @Property({ type: 'double', nullable: true })
  physicalProgressPct!: number | null;

  @Field(() => RagStatus, { nullable: true, description: "The district's own three-colour assessment (三色), if it gave one." })
  @Enum({ items: () => RagStatus, nullable: true })
  assessedRag!: RagStatus | null;

  @Field(() => String, { nullable: true, description: 'Free-text comment (说明).' })
  @Property({ type: 'string', nullable: true })
  comment!: string | null;

  @Field(() => Int, { description: 'Starts at 1; each resubmission of the month with other values adds 1.' })
  @Property({ type: 'integer' })
  revision!: number;

  @Field(() => DateTimeScalar, { description: 'When this revision was submitted.' })
  @Property({ type: 'datetime' })
  submittedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Where this record came from (a district push or a source article).' })
  @Property({ type: 'string', nullable: true })
  sourceRef!: string | null;
}
