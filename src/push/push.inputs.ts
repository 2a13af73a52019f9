import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../common/scalars';
import { DecimalScalar } from '../money/decimal';
import { AmountQualifier, MoneyUnit } from '../money/money.enums';
import { ApprovalKind } from '../approval/approval.enums';
import { RagStatus } from '../evaluation/rag-status.enum';
import { ConstructionType, ListingCategory, ProjectLevel, ProjectStatus } from '../project/project.enums';

@InputType({ description: 'An amount as the district writes it; the service derives 万元 CNY from it.' })
export class MoneyInput {
  @Field(() => DecimalScalar, { description: 'The amount in `unit`, e.g. "150" with YI for 150亿元; not negative, at most 6 decimals.' })
  amount!: string;

  @Field(() => MoneyUnit, { description: 'YUAN 元, WAN 万元, YI 亿元.' })
  unit!: MoneyUnit;

  @Field(() => String, { nullable: true, defaultValue: 'CNY', description: 'ISO 4217 code; non-CNY is converted with the yearly average rate held by the service.' })
  currency?: string | null;

  @Field(() => AmountQualifier, { nullable: true, defaultValue: AmountQualifier.EXACT, description: 'EXACT unless the source says 约, 近, 超, 以上…' })
  qualifier?: AmountQualifier | null;
}

@InputType({ description: "A project's listing on one year's list at one level (入库)." })
export class ListingInput {
  @Field(() => Int, { description: 'The list year, 2000–2100.' })
  year!: number;

  @Field(() => ProjectLevel, { description: '省重大, 市重大 or 区重点.' })
  level!: ProjectLevel;

  @Field(() => ListingCategory, { description: '实施 or 储备.' })
  category!: ListingCategory;

  @Field(() => ConstructionType, { description: '新建 or 续建.' })
  constructionType!: ConstructionType;

  @Field(() => MoneyInput, { description: 'Annual planned investment (年度计划投资); foreign money converts at the listing year\'s rate.' })
  annualPlannedInvestment!: MoneyInput;

  @Field(() => DateScalar, { nullable: true, description: 'Planned start (计划开工).' })
  plannedStartOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Planned completion (计划竣工), not before the planned start.' })
  plannedCompletionOn?: string | null;
}

@InputType({ description: "The whole record of one project's own fields: an optional field left out is stored as null." })
export class ProjectInput {
  @Field({ description: "The district system's id of the project: with the district, what identifies it." })
  externalId!: string;

  @Field(() => String, { nullable: true, description: '24-character national project code (项目代码), unique city-wide.' })
  projectCode?: string | null;

  @Field({ description: 'Project name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'The company building it.' })
  company?: string | null;

  @Field(() => String, { nullable: true, description: 'Park, zone or town.' })
  park?: string | null;

  @Field(() => String, { nullable: true, description: 'A taxonomy code (e.g. "NE.BAT"); send this or `industryLabel`, not both.' })
  industryCode?: string | null;

  @Field(() => String, { nullable: true, description: "The district's own label (e.g. 智电汽车), mapped through its label table." })
  industryLabel?: string | null;

  @Field(() => ProjectStatus, { description: 'Lifecycle status; moves follow the lifecycle (forward, SUSPENDED and back, WITHDRAWN).' })
  status!: ProjectStatus;

  @Field(() => MoneyInput, { description: 'Total investment (总投资).' })
  totalInvestment!: MoneyInput;

  @Field(() => String, { nullable: true, description: 'Capacity as written.' })
  capacity?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '签约 date.' })
  signedOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '入库 date.' })
  listedOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '开工 date; needed from UNDER_CONSTRUCTION on.' })
  startedOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '竣工 date, not before startedOn; needed from COMPLETED on.' })
  completedOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '投产 date, not before completedOn; needed from IN_PRODUCTION on.' })
  productionOn?: string | null;

  @Field(() => [ListingInput], { nullable: true, description: 'Replaces the listings of the years it names; left out, listings stay as they are.' })
  listings?: ListingInput[] | null;

  @Field(() => [Int], { nullable: true, description: 'Drops every listing of these years.' })
  removeListingYears?: number[] | null;

  @Field(() => Int, { nullable: true, description: 'Write only if the stored version is this one (else VERSION_CONFLICT).' })
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'Why: required for a city correction that breaks the lifecycle; kept in the audit log.' })
  reason?: string | null;
}

// Referenced by no field, so not emitted (type-graphql 2 leaves orphaned types out): each push's input inherits its fields.
@InputType({ description: 'Shared options of every push.' })
export class PushOptions {
  @Field(() => ID, { nullable: true, description: 'The district written: a district token may leave it out (its own); a city token must name it.' })
  district?: string | null;

  @Field(() => String, { nullable: true, description: 'Retrying with the same key and input replays the first result and writes nothing; kept at least 24 hours.' })
  idempotencyKey?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description: 'true (the default): one rejected item and nothing is written. false: valid items are written, invalid ones reported.',
  })
  atomic?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Validate and return the results the call would give, writing nothing.' })
  dryRun?: boolean | null;
}

@InputType({ description: 'New and changed projects of one district (at most 1,000).' })
export class UpsertProjectsInput extends PushOptions {
  @Field(() => [ProjectInput], { description: 'The projects, each a whole record.' })
  projects!: ProjectInput[];
}

@InputType({ description: 'An approval a project obtained; one per kind, replacing the earlier record.' })
export class ApprovalInput {
  @Field({ description: 'The project, by its district id.' })
  externalId!: string;

  @Field(() => ApprovalKind, { description: 'Which approval.' })
  kind!: ApprovalKind;

  @Field(() => DateScalar, { description: 'Date issued; not in the future.' })
  issuedOn!: string;

  @Field(() => String, { nullable: true, description: 'Document number (文号).' })
  documentNo?: string | null;

  @Field(() => String, { nullable: true, description: 'Issuing authority.' })
  issuer?: string | null;
}

@InputType({ description: 'Approvals of one district\'s projects (at most 1,000).' })
export class RecordApprovalsInput extends PushOptions {
  @Field(() => [ApprovalInput], { description: 'The approvals.' })
  approvals!: ApprovalInput[];
}

@InputType({ description: "A project's monthly evaluation; submitting a month again with other values replaces it (revision + 1)." })
export class EvaluationInput {
  @Field({ description: 'The project, by its district id.' })
  externalId!: string;

  @Field(() => Int, { description: 'Year, 2000–2100; the project must have a listing that year.' })
  year!: number;

  @Field(() => Int, { description: 'Month, 1–12, not after the current month.' })
  month!: number;

  @Field(() => MoneyInput, { description: 'Investment completed January to this month (1–m月完成投资).' })
  completedInvestmentYtd!: MoneyInput;

  @Field(() => Float, { nullable: true, description: 'Physical progress (形象进度), 0–100 percent.' })
  physicalProgressPct?: number | null;

  @Field(() => RagStatus, { nullable: true, description: "The district's own three-colour assessment." })
  assessedRag?: RagStatus | null;

  @Field(() => String, { nullable: true, description: 'Comment.' })
  comment?: string | null;
}

@InputType({ description: 'Monthly evaluations of one district\'s projects (at most 1,000).' })
export class SubmitEvaluationsInput extends PushOptions {
  @Field(() => [EvaluationInput], { description: 'The evaluations.' })
  evaluations!: EvaluationInput[];
}
