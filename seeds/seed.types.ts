// Shapes of the seed data. The seed files are TypeScript so the compiler checks every record.

export type DistrictCode = '320411' | '320412' | '320413';
export type MoneyUnitSeed = 'YUAN' | 'WAN' | 'YI';
export type QualifierSeed = 'EXACT' | 'APPROX' | 'OVER' | 'UNDER';
export type StatusSeed =
  | 'RESERVE' | 'SIGNED' | 'LISTED' | 'PRE_CONSTRUCTION' | 'UNDER_CONSTRUCTION'
  | 'COMPLETED' | 'IN_PRODUCTION' | 'AT_CAPACITY' | 'SUSPENDED' | 'WITHDRAWN';
export type LevelSeed = 'PROVINCIAL_MAJOR' | 'CITY_MAJOR' | 'DISTRICT_KEY';
export type ApprovalKindSeed =
  | 'PROJECT_FILING' | 'LAND_CONTRACT' | 'LAND_USE_PLANNING_PERMIT' | 'REAL_ESTATE_TITLE'
  | 'CONSTRUCTION_PLANNING_PERMIT' | 'CONSTRUCTION_PERMIT' | 'ENVIRONMENTAL_APPROVAL'
  | 'ENERGY_REVIEW' | 'DISCHARGE_PERMIT' | 'COMPLETION_ACCEPTANCE';

/** A node of the city's two-level industry taxonomy (domain.md (e)). */
export interface IndustrySeed {
  code: string;            // 'NEV' (level 1) or 'NEV.EDS' (level 2)
  parentCode: string | null;
  name: string;            // Chinese name
  nameEn: string;
}

/** A district's own industry label and the taxonomy node it maps to. */
export interface IndustryLabelSeed {
  districtCode: DistrictCode;
  scheme: string;          // 'WJ-95X', 'JT-5NEW', 'XB-6'
  label: string;           // as the district writes it, e.g. '智电汽车'
  industryCode: string;
}

/** A yearly average exchange rate: CNY per one unit of `currency`. */
export interface CurrencyRateSeed {
  currency: string;        // ISO 4217, upper case
  year: number;
  cnyPerUnit: string;      // decimal string, e.g. '7.1217'
  source: string;          // the published source of the figure
}

export interface MoneySeed {
  amount: string;          // as written, decimal string: '150' with unit 'YI' for 150亿元
  unit: MoneyUnitSeed;
  currency: string;        // 'CNY', 'USD'
  qualifier: QualifierSeed;
}

export interface ListingSeed {
  year: number;
  level: LevelSeed;
  category: 'IMPLEMENTATION' | 'RESERVE';
  constructionType: 'NEW' | 'CONTINUING';
  annualPlannedInvestment: MoneySeed;
  plannedStartOn?: string; // YYYY-MM-DD
  plannedCompletionOn?: string;
  sourceRef: string;       // article file, or 'invented for the demo dashboard: …'
}

export interface ApprovalSeed {
  kind: ApprovalKindSeed;
  issuedOn: string;
  documentNo?: string;
  issuer?: string;
  sourceRef: string;
}

export interface EvaluationSeed {
  year: number;
  month: number;
  completedInvestmentYtd: MoneySeed;
  physicalProgressPct?: number;
  assessedRag?: 'GREEN' | 'YELLOW' | 'RED';
  comment?: string;
  sourceRef: string;
}

/** A real project named in one of the source articles (domain.md (g)). */
export interface DemoProjectSeed {
  districtCode: DistrictCode;
  externalId: string;      // stable demo id, e.g. 'WJ-DEMO-001'
  projectCode?: string;
  name: string;
  company?: string;
  park?: string;
  industryCode: string;
  industryLabel?: string;  // the district's own label, when the article gives one
  status: StatusSeed;
  totalInvestment?: MoneySeed; // absent where the article states no amount
  capacity?: string;       // as written: '年产40万辆'
  sourceRef: string;       // e.g. 'article 003_549eecf6e2b3ac47 (常州日报 2021-07-25)'
  signedOn?: string;
  listedOn?: string;
  startedOn?: string;
  completedOn?: string;
  productionOn?: string;
  listings?: ListingSeed[];
  approvals?: ApprovalSeed[];
  evaluations?: EvaluationSeed[];
}
