import { Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DateScalar } from '../common/scalars';
import { ApprovalKind } from './approval.enums';
import { PublicFields } from '../cache/cache-control';

@Entity({ tableName: 'approval' })
@Unique({ properties: ['projectId', 'kind'] })
@PublicFields()
@ObjectType({ description: 'An approval (审批手续) a project obtained; one per kind, the latest record replacing the earlier.' })
export class Approval {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'bigint' })
  projectId!: string;

  @Field(() => ApprovalKind, { description: 'Which approval (立项, 土地出让合同, 施工许可证…).' })
  @Enum({ items: () => ApprovalKind })
  kind!: ApprovalKind;

  @Field(() => DateScalar, { description: 'Date issued (发证/签订日期).' })
  @Property({ type: 'date' })
  issuedOn!: string;

  @Field(() => String, { nullable: true, description: 'Document number (文号 / 证号).' })
  @Property({ type: 'string', nullable: true })
  documentNo!: string | null;

  @Field(() => String, { nullable: true, description: 'Issuing authority (发证机关).' })
  @Property({ type: 'string', nullable: true })
  issuer!: string | null;

  @Field(() => String, { nullable: true, description: 'Where this record came from (a district push or a source article).' })
  @Property({ type: 'string', nullable: true })
  sourceRef!: string | null;
}
