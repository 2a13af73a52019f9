import { Embedded, Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../common/scalars';
import { Money } from '../money/money.embeddable';
import { ProjectStatus } from './project.enums';
import { PublicFields } from '../cache/cache-control';

@Entity({ tableName: 'project' })
@Unique({ properties: ['districtCode', 'externalId'] })
@Index({ properties: ['districtCode'] })
@PublicFields()
@ObjectType({
  description:
    'A major project (重大项目) of one district\'s project library (项目库): its identity, status, money, dates, ' +
    'listings on annual lists, approvals (手续) and monthly evaluations (月度调度).',
})
export class Project {
  @Field(() => ID, { description: 'City-wide id issued by this service.' })
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 6 })
  districtCode!: string;

  @Field({ description: "The district system's own id for the project; unique within the district." })
  @Property({ type: 'string' })
  externalId!: string;

  @Field(() => String, {
    nullable: true,
    description: '24-character national investment project code (投资项目统一代码, 项目代码); unique when present.',
  })
  @Property({ type: 'string', nullable: true, unique: true })
  projectCode!: string | null;

  @Field({ description: 'Project name (项目名称) as the district writes it.' })
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'The company (项目单位) building the project.' })
  @Property({ type: 'string', nullable: true })
  company!: string | null;

  @Field(() => String, { nullable: true, description: 'Park, zone or town (园区/镇) where the project is, e.g. 罗溪镇.' })
  @Property({ type: 'string', nullable: true })
  park!: string | null;

  @Property({ type: 'string' })
  industryCode!: string;

  @Field(() => String, {
    nullable: true,
    description: "The district's own industry label (95X, 五新产业, 高新区 labels) when it sent one; mapped onto `industry`.",
  })
  @Property({ type: 'string', nullable: true })
  industryLabel!: string | null;

  @Field(() => ProjectStatus, { description: 'Lifecycle status (项目状态).' })
  @Enum({ items: () => ProjectStatus })
  status!: ProjectStatus;

  /** The status a SUSPENDED project left, the only one it may return to. */
  @Enum({ items: () => ProjectStatus, nullable: true })
  suspendedFrom!: ProjectStatus | null;

  @Field(() => Money, { nullable: true, description: 'Total planned investment (总投资); null only where the source states none.' })
  @Embedded(() => Money, { prefix: 'total_investment_', nullable: true })
  totalInvestment!: Money | null;

  @Field(() => String, { nullable: true, description: 'Capacity as written (产能): 年产40万辆, 47GWh.' })
  @Property({ type: 'string', nullable: true })
  capacity!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Where the record came from: a district push, or a source article (来源).',
  })
  @Property({ type: 'string', nullable: true })
  sourceRef!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '签约: date the investment agreement was signed.' })
  @Property({ type: 'date', nullable: true })
  signedOn!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '入库: date the project was admitted into the library.' })
  @Property({ type: 'date', nullable: true })
  listedOn!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '开工: date construction started (usually the construction permit).' })
  @Property({ type: 'date', nullable: true })
  startedOn!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '竣工: date construction was completed or accepted.' })
  @Property({ type: 'date', nullable: true })
  completedOn!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '投产: date production started.' })
  @Property({ type: 'date', nullable: true })
  productionOn!: string | null;

  @Field(() => Int, { description: 'Starts at 1; every change of the project, its listings, approvals or evaluations adds 1.' })
  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the project or any of its parts last changed.' })
  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
