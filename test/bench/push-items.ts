import { INDUSTRIES } from '../../seeds/reference/industries';
import { INDUSTRY_LABELS } from '../../seeds/reference/industry-labels';
import { RagStatus } from '../../src/evaluation/rag-status.enum';
import { AmountQualifier, MoneyUnit } from '../../src/money/money.enums';
import { ConstructionType, ListingCategory, ProjectLevel, ProjectStatus } from '../../src/project/project.enums';
import { MAIN_PATH } from '../../src/project/lifecycle';
import type { EvaluationInput, ListingInput, ProjectInput } from '../../src/push/push.inputs';

/**
 * Realistic push items, as a district's own system would send them: whole project records with their listings of
 * last year and this year, money as decimal strings in the units districts write (亿元, 万元, now and then 亿美元),
 * taxonomy codes or the district's own industry labels, and monthly evaluations. Every item passes the push rules
 * (actual dates not after today, dates in order, the dates each status needs, evaluations only for listed years
 * and past months), so a push of them has no REJECTED item. Deterministic for a given `today`.
 */

const PREFIX: Record<string, string> = { '320411': 'XB', '320412': 'WJ', '320413': 'JT' };
const PARKS: Record<string, string[]> = {
  '320411': ['常州国家高新区', '滨江经济开发区', '罗溪镇', '薛家镇', '春江街道'],
  '320412': ['武进国家高新区', '西太湖科技产业园', '武进经济开发区', '湖塘镇', '礼嘉镇'],
  '320413': ['金坛经济开发区', '华罗庚高新区', '儒林镇', '直溪镇', '朱林镇'],
};
const COMPANY_WORDS = ['华辰', '天合', '星源', '恒立', '瑞声', '东方', '新阳', '博瑞', '金沃', '中创', '蜂巢', '时代'];
const PHASES = ['', '二期', '扩建', '技改'];
const CAPACITIES = ['年产10GWh动力电池', '年产5万吨新材料', '年产20万台套装备', '年产300万片晶圆', null, '年产1000吨原料药'];
// RESERVE … AT_CAPACITY, weighted as a library is: most projects are being built.
const STATUSES = [
  ProjectStatus.RESERVE, ProjectStatus.SIGNED, ProjectStatus.LISTED, ProjectStatus.PRE_CONSTRUCTION, ProjectStatus.UNDER_CONSTRUCTION,
  ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.COMPLETED, ProjectStatus.IN_PRODUCTION, ProjectStatus.AT_CAPACITY,
];
const SUBINDUSTRIES = INDUSTRIES.filter((i) => i.parentCode !== null);

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The twelve months ending with the month of `today` (a district reports each month once it has happened). */
export function lastTwelveMonths(today: string): { year: number; month: number }[] {
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  return Array.from({ length: 12 }, (_, i) => {
    const index = year * 12 + (month - 1) - (11 - i);
    return { year: Math.floor(index / 12), month: (index % 12) + 1 };
  });
}

function listings(n: number, totalWan: number, years: number[]): ListingInput[] {
  const level = n % 10 === 0 ? ProjectLevel.PROVINCIAL_MAJOR : n % 10 < 4 ? ProjectLevel.CITY_MAJOR : ProjectLevel.DISTRICT_KEY;
  return years.flatMap((year, i) => {
    const start = `${year}-${pad(1 + (n % 12), 2)}-01`;
    const listing: ListingInput = {
      year,
      level,
      category: n % 15 === 0 ? ListingCategory.RESERVE : ListingCategory.IMPLEMENTATION,
      constructionType: i === years.length - 1 && n % 3 === 0 ? ConstructionType.NEW : ConstructionType.CONTINUING,
      annualPlannedInvestment: { amount: (totalWan / (2 + (n % 4))).toFixed(2), unit: MoneyUnit.WAN },
      plannedStartOn: start,
      plannedCompletionOn: addDays(start, 200 + (n % 400)),
    };
    // Every provincial major project of the year is on the city's list too.
    return level === ProjectLevel.PROVINCIAL_MAJOR ? [listing, { ...listing, level: ProjectLevel.CITY_MAJOR }] : [listing];
  });
}

/** `count` projects of one district, each listed in every year of the last twelve months (their evaluations need it). */
export function districtProjects(districtCode: string, count: number, today: string): ProjectInput[] {
  const labels = INDUSTRY_LABELS.filter((l) => l.districtCode === districtCode);
  const parks = PARKS[districtCode]!;
  const years = [...new Set(lastTwelveMonths(today).map((m) => m.year))];
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const status = STATUSES[n % STATUSES.length]!;
    const step = MAIN_PATH.indexOf(status);
    const signedOn = addDays(today, -(420 + (n % 300)));
    const startedOn = addDays(signedOn, 60 + (n % 40));
    const completedOn = addDays(startedOn, 200);
    const industry = SUBINDUSTRIES[n % SUBINDUSTRIES.length]!;
    const label = n % 7 === 0 && labels.length > 0 ? labels[n % labels.length]!.label : null;
    const company = `常州${COMPANY_WORDS[n % COMPANY_WORDS.length]}${label ?? industry.name}有限公司`;
    // 亿元 mostly, 万元 for smaller ones, a few in 亿美元 (converted by the service at the signing year's rate).
    const [totalInvestment, totalWan] =
      n % 25 === 0
        ? [{ amount: (0.5 + (n % 9) * 0.5).toFixed(1), unit: MoneyUnit.YI, currency: 'USD' }, (0.5 + (n % 9) * 0.5) * 71_000]
        : n % 5 === 0
          ? [{ amount: String(5000 + ((n * 37) % 90_000)), unit: MoneyUnit.WAN }, 5000 + ((n * 37) % 90_000)]
          : [{ amount: ((2 + ((n * 7) % 480)) / 4).toFixed(2), unit: MoneyUnit.YI }, ((2 + ((n * 7) % 480)) / 4) * 10_000];
    return {
      externalId: `${PREFIX[districtCode]}-${pad(n, 6)}`,
      projectCode: step >= 1 ? `${signedOn.slice(0, 4)}-${districtCode}-${['34', '35', '38', '39'][n % 4]}-0${1 + (n % 4)}-${pad(n, 6)}` : null,
      name: `${company.slice(2, -4)}${PHASES[n % PHASES.length]}项目`,
      company,
      park: parks[n % parks.length]!,
      ...(label ? { industryLabel: label } : { industryCode: industry.code }),
      status,
      totalInvestment: { ...totalInvestment, qualifier: n % 11 === 0 ? AmountQualifier.APPROX : AmountQualifier.EXACT },
      capacity: CAPACITIES[n % CAPACITIES.length] ?? null,
      signedOn: step >= 1 ? signedOn : null,
      listedOn: step >= 2 ? addDays(signedOn, 20) : null,
      startedOn: step >= 4 ? startedOn : null,
      completedOn: step >= 5 ? completedOn : null,
      productionOn: step >= 6 ? addDays(completedOn, 30) : null,
      listings: listings(n, totalWan, years),
    };
  });
}

/** One month's evaluation of every project, as a district reports it: the YTD completed investment against the year's plan. */
export function monthlyEvaluations(projects: readonly ProjectInput[], year: number, month: number): EvaluationInput[] {
  return projects.map((project, i) => {
    const n = i + 1;
    const plan = Number(project.listings!.find((l) => l.year === year)!.annualPlannedInvestment.amount);
    // 30 %–129 % of the time-proportional plan: the projects spread over the three colours.
    const ytd = ((plan * month) / 12) * ((30 + ((n * 13) % 100)) / 100);
    return {
      externalId: project.externalId,
      year,
      month,
      completedInvestmentYtd: { amount: ytd.toFixed(2), unit: MoneyUnit.WAN },
      physicalProgressPct: Math.min(100, month * 8 + (n % 5)),
      assessedRag: n % 13 === 0 ? RagStatus.RED : n % 7 === 0 ? RagStatus.YELLOW : n % 5 === 4 ? null : RagStatus.GREEN,
      comment: month % 3 === 0 ? '按序时推进' : null,
    };
  });
}
