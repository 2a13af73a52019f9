import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../common/scalars';
import { DecimalScalar } from '../money/decimal';
import { ProjectLevel, ProjectStatus } from './project.enums';

export enum ProjectOrderField {
  TOTAL_INVESTMENT = 'TOTAL_INVESTMENT',
  NAME = 'NAME',
  STARTED_ON = 'STARTED_ON',
  UPDATED_AT = 'UPDATED_AT',
}

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(ProjectOrderField, {
  name: 'ProjectOrderField',
  description: 'What to order projects by; ties are broken by id ascending, and nulls sort last in either direction.',
  valuesConfig: {
    TOTAL_INVESTMENT: { description: 'Total investment (总投资) in 万元.' },
    NAME: { description: 'Project name, by Unicode code point.' },
    STARTED_ON: { description: 'Construction start date (开工日期).' },
    UPDATED_AT: { description: 'When the project last changed.' },
  },
});

registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Sort direction.',
  valuesConfig: { ASC: { description: 'Ascending.' }, DESC: { description: 'Descending.' } },
});

@InputType({ description: 'Which projects to list; all conditions must hold.' })
export class ProjectFilter {
  @Field(() => [ID], { nullable: true, description: 'Only these districts (GB/T 2260 codes, e.g. "320412").' })
  districts?: string[] | null;

  @Field(() => [ProjectStatus], { nullable: true, description: 'Only projects in one of these statuses.' })
  statuses?: ProjectStatus[] | null;

  @Field(() => ProjectLevel, {
    nullable: true,
    description: 'Only projects listed at this level (省重大/市重大/区重点): in `year` when given, else in any year.',
  })
  level?: ProjectLevel | null;

  @Field(() => Int, { nullable: true, description: 'Only projects with a listing (入库) in this year, 2000–2100.' })
  year?: number | null;

  @Field(() => String, { nullable: true, description: 'An industry code of the taxonomy, e.g. "NEV"; includes its children (NEV.EDS…).' })
  industry?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Only projects whose total investment is at least this many 万元 (inclusive).' })
  minTotalInvestment?: string | null;

  @Field(() => String, { nullable: true, description: 'Only projects whose name contains this text (case-insensitive).' })
  nameContains?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only projects changed at or after this time.' })
  updatedSince?: Date | null;
}

@InputType({ description: 'How to order projects. Without it: district code, then externalId, ascending.' })
export class ProjectOrder {
  @Field(() => ProjectOrderField, { description: 'The field to order by.' })
  field!: ProjectOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'ASC or DESC; ASC by default.' })
  direction!: OrderDirection;
}
