import { DEMO_PROJECTS } from '../../seeds/demo/projects';
import { CURRENCY_RATES } from '../../seeds/reference/currency-rates';
import { INDUSTRIES } from '../../seeds/reference/industries';
import { INDUSTRY_LABELS } from '../../seeds/reference/industry-labels';
import type { DemoProjectSeed, LevelSeed, MoneySeed, StatusSeed } from '../../seeds/seed.types';
import { RagStatus } from '../../src/evaluation/rag-status.enum';
import { RateTable, totalInvestmentRateYear } from '../../src/money/fx';
import { toWanYuan } from '../../src/money/money';
import { MoneyUnit } from '../../src/money/money.enums';
import { useTestApp } from '../helpers/app';
import { gql } from '../helpers/graphql';

/** The seed data's own "today": no actual date may be later (api-contract.md, Precise rules). */
const TODAY = '2026-11-22';
const DASHBOARD_YEAR = 2026;
const DASHBOARD_MONTH = 10;

/** domain.md (e), both levels; OTH's children are the seed's own. */
const TAXONOMY: Record<string, string[]> = {
  NEV: ['VEH', 'EDS', 'ELEC', 'LIGHT'],
  NE: ['BAT', 'ESS', 'PV', 'H2', 'GRID', 'WIND'],
  IC: ['DESIGN', 'FAB', 'PKG', 'POWER'],
  EQP: ['ROBOT', 'HIGHEND', 'RAIL', 'AWP'],
  BIO: ['SYN', 'PHARMA', 'DEVICE', 'MAT'],
  ICT: ['COMM', 'AI', 'SW', 'COMP'],
  LAE: ['AIRCRAFT', 'OPS'],
  MAT: ['CARBON', 'METAL', 'CHEM'],
  SVC: ['LOG', 'HQ', 'RD'],
  PUB: ['TRANS', 'ENERGY', 'SOCIAL', 'ECO', 'URBAN'],
  OTH: ['MFG', 'OTHER'],
};
const EXPECTED_CODES = Object.entries(TAXONOMY).flatMap(([root, children]) => [root, ...children.map((c) => `${root}.${c}`)]);

const MAIN_PATH: StatusSeed[] = [
  'RESERVE', 'SIGNED', 'LISTED', 'PRE_CONSTRUCTION', 'UNDER_CONSTRUCTION', 'COMPLETED', 'IN_PRODUCTION', 'AT_CAPACITY',
];
/** "Or later" on the main path; SUSPENDED and WITHDRAWN are on no step of it. */
const atLeast = (status: StatusSeed, step: StatusSeed) => MAIN_PATH.indexOf(status) >= MAIN_PATH.indexOf(step);
const LEVEL_ORDER: LevelSeed[] = ['PROVINCIAL_MAJOR', 'CITY_MAJOR', 'DISTRICT_KEY'];
const DISTRICT_OF_ARTICLE: Record<string, string> = { '000': '320412', '001': '320412', '002': '320413', '003': '320411', '004': '320412' };
const PREFIX_OF_DISTRICT: Record<string, string> = { '320411': 'XB', '320412': 'WJ', '320413': 'JT' };

const industryByCode = new Map(INDUSTRIES.map((i) => [i.code, i]));
const rates = new RateTable(CURRENCY_RATES);
const isDemoOnly = (p: DemoProjectSeed) => p.externalId.startsWith('DEMO-');

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/** The last day of month m of year y, YYYY-MM-DD (day 0 of the next month). */
function endOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

function project(name: string): DemoProjectSeed {
  const found = DEMO_PROJECTS.filter((p) => p.name.includes(name));
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** Every actual date of a project, its listings' planned dates and its approvals' dates, by field. */
function datesOf(p: DemoProjectSeed): [string, string][] {
  const own = (['signedOn', 'listedOn', 'startedOn', 'completedOn', 'productionOn'] as const)
    .filter((f) => p[f] !== undefined)
    .map((f): [string, string] => [f, p[f]!]);
  const planned = (p.listings ?? []).flatMap((l) =>
    [l.plannedStartOn, l.plannedCompletionOn].filter((d): d is string => d !== undefined).map((d): [string, string] => [`listing ${l.year}`, d]));
  return [...own, ...planned, ...(p.approvals ?? []).map((a): [string, string] => [a.kind, a.issuedOn])];
}

/** Every amount of a project with the year whose rate converts it (api-contract.md, Numbers and money). */
function amountsOf(p: DemoProjectSeed): [MoneySeed, number][] {
  const listingYears = (p.listings ?? []).map((l) => l.year);
  const now = new Date(`${TODAY}T12:00:00+08:00`);
  return [
    ...(p.totalInvestment ? [[p.totalInvestment, totalInvestmentRateYear(p, listingYears, now)] as [MoneySeed, number]] : []),
    ...(p.listings ?? []).map((l): [MoneySeed, number] => [l.annualPlannedInvestment, l.year]),
    ...(p.evaluations ?? []).map((e): [MoneySeed, number] => [e.completedInvestmentYtd, e.year]),
  ];
}

function wanYuan(money: MoneySeed, year: number): string {
  return toWanYuan(money.amount, money.unit as MoneyUnit, rates.cnyPerUnit(money.currency, year)!);
}

describe('industry taxonomy', () => {
  it('holds every code of domain.md (e), once, and no other', () => {
    expect(INDUSTRIES.map((i) => i.code).sort()).toEqual([...EXPECTED_CODES].sort());
  });

  it('is ordered by code', () => {
    const codes = INDUSTRIES.map((i) => i.code);
    expect(codes).toEqual([...codes].sort());
  });

  it('has level-1 roots and level-2 children of an existing level-1 parent', () => {
    for (const industry of INDUSTRIES) {
      const [root, child] = industry.code.split('.');
      if (child === undefined) {
        expect(industry.parentCode).toBeNull();
      } else {
        expect(industry.parentCode).toBe(root);
        expect(industryByCode.get(root!)?.parentCode).toBeNull();
      }
      expect(industry.name.trim()).not.toBe('');
      expect(industry.nameEn.trim()).not.toBe('');
    }
  });
});

describe('district industry labels', () => {
  it('map onto existing taxonomy codes', () => {
    for (const label of INDUSTRY_LABELS) expect(industryByCode.has(label.industryCode)).toBe(true);
  });

  it('are unique per district and trimmed', () => {
    const keys = INDUSTRY_LABELS.map((l) => `${l.districtCode}/${l.label}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const label of INDUSTRY_LABELS) expect(label.label).toBe(label.label.trim());
  });

  it("use each district's own scheme and include its known labels", () => {
    const schemes: Record<string, [string, string[]]> = {
      '320412': ['WJ-95X', ['机器人', '智电汽车', '集成电路', '石墨烯', '医疗健康', '高端装备', '新能源', '新材料', '氢能', '新型储能', '合成生物', '低空经济', '人工智能', '数字经济', '电子信息', '节能环保', '新型交通']],
      '320413': ['JT-5NEW', ['新能源', '新能源汽车', '新一代信息技术', '新医药', '新材料']],
      '320411': ['XB-6', ['新能源汽车及汽车核心零部件', '新医药及医疗器械', '高端智能装备', '智慧能源', '光伏', '新型碳材料']],
    };
    for (const [district, [scheme, required]] of Object.entries(schemes)) {
      const own = INDUSTRY_LABELS.filter((l) => l.districtCode === district);
      expect(new Set(own.map((l) => l.scheme))).toEqual(new Set([scheme]));
      expect(own.map((l) => l.label)).toEqual(expect.arrayContaining(required));
    }
  });
});

describe('currency rates', () => {
  it('cover USD and EUR for 2019–2025 and the current year 2026, once each', () => {
    for (const currency of ['USD', 'EUR']) {
      const years = CURRENCY_RATES.filter((r) => r.currency === currency).map((r) => r.year).sort();
      expect(years).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    }
    expect(CURRENCY_RATES).toHaveLength(16);
  });

  it('are positive plain decimals with a named source', () => {
    for (const rate of CURRENCY_RATES) {
      expect(rate.cnyPerUnit).toMatch(/^\d+(\.\d{1,6})?$/);
      expect(Number(rate.cnyPerUnit)).toBeGreaterThan(0);
      expect(rate.source.length).toBeGreaterThan(20);
    }
  });

  it('keep the published 2025 USD average of the 统计公报', () => {
    expect(rates.cnyPerUnit('USD', 2025)).toBe('7.1429');
  });
});

describe('demo projects: consistency', () => {
  it('are unique by (district, externalId), with ids of the agreed shapes', () => {
    const keys = DEMO_PROJECTS.map((p) => `${p.districtCode}/${p.externalId}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of DEMO_PROJECTS) {
      const prefix = PREFIX_OF_DISTRICT[p.districtCode]!;
      const shape = isDemoOnly(p) ? new RegExp(`^DEMO-${prefix}-\\d{3}$`) : new RegExp(`^${prefix}-20\\d{2}-\\d{3}$`);
      expect(p.externalId).toMatch(shape);
    }
  });

  it('use existing industry codes, and district labels that map to that code or its parent', () => {
    for (const p of DEMO_PROJECTS) {
      expect(industryByCode.has(p.industryCode)).toBe(true);
      if (p.industryLabel === undefined) continue;
      const label = INDUSTRY_LABELS.find((l) => l.districtCode === p.districtCode && l.label === p.industryLabel);
      expect(label).toBeDefined();
      expect([p.industryCode, industryByCode.get(p.industryCode)!.parentCode]).toContain(label!.industryCode);
    }
  });

  it('have valid dates, no actual one after today, in order', () => {
    const invalid = DEMO_PROJECTS.flatMap((p) => datesOf(p).filter(([, d]) => !isCalendarDate(d)).map(([f, d]) => `${p.externalId} ${f} ${d}`));
    const future = DEMO_PROJECTS.flatMap((p) =>
      datesOf(p).filter(([f, d]) => !f.startsWith('listing') && d > TODAY).map(([f, d]) => `${p.externalId} ${f} ${d}`));
    expect([...invalid, ...future]).toEqual([]);
    for (const p of DEMO_PROJECTS) {
      const chain = [p.startedOn, p.completedOn, p.productionOn].filter((d): d is string => d !== undefined);
      expect(chain).toEqual([...chain].sort());
      for (const l of p.listings ?? []) {
        if (l.plannedStartOn && l.plannedCompletionOn) expect(l.plannedStartOn <= l.plannedCompletionOn).toBe(true);
      }
    }
  });

  it('carry the dates their status needs', () => {
    for (const p of DEMO_PROJECTS) {
      expect(p.status).not.toBe('SUSPENDED');
      if (atLeast(p.status, 'UNDER_CONSTRUCTION')) expect(p.startedOn).toBeDefined();
      if (atLeast(p.status, 'COMPLETED')) expect(p.completedOn).toBeDefined();
      if (atLeast(p.status, 'IN_PRODUCTION')) expect(p.productionOn).toBeDefined();
    }
  });

  it('have one listing per (year, level) and one evaluation per (year, month) of a listed year, none after 2026-10', () => {
    for (const p of DEMO_PROJECTS) {
      const listings = (p.listings ?? []).map((l) => `${l.year}/${l.level}`);
      expect(new Set(listings).size).toBe(listings.length);
      const listedYears = new Set((p.listings ?? []).map((l) => l.year));
      const evaluations = (p.evaluations ?? []).map((e) => `${e.year}/${e.month}`);
      expect(new Set(evaluations).size).toBe(evaluations.length);
      for (const e of p.evaluations ?? []) {
        expect(e.month).toBeGreaterThanOrEqual(1);
        expect(e.month).toBeLessThanOrEqual(12);
        expect(e.year * 100 + e.month).toBeLessThanOrEqual(DASHBOARD_YEAR * 100 + DASHBOARD_MONTH);
        expect(listedYears.has(e.year)).toBe(true);
        if (e.physicalProgressPct !== undefined) {
          expect(e.physicalProgressPct).toBeGreaterThanOrEqual(0);
          expect(e.physicalProgressPct).toBeLessThanOrEqual(100);
        }
      }
      const approvalKinds = (p.approvals ?? []).map((a) => a.kind);
      expect(new Set(approvalKinds).size).toBe(approvalKinds.length);
    }
  });

  it('hold non-negative exact amounts, each convertible with a held rate', () => {
    const amounts = DEMO_PROJECTS.flatMap((p) => amountsOf(p).map(([money, year]) => ({ id: p.externalId, money, year })));
    for (const { money } of amounts) {
      expect(money.amount).toMatch(/^\d+(\.\d{1,6})?$/);
      expect(money.currency).toMatch(/^[A-Z]{3}$/);
    }
    const unconvertible = amounts.filter(({ money, year }) => rates.cnyPerUnit(money.currency, year) === null);
    expect(unconvertible.map(({ id, money, year }) => `${id} ${money.currency} ${year}`)).toEqual([]);
  });

  it('mark every invented record as invented, and trace every real one to its article and district', () => {
    for (const p of DEMO_PROJECTS) {
      const nested = [...(p.listings ?? []), ...(p.approvals ?? []), ...(p.evaluations ?? [])];
      if (isDemoOnly(p)) {
        expect(p.name.endsWith('（演示）')).toBe(true);
        for (const record of [p, ...nested]) expect(record.sourceRef).toContain('invented');
      } else {
        const article = /^article (00[0-4])_[0-9a-f]{16}\.txt /.exec(p.sourceRef);
        expect(article).not.toBeNull();
        expect(DISTRICT_OF_ARTICLE[article![1]!]).toBe(p.districtCode);
        expect(p.name).not.toContain('演示');
      }
      // No article is later than 2024: anything dated 2025 or after is demo data.
      const late = [
        ...(p.listings ?? []).filter((l) => l.year >= 2025),
        ...(p.evaluations ?? []).filter((e) => e.year >= 2025),
        ...(p.approvals ?? []).filter((a) => a.issuedOn >= '2025'),
      ];
      for (const record of late) expect(record.sourceRef).toContain('invented');
      if (datesOf(p).some(([, d]) => d >= '2025')) expect(p.sourceRef).toContain('invented');
    }
  });
});

describe('demo projects: facts the articles state', () => {
  it('比亚迪华东基地: 100亿元 市重大 in 罗溪镇, 高新区, 年产40万辆', () => {
    const byd = project('比亚迪华东新能源乘用车');
    expect(byd.districtCode).toBe('320411');
    expect(byd.park).toBe('罗溪镇');
    expect(byd.totalInvestment).toEqual({ amount: '100', unit: 'YI', currency: 'CNY', qualifier: 'EXACT' });
    expect(byd.capacity).toContain('40万辆');
    expect(byd.listings?.map((l) => [l.year, l.level])).toEqual([[2021, 'CITY_MAJOR']]);
    expect(byd.sourceRef).toContain('003_549eecf6e2b3ac47');
  });

  it('欧胜: 9000万美元 in 罗溪镇; 宏微科技: 3.7亿元', () => {
    const haulotte = project('欧胜高空作业平台');
    expect(haulotte.districtCode).toBe('320411');
    expect(haulotte.totalInvestment).toEqual({ amount: '9000', unit: 'WAN', currency: 'USD', qualifier: 'EXACT' });
    expect(haulotte.park).toBe('罗溪镇');
    expect(project('宏微科技').totalInvestment).toEqual({ amount: '3.7', unit: 'YI', currency: 'CNY', qualifier: 'EXACT' });
  });

  it('蜂巢能源四期: 150亿元, 47吉瓦时, land 2022-09-09 and first permit 10 days later, 2023 省重大', () => {
    const svolt = project('蜂巢能源四期');
    expect(svolt.districtCode).toBe('320413');
    expect(svolt.totalInvestment).toEqual({ amount: '150', unit: 'YI', currency: 'CNY', qualifier: 'EXACT' });
    expect(svolt.capacity).toMatch(/47(GWh|吉瓦时)/);
    const issued = Object.fromEntries((svolt.approvals ?? []).map((a) => [a.kind, a.issuedOn]));
    expect(issued).toEqual({ LAND_CONTRACT: '2022-09-09', CONSTRUCTION_PERMIT: '2022-09-19' });
    expect(daysBetween(issued.LAND_CONTRACT!, issued.CONSTRUCTION_PERMIT!)).toBe(10);
    expect(svolt.listings?.map((l) => [l.year, l.level])).toEqual([[2023, 'PROVINCIAL_MAJOR']]);
  });

  it('武进 004: amounts as written, 2000万美元 included', () => {
    expect(project('德国汽车仪表盘').totalInvestment).toEqual({ amount: '2000', unit: 'WAN', currency: 'USD', qualifier: 'EXACT' });
    expect(project('铭纳阳').totalInvestment).toEqual({ amount: '30', unit: 'YI', currency: 'CNY', qualifier: 'EXACT' });
    expect(project('汇川新能源').totalInvestment?.amount).toBe('20');
    expect(project('博俊').totalInvestment?.amount).toBe('10');
    expect(project('常诚智能车业').totalInvestment?.amount).toBe('10');
  });

  it('常州车业: 市重大 2024, 拿地即开工 in January 2024', () => {
    const lamps = project('常州车业(常州)有限公司年产150万套');
    expect(lamps.districtCode).toBe('320412');
    expect(lamps.listings?.map((l) => [l.year, l.level])).toEqual([[2024, 'CITY_MAJOR']]);
    for (const approval of lamps.approvals ?? []) expect(approval.issuedOn.startsWith('2024-01')).toBe(true);
    expect(lamps.approvals?.map((a) => a.kind).sort()).toEqual(['CONSTRUCTION_PERMIT', 'LAND_CONTRACT']);
  });

  it('states no amount where the article gives none, and leaves out enterprises and carriers', () => {
    expect(project('屹创新型储能').totalInvestment).toBeUndefined();
    expect(project('理想汽车常州基地').totalInvestment).toBeUndefined();
    expect(project('理想汽车常州基地').park).toBe('武进国家高新区');
    expect(DEMO_PROJECTS.some((p) => p.name.includes('安川') || p.name.includes('拨云汇'))).toBe(false);
  });
});

describe('demo dashboard data for 2026-10', () => {
  const end = endOfMonth(DASHBOARD_YEAR, DASHBOARD_MONTH);
  const listed2026 = DEMO_PROJECTS.filter((p) => (p.listings ?? []).some((l) => l.year === DASHBOARD_YEAR));
  const standing = (p: DemoProjectSeed) =>
    (p.listings ?? []).filter((l) => l.year === DASHBOARD_YEAR).sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level))[0]!;

  // The RAG rule lives in SQL only (rag_status): the colours are read from the demo database, as the dashboard shows them.
  const app = useTestApp({ demoData: true });
  let ragByProject: Map<string, RagStatus | null>;

  beforeAll(async () => {
    const { body } = await gql(
      app,
      `query($y: Int!, $m: Int!) { projects(first: 100, filter: { year: $y }) {
         edges { node { externalId district { code } ragStatus(year: $y, month: $m) } } } }`,
      { y: DASHBOARD_YEAR, m: DASHBOARD_MONTH },
    );
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.projects.edges.map((e: any) => e.node) as { externalId: string; district: { code: string }; ragStatus: RagStatus | null }[];
    ragByProject = new Map(nodes.map((n) => [`${n.district.code}/${n.externalId}`, n.ragStatus]));
  });

  function rag(p: DemoProjectSeed): RagStatus | null {
    const key = `${p.districtCode}/${p.externalId}`;
    expect(ragByProject.has(key)).toBe(true);
    return ragByProject.get(key)!;
  }

  it('lists 4–6 projects per district in 2026, with a 储备 listing and mostly 实施 ones', () => {
    for (const district of ['320411', '320412', '320413']) {
      const own = listed2026.filter((p) => p.districtCode === district);
      expect(own.length).toBeGreaterThanOrEqual(4);
      expect(own.length).toBeLessThanOrEqual(6);
      const categories = own.map((p) => standing(p).category);
      expect(categories.filter((c) => c === 'RESERVE')).toHaveLength(1);
      expect(new Set(own.map((p) => standing(p).constructionType))).toEqual(new Set(['NEW', 'CONTINUING']));
    }
  });

  it('has monthly evaluations 1–10 with rising year-to-date investment for every 实施 project', () => {
    for (const p of listed2026.filter((q) => standing(q).category === 'IMPLEMENTATION')) {
      const months = (p.evaluations ?? []).filter((e) => e.year === DASHBOARD_YEAR);
      expect(months.map((e) => e.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const ytd = months.map((e) => Number(wanYuan(e.completedInvestmentYtd, DASHBOARD_YEAR)));
      expect(ytd).toEqual([...ytd].sort((a, b) => a - b));
    }
  });

  it('comes out GREEN, YELLOW and RED as designed', () => {
    const expected: Record<string, RagStatus> = {
      'DEMO-WJ-001': RagStatus.GREEN, 'DEMO-WJ-002': RagStatus.YELLOW, 'DEMO-WJ-003': RagStatus.RED, 'DEMO-WJ-004': RagStatus.GREEN,
      'DEMO-JT-001': RagStatus.GREEN, 'DEMO-JT-002': RagStatus.YELLOW, 'DEMO-JT-003': RagStatus.RED, 'DEMO-JT-004': RagStatus.GREEN,
      'DEMO-XB-001': RagStatus.GREEN, 'DEMO-XB-002': RagStatus.YELLOW, 'DEMO-XB-003': RagStatus.RED, 'DEMO-XB-004': RagStatus.YELLOW,
    };
    const actual = Object.fromEntries(
      listed2026.filter((p) => standing(p).category === 'IMPLEMENTATION').map((p) => [p.externalId, rag(p)]),
    );
    expect(actual).toEqual(expected);
    // A 储备 (RESERVE) listing has no colour.
    for (const p of listed2026.filter((q) => standing(q).category === 'RESERVE')) expect(rag(p)).toBeNull();
  });

  it('shows a 拿地即开工 (permit within 7 days of the land contract, in 2026 up to the month) in every district', () => {
    for (const district of ['320411', '320412', '320413']) {
      const quick = listed2026.filter((p) => {
        const land = p.approvals?.find((a) => a.kind === 'LAND_CONTRACT');
        const permit = p.approvals?.find((a) => a.kind === 'CONSTRUCTION_PERMIT');
        if (p.districtCode !== district || !land || !permit) return false;
        const days = daysBetween(land.issuedOn, permit.issuedOn);
        return permit.issuedOn.startsWith(`${DASHBOARD_YEAR}-`) && permit.issuedOn <= end && days >= 0 && days <= 7;
      });
      expect(quick.length).toBeGreaterThanOrEqual(1);
    }
  });
});
