import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../money/decimal';
import { District } from '../district/district.entity';
import { Project } from '../project/project.entity';
import { PublicFields } from '../cache/cache-control';

@PublicFields()
@ObjectType({
  description:
    'The indicators of a district (or the city) for year y at month m (月度指标), over the projects standing with a listing that year ' +
    '(at `level` when given, else their highest). WITHDRAWN projects are left out.',
})
export class DistrictIndicators {
  @Field(() => Int, { description: 'The year y.' })
  year!: number;

  @Field(() => Int, { description: 'The month m (defaulted to the latest month with any evaluation of year y city-wide, else 12).' })
  month!: number;

  @Field(() => Float, { description: '序时进度: m ÷ 12, the share of the year elapsed.' })
  timeProgress!: number;

  @Field(() => Int, { description: '入库项目数: projects standing with a listing of year y.' })
  listedCount!: number;

  @Field(() => Int, { description: '计划新开工项目数: IMPLEMENTATION projects whose listing is NEW (新建).' })
  newPlannedCount!: number;

  @Field(() => Int, { description: '新开工项目数: of those, started (startedOn) on or before the end of month m.' })
  startedCount!: number;

  @Field(() => Float, { nullable: true, description: '开工率: startedCount ÷ newPlannedCount; null when nothing new was planned.' })
  startRate!: number | null;

  @Field(() => Int, { description: '在建项目数: started by the end of month m and not completed by then.' })
  underConstructionCount!: number;

  @Field(() => Int, { description: '竣工项目数: completed in year y, on or before the end of month m.' })
  completedCount!: number;

  @Field(() => DecimalScalar, { description: '年度计划投资 (万元): Σ annual planned investment of the IMPLEMENTATION projects.' })
  plannedInvestment!: string;

  @Field(() => DecimalScalar, {
    description: '完成投资 (万元): Σ completedInvestmentYtd of each IMPLEMENTATION project\'s latest evaluation of year y with month ≤ m.',
  })
  completedInvestment!: string;

  @Field(() => Float, {
    nullable: true,
    description: '年度计划投资完成率: completedInvestment ÷ plannedInvestment, not capped at 1; null when nothing is planned.',
  })
  investmentCompletionRate!: number | null;

  @Field(() => Float, { nullable: true, description: '超(低于)序时进度: (investmentCompletionRate − timeProgress) × 100, in points.' })
  scheduleGapPp!: number | null;

  @Field(() => Int, { description: '红: IMPLEMENTATION projects that are RED (overdue, or > 30 points behind).' })
  redCount!: number;

  @Field(() => Int, { description: '黄: IMPLEMENTATION projects that are YELLOW (warning).' })
  yellowCount!: number;

  @Field(() => Int, { description: '绿: IMPLEMENTATION projects that are GREEN (on schedule).' })
  greenCount!: number;

  @Field(() => Int, {
    description: '拿地即开工: projects whose construction permit was issued in year y by the end of month m, 0–7 days after the land contract.',
  })
  quickStartCount!: number;
}

export enum DistrictIndicator {
  LISTED_COUNT = 'LISTED_COUNT',
  STARTED_COUNT = 'STARTED_COUNT',
  START_RATE = 'START_RATE',
  UNDER_CONSTRUCTION_COUNT = 'UNDER_CONSTRUCTION_COUNT',
  COMPLETED_COUNT = 'COMPLETED_COUNT',
  PLANNED_INVESTMENT = 'PLANNED_INVESTMENT',
  COMPLETED_INVESTMENT = 'COMPLETED_INVESTMENT',
  INVESTMENT_COMPLETION_RATE = 'INVESTMENT_COMPLETION_RATE',
  SCHEDULE_GAP_PP = 'SCHEDULE_GAP_PP',
  RED_COUNT = 'RED_COUNT',
  QUICK_START_COUNT = 'QUICK_START_COUNT',
}

export enum ProjectIndicator {
  TOTAL_INVESTMENT = 'TOTAL_INVESTMENT',
  COMPLETED_INVESTMENT = 'COMPLETED_INVESTMENT',
  INVESTMENT_COMPLETION_RATE = 'INVESTMENT_COMPLETION_RATE',
  LAND_TO_START_DAYS = 'LAND_TO_START_DAYS',
}

registerEnumType(DistrictIndicator, {
  name: 'DistrictIndicator',
  description: 'An indicator districts are ranked by (the field of DistrictIndicators of the same name). Higher is better, except RED_COUNT.',
  valuesConfig: {
    LISTED_COUNT: { description: '入库项目数.' },
    STARTED_COUNT: { description: '新开工项目数.' },
    START_RATE: { description: '开工率 (fraction).' },
    UNDER_CONSTRUCTION_COUNT: { description: '在建项目数.' },
    COMPLETED_COUNT: { description: '竣工项目数.' },
    PLANNED_INVESTMENT: { description: '年度计划投资 (万元).' },
    COMPLETED_INVESTMENT: { description: '完成投资 (万元).' },
    INVESTMENT_COMPLETION_RATE: { description: '年度计划投资完成率 (fraction).' },
    SCHEDULE_GAP_PP: { description: '超序时进度 (points).' },
    RED_COUNT: { description: '红色项目数; lower is better.' },
    QUICK_START_COUNT: { description: '拿地即开工项目数.' },
  },
});

registerEnumType(ProjectIndicator, {
  name: 'ProjectIndicator',
  description: "A project's indicator at (y, m), through its standing listing of year y. Higher is better, except LAND_TO_START_DAYS.",
  valuesConfig: {
    TOTAL_INVESTMENT: { description: '总投资 (万元).' },
    COMPLETED_INVESTMENT: { description: "完成投资 (万元): the project's own completedInvestmentYtd at (y, m); 0 when none." },
    INVESTMENT_COMPLETION_RATE: { description: '完成率: completed ÷ annual plan; null when the plan is 0 or the listing is RESERVE.' },
    LAND_TO_START_DAYS: { description: '拿地到开工天数; lower is better.' },
  },
});

@PublicFields()
@ObjectType({ description: "A district's place in a ranking (排名)." })
export class DistrictRank {
  @Field(() => Int, { nullable: true, description: 'Rank, 1 = best; ties share a rank and the next skips (1, 1, 3); null when the value is null.' })
  rank!: number | null;

  @Field(() => District, { description: 'The district.' })
  district!: District;

  @Field(() => Float, { nullable: true, description: 'The indicator as DistrictIndicators gives it (万元, fractions or points).' })
  value!: number | null;
}

@PublicFields()
@ObjectType({ description: "A project's place in a ranking (排名)." })
export class ProjectRank {
  @Field(() => Int, { nullable: true, description: 'Rank, 1 = best; ties share a rank and the next skips (1, 1, 3); null when the value is null.' })
  rank!: number | null;

  @Field(() => Project, { description: 'The project.' })
  project!: Project;

  @Field(() => Float, { nullable: true, description: 'The indicator value (万元, a fraction, or days).' })
  value!: number | null;
}
