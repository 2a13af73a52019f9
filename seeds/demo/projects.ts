import type {
  ApprovalKindSeed, ApprovalSeed, DemoProjectSeed, EvaluationSeed, ListingSeed, MoneySeed, MoneyUnitSeed, QualifierSeed,
} from '../seed.types';

/*
 * The projects the five source articles name (domain.md (g)), with only what each article states, followed by
 * clearly invented DEMO- projects so the city dashboard has something to show for 2026-10.
 *
 * Left out, on purpose:
 * - 安川(中国)机器人有限公司 (004): an enterprise founded in 2012, not a project.
 * - 拨云汇智慧产业园 (001): a finished incubator (载体) honoured as a 示范基地; the article describes no investment project.
 * - 爱思开、贝特瑞 (002): named only as companies ("一批大项目、好项目加速推进"); no project, phase, amount or date to record.
 * - 常州锂源, 万帮数字能源, 贝内克长顺, 常州西太湖医院: companies or facilities mentioned in passing.
 * - Unnamed groups (e.g. 004's "2个百亿级项目", 003's "30个重大项目集中签约"): nothing to identify them by.
 *
 * Dates: where a status needs a date the article does not give, the latest date the article allows is used as an
 * upper bound and the sourceRef says so; month-only dates take the 15th, marked "day approximated".
 * Where an article states a 省重大/市重大 listing but no annual plan, the plan is 0 and the listing says it is a placeholder.
 */

const A000 = 'article 000_e1d7565df54ea9d1.txt (武进, ≈ 2024-11)';
const A001 = 'article 001_f04102f983c17de7.txt (武进区发改局 review of 2023, ≈ 2024-01)';
const A002 = 'article 002_627c7f4767facd91.txt (金坛, ≈ 2023-02)';
const A003 = 'article 003_549eecf6e2b3ac47.txt (常州日报 2021-07-25)';
const A004 = 'article 004_874e3677c824f89d.txt (武进区商务局, ≈ 2023-10)';
const INVENTED = 'invented for the demo dashboard';

function money(amount: string, unit: MoneyUnitSeed, currency = 'CNY', qualifier: QualifierSeed = 'EXACT'): MoneySeed {
  return { amount, unit, currency, qualifier };
}

/** A listing an article states (省重大/市重大 of that year) without its annual plan. */
function statedListing(year: number, level: ListingSeed['level'], constructionType: ListingSeed['constructionType'], why: string): ListingSeed {
  return {
    year, level, category: 'IMPLEMENTATION', constructionType, annualPlannedInvestment: money('0', 'WAN'),
    sourceRef: `${why}; 实施 and 新建/续建 inferred from the article; annual plan not stated, 0 is a placeholder`,
  };
}

function demoListing(listing: Omit<ListingSeed, 'year' | 'sourceRef'>): ListingSeed {
  return { year: 2026, ...listing, sourceRef: INVENTED };
}

function demoApproval(kind: ApprovalKindSeed, issuedOn: string): ApprovalSeed {
  return { kind, issuedOn, sourceRef: INVENTED };
}

/** Monthly 2026 evaluations from January on: year-to-date investment in `unit` and 形象进度 %. */
function demoEvaluations(unit: MoneyUnitSeed, ytd: string[], progressPct: number[]): EvaluationSeed[] {
  return ytd.map((amount, i) => ({
    year: 2026, month: i + 1, completedInvestmentYtd: money(amount, unit), physicalProgressPct: progressPct[i], sourceRef: INVENTED,
  }));
}

const ARTICLE_PROJECTS: DemoProjectSeed[] = [
  // ── 武进 320412, article 000 (≈ Nov 2024) ──
  {
    districtCode: '320412', externalId: 'WJ-2024-001',
    name: '伯仪生物微球及相关核心生物制剂研发产业化基地项目', company: '伯仪生物集团', park: '常州西太湖科技园',
    industryCode: 'BIO.SYN', industryLabel: '合成生物', status: 'COMPLETED', totalInvestment: money('3', 'YI'),
    capacity: '新建10条自动化生物大分子纯化生产线，新增5万升生物大分子纯化介质的年生产能力',
    startedOn: '2024-11-01', completedOn: '2024-11-01',
    sourceRef:
      `${A000}: 总投资3亿元; 项目一期已完成竣工验收，预计明年(2025)一季度开始试生产; 预计新增年产值4.5亿元. ` +
      'startedOn/completedOn not stated: 2024-11-01 (≈ the article date) is an upper bound, day approximated',
  },
  {
    districtCode: '320412', externalId: 'WJ-2024-002',
    name: '常州车业(常州)有限公司年产150万套新能源汽车用智能视觉系统车灯智能制造项目', company: '常州车业(常州)有限公司',
    industryCode: 'NEV.ELEC', status: 'UNDER_CONSTRUCTION', capacity: '年产150万套新能源汽车用智能视觉系统车灯',
    startedOn: '2024-01-15',
    sourceRef:
      `${A000}: 市重大项目; 1月取得施工许可证，今年武进首个"拿地即开工"项目 → startedOn 2024-01-15, day approximated; ` +
      '主体建设已完成总进度的70%，预计2025年三季度投产; no amount stated',
    listings: [statedListing(2024, 'CITY_MAJOR', 'NEW', `${A000}: 市重大项目 in 2024`)],
    approvals: [
      { kind: 'LAND_CONTRACT', issuedOn: '2024-01-15', sourceRef: `${A000}: 拿地即开工 in 1月 → same month as the permit, day approximated` },
      { kind: 'CONSTRUCTION_PERMIT', issuedOn: '2024-01-15', sourceRef: `${A000}: 施工许可证 1月 → 2024-01-15, day approximated` },
    ],
  },
  {
    districtCode: '320412', externalId: 'WJ-2024-003',
    name: '联德电子项目', industryCode: 'ICT.COMP', status: 'PRE_CONSTRUCTION',
    sourceRef:
      `${A000}: "市重大项目联德电子" received the 《用地服务清单》 with its land contract early in 2024 (全省首例"用地清单制"); ` +
      'industry inferred from the name; no amount stated',
    listings: [statedListing(2024, 'CITY_MAJOR', 'NEW', `${A000}: 市重大项目 in 2024`)],
    approvals: [
      { kind: 'LAND_CONTRACT', issuedOn: '2024-01-15', sourceRef: `${A000}: 今年年初受让土地使用权 → 2024-01-15, month and day approximated` },
    ],
  },
  {
    districtCode: '320412', externalId: 'WJ-2024-004',
    name: '理想汽车常州基地', company: '理想汽车', park: '武进国家高新区',
    industryCode: 'NEV.VEH', status: 'IN_PRODUCTION',
    startedOn: '2019-12-14', completedOn: '2019-12-14', productionOn: '2019-12-14',
    sourceRef:
      `${A000}: 10月14日第100万辆整车在常州基地下线，在武进仅用58个月便达成百万辆生产规模 → productionOn 2019-12-14 ` +
      '(58 months before 2024-10-14, derived, not stated); startedOn/completedOn not stated, set to the same date as upper bounds; ' +
      `${A004}: 武进国家高新区, 9月交付36060辆; no amount stated`,
  },

  // ── 武进 320412, article 001 (review of 2023) ──
  {
    districtCode: '320412', externalId: 'WJ-2023-001',
    name: '屹创新型储能项目', industryCode: 'NE.ESS', status: 'SIGNED',
    sourceRef: `${A001}: 签约 in 2023, one of "3个百亿元项目"; a class, not an amount, so no totalInvestment; no date stated`,
  },
  {
    districtCode: '320412', externalId: 'WJ-2023-002',
    name: '太阳诱电一期', industryCode: 'ICT.COMP', status: 'IN_PRODUCTION',
    startedOn: '2023-12-31', completedOn: '2023-12-31', productionOn: '2023-12-31',
    sourceRef: `${A001}: 投产 in 2023; dates not stated: 2023-12-31 is an upper bound for all three; no amount stated`,
  },
  {
    districtCode: '320412', externalId: 'WJ-2023-003',
    name: '移远通信制造基地', industryCode: 'ICT.COMM', status: 'IN_PRODUCTION',
    startedOn: '2023-12-31', completedOn: '2023-12-31', productionOn: '2023-12-31',
    sourceRef: `${A001}: 投产 in 2023; dates not stated: 2023-12-31 is an upper bound for all three; no amount stated`,
  },
  {
    districtCode: '320412', externalId: 'WJ-2023-004',
    name: '豪森润博智能装备项目', industryCode: 'EQP', status: 'IN_PRODUCTION',
    startedOn: '2023-12-31', completedOn: '2023-12-31', productionOn: '2023-12-31',
    sourceRef: `${A001}: "豪森润博智能装备" 投产 in 2023; dates not stated: 2023-12-31 is an upper bound for all three; no amount stated`,
  },
  {
    districtCode: '320412', externalId: 'WJ-2023-005',
    name: '海晨物流项目', industryCode: 'SVC.LOG', status: 'UNDER_CONSTRUCTION', startedOn: '2023-12-31',
    sourceRef: `${A001}: "拿地即开工" in 2023; startedOn not stated: 2023-12-31 is an upper bound; no amount stated`,
  },

  // ── 武进 320412, article 004 (≈ Oct 2023): "今年以来…陆续签约、落户、开工" — SIGNED is all it states for each ──
  {
    districtCode: '320412', externalId: 'WJ-2023-006',
    name: '铭纳阳电驱动系统项目', industryCode: 'NEV.EDS', status: 'SIGNED', totalInvestment: money('30', 'YI'),
    sourceRef: `${A004}: 投资30亿元; 今年(2023)以来陆续签约、落户、开工 (not said which); no date stated`,
  },
  {
    districtCode: '320412', externalId: 'WJ-2023-007',
    name: '汇川新能源动力总成项目', park: '武进国家高新区', industryCode: 'NEV.EDS', status: 'SIGNED',
    totalInvestment: money('20', 'YI'),
    sourceRef:
      `${A004}: 20亿元; 今年(2023)以来陆续签约、落户、开工 (not said which); 汇川新能源产线 already delivering, ` +
      '今年以来连续3次增加产线，每次扩产单月生产能力增加5万多台(套); no date stated',
  },
  {
    districtCode: '320412', externalId: 'WJ-2023-008',
    name: '德国汽车仪表盘项目', industryCode: 'NEV.ELEC', status: 'SIGNED', totalInvestment: money('2000', 'WAN', 'USD'),
    sourceRef: `${A004}: 2000万美元; 今年(2023)以来陆续签约、落户、开工 (not said which); no date stated`,
  },
  {
    districtCode: '320412', externalId: 'WJ-2023-009',
    name: '博俊汽车轻量化项目', industryCode: 'NEV.LIGHT', status: 'SIGNED', totalInvestment: money('10', 'YI'),
    sourceRef: `${A004}: 10亿元; 今年(2023)以来陆续签约、落户、开工 (not said which); no date stated`,
  },
  {
    districtCode: '320412', externalId: 'WJ-2023-010',
    name: '常诚智能车业项目', industryCode: 'NEV.ELEC', status: 'SIGNED', totalInvestment: money('10', 'YI'),
    sourceRef:
      `${A004}: "10亿元的常诚智能车业"; 今年(2023)以来陆续签约、落户、开工 (not said which); no date stated; ` +
      'industry inferred (probably the investor of WJ-2024-002, see domain.md (g))',
  },
  {
    districtCode: '320412', externalId: 'WJ-2023-011',
    name: '蛋白质药物生产基地项目', park: '常州西太湖科技产业园', industryCode: 'BIO.PHARMA', status: 'SIGNED',
    sourceRef: `${A004}: 签约 at the opening of the 2023 常州科技经贸洽谈会, <100 days from first talks; date and amount not stated`,
  },
  {
    districtCode: '320412', externalId: 'WJ-2023-012',
    name: '富维海诺汽车科技(常州)有限公司新基地', company: '富维海诺汽车科技(常州)有限公司', park: '武进国家高新区',
    industryCode: 'NEV.ELEC', status: 'COMPLETED', capacity: '达产后年产300万颗模组、800万片PCBA',
    startedOn: '2023-10-15', completedOn: '2023-10-15',
    sourceRef:
      `${A004}: 新基地落成; 预计实现年新增产值收入10亿元; startedOn/completedOn not stated: 2023-10-15 (≈ the article date) ` +
      'is an upper bound, day approximated; no amount stated',
  },

  // ── 金坛 320413, article 002 (≈ Feb 2023) ──
  {
    districtCode: '320413', externalId: 'JT-2023-001',
    name: '常州蜂巢能源四期项目', company: '蜂巢能源', industryCode: 'NE.BAT', status: 'UNDER_CONSTRUCTION',
    totalInvestment: money('150', 'YI'), capacity: '规划产能47吉瓦时（4.1期规划产能22吉瓦时）',
    startedOn: '2022-10-15',
    sourceRef:
      `${A002}: 总投资150亿元，今年(2023)的省级重大项目; 4.1期 去年10月率先进场施工 → startedOn 2022-10-15, day approximated; ` +
      '拿地即发"四证"; 预计2024年下半年实现满产',
    listings: [statedListing(2023, 'PROVINCIAL_MAJOR', 'CONTINUING', `${A002}: 2023年省级重大项目`)],
    approvals: [
      { kind: 'LAND_CONTRACT', issuedOn: '2022-09-09', sourceRef: `${A002}: "去年9月9日拿到这块地"` },
      { kind: 'CONSTRUCTION_PERMIT', issuedOn: '2022-09-19', sourceRef: `${A002}: "10天就拿到了第一个施工许可证"` },
    ],
  },
  {
    districtCode: '320413', externalId: 'JT-2023-002',
    name: '常州华大合成生物学产研基地一期项目', park: '金坛生物医药产业园（金坛经开区）',
    industryCode: 'BIO.SYN', status: 'UNDER_CONSTRUCTION', startedOn: '2023-02-15',
    sourceRef:
      `${A002}: 正在进行设备调试，预计今年(2023)3月正式投产; named with 蜂巢能源四期 as representative of the 7 projects on the ` +
      '2023 省重大 list; startedOn not stated: 2023-02-15 (≈ the article date) is an upper bound; no amount stated',
    listings: [statedListing(2023, 'PROVINCIAL_MAJOR', 'CONTINUING', `${A002}: on the 2023年省重大项目清单`)],
  },
  {
    districtCode: '320413', externalId: 'JT-2023-003',
    name: '中创新航三期项目', company: '中创新航', industryCode: 'NE.BAT', status: 'UNDER_CONSTRUCTION', startedOn: '2023-02-15',
    sourceRef:
      `${A002}: 实现"拿地即开工""拿地即发'四证'"; dates not stated: startedOn 2023-02-15 (≈ the article date) is an upper bound; ` +
      'no amount stated',
  },

  // ── 常州国家高新区（新北区） 320411, article 003 (2021-07-25) ──
  {
    districtCode: '320411', externalId: 'XB-2021-001',
    name: '比亚迪华东新能源乘用车及核心零部件产业园基地', company: '比亚迪', park: '罗溪镇',
    industryCode: 'NEV.VEH', status: 'UNDER_CONSTRUCTION', totalInvestment: money('100', 'YI'),
    capacity: '年产40万辆新能源整车及核心零部件', startedOn: '2020-07-25',
    sourceRef:
      `${A003}: 总投资100亿元的常州市重大项目; 经过一年多的建设，涂装、总装、冲压、焊接四大车间厂房已全面封顶; 预计明年(2022)量产; ` +
      '达产后年产值超500亿元; startedOn not stated: 2020-07-25 is the latest date "一年多的建设" allows (upper bound)',
    listings: [statedListing(2021, 'CITY_MAJOR', 'CONTINUING', `${A003}: 常州市重大项目 in 2021`)],
  },
  {
    districtCode: '320411', externalId: 'XB-2021-002',
    name: '欧胜高空作业平台新工厂项目', company: '法国欧胜集团', park: '罗溪镇',
    industryCode: 'EQP.AWP', status: 'UNDER_CONSTRUCTION', totalInvestment: money('9000', 'WAN', 'USD'), startedOn: '2021-07-25',
    sourceRef:
      `${A003}: 法国欧胜集团投资，总投资9000万美元; 44000平方米主厂房已封顶; 预计今年10月底厂房竣工验收，明年(2022)3月争取投产; ` +
      'startedOn not stated: 2021-07-25 (the article date) is an upper bound',
  },
  {
    districtCode: '320411', externalId: 'XB-2021-003',
    name: '宏微科技新项目', company: '宏微科技', park: '光伏产业园区（三井街道）',
    industryCode: 'IC.POWER', status: 'UNDER_CONSTRUCTION', totalInvestment: money('3.7', 'YI'), startedOn: '2021-07-25',
    sourceRef:
      `${A003}: 宏微科技增资3.7亿元的新项目; 新厂区占地34亩，规划建设1个功率半导体器件生产车间，车间已进入设备调试阶段，` +
      '厂区已进入竣工验收阶段，计划今年10月投产; startedOn not stated: 2021-07-25 (the article date) is an upper bound',
  },
];

// Invented 2026 data: at 2026-10 each district shows GREEN, YELLOW and RED projects, a 拿地即开工 and a 储备 listing.
const DEMO_ONLY_PROJECTS: DemoProjectSeed[] = [
  // ── 武进 320412 ──
  {
    districtCode: '320412', externalId: 'DEMO-WJ-001', name: '智能网联汽车电驱系统产业园（演示）',
    industryCode: 'NEV.EDS', industryLabel: '智电汽车', status: 'UNDER_CONSTRUCTION', totalInvestment: money('45', 'YI'),
    startedOn: '2025-03-18', sourceRef: INVENTED,
    listings: [demoListing({
      level: 'PROVINCIAL_MAJOR', category: 'IMPLEMENTATION', constructionType: 'CONTINUING',
      annualPlannedInvestment: money('12', 'YI'), plannedCompletionOn: '2027-06-30',
    })],
    // GREEN: 10.2 of 12 亿元 = 85% against 序时进度 83.3%.
    evaluations: demoEvaluations('YI',
      ['0.8', '1.9', '3.1', '4.2', '5.3', '6.3', '7.4', '8.3', '9.3', '10.2'],
      [42, 45, 48, 51, 54, 58, 62, 66, 70, 74]),
  },
  {
    districtCode: '320412', externalId: 'DEMO-WJ-002', name: '新型储能系统集成项目（演示）',
    industryCode: 'NE.ESS', industryLabel: '新型储能', status: 'UNDER_CONSTRUCTION', totalInvestment: money('8', 'YI'),
    startedOn: '2026-02-27', sourceRef: INVENTED,
    listings: [demoListing({
      level: 'CITY_MAJOR', category: 'IMPLEMENTATION', constructionType: 'NEW',
      annualPlannedInvestment: money('3', 'YI'), plannedStartOn: '2026-03-01', plannedCompletionOn: '2027-03-31',
    })],
    approvals: [demoApproval('LAND_CONTRACT', '2026-02-24'), demoApproval('CONSTRUCTION_PERMIT', '2026-02-27')],
    // YELLOW: 1.9 of 3 亿元 = 63.3%, 20 points behind.
    evaluations: demoEvaluations('YI',
      ['0', '0.05', '0.2', '0.4', '0.6', '0.85', '1.1', '1.35', '1.6', '1.9'],
      [0, 2, 6, 10, 15, 20, 26, 32, 38, 44]),
  },
  {
    districtCode: '320412', externalId: 'DEMO-WJ-003', name: '工业机器人精密减速器项目（演示）',
    industryCode: 'EQP.ROBOT', industryLabel: '机器人', status: 'PRE_CONSTRUCTION', totalInvestment: money('2.6', 'YI'),
    sourceRef: INVENTED,
    listings: [demoListing({
      level: 'CITY_MAJOR', category: 'IMPLEMENTATION', constructionType: 'NEW',
      annualPlannedInvestment: money('8000', 'WAN'), plannedStartOn: '2026-05-15', plannedCompletionOn: '2027-10-31',
    })],
    approvals: [demoApproval('LAND_CONTRACT', '2026-04-20')],
    // RED: the planned start of 2026-05-15 has passed unmet.
    evaluations: demoEvaluations('WAN',
      ['0', '0', '50', '120', '200', '260', '300', '330', '360', '400'],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
  },
  {
    districtCode: '320412', externalId: 'DEMO-WJ-004', name: '合成生物中试平台（演示）',
    industryCode: 'BIO.SYN', industryLabel: '合成生物', status: 'COMPLETED', totalInvestment: money('2.8', 'YI'),
    startedOn: '2025-09-10', completedOn: '2026-09-26', sourceRef: INVENTED,
    listings: [demoListing({
      level: 'DISTRICT_KEY', category: 'IMPLEMENTATION', constructionType: 'CONTINUING',
      annualPlannedInvestment: money('1.5', 'YI'), plannedCompletionOn: '2026-09-30',
    })],
    // GREEN: completed on time, 1.42 of 1.5 亿元.
    evaluations: demoEvaluations('YI',
      ['0.12', '0.25', '0.4', '0.55', '0.7', '0.85', '1.0', '1.15', '1.3', '1.42'],
      [55, 60, 65, 70, 75, 80, 86, 92, 100, 100]),
  },
  {
    districtCode: '320412', externalId: 'DEMO-WJ-005', name: '低空飞行器研发制造基地（演示）',
    industryCode: 'LAE.AIRCRAFT', industryLabel: '低空经济', status: 'SIGNED', totalInvestment: money('60', 'YI'),
    signedOn: '2026-06-18', sourceRef: INVENTED,
    listings: [demoListing({
      level: 'PROVINCIAL_MAJOR', category: 'RESERVE', constructionType: 'NEW',
      annualPlannedInvestment: money('0', 'WAN'), plannedStartOn: '2027-03-31',
    })],
  },

  // ── 金坛 320413 ──
  {
    districtCode: '320413', externalId: 'DEMO-JT-001', name: '动力电池扩产项目（演示）',
    industryCode: 'NE.BAT', industryLabel: '动力电池', status: 'UNDER_CONSTRUCTION', totalInvestment: money('80', 'YI'),
    startedOn: '2025-04-08', sourceRef: INVENTED,
    listings: [demoListing({
      level: 'PROVINCIAL_MAJOR', category: 'IMPLEMENTATION', constructionType: 'CONTINUING',
      annualPlannedInvestment: money('20', 'YI'), plannedCompletionOn: '2027-04-30',
    })],
    // GREEN: 17.6 of 20 亿元 = 88%.
    evaluations: demoEvaluations('YI',
      ['1.6', '3.4', '5.3', '7.1', '8.9', '10.8', '12.6', '14.3', '16.0', '17.6'],
      [35, 38, 42, 46, 50, 54, 58, 62, 66, 70]),
  },
  {
    districtCode: '320413', externalId: 'DEMO-JT-002', name: '储能电站装备项目（演示）',
    industryCode: 'NE.ESS', industryLabel: '储能', status: 'UNDER_CONSTRUCTION', totalInvestment: money('12', 'YI'),
    startedOn: '2026-03-12', sourceRef: INVENTED,
    listings: [demoListing({
      level: 'PROVINCIAL_MAJOR', category: 'IMPLEMENTATION', constructionType: 'NEW',
      annualPlannedInvestment: money('6', 'YI'), plannedStartOn: '2026-03-15', plannedCompletionOn: '2026-11-25',
    })],
    approvals: [demoApproval('LAND_CONTRACT', '2026-03-10'), demoApproval('CONSTRUCTION_PERMIT', '2026-03-12')],
    // YELLOW: on budget (5.2 of 6 亿元) but planned completion 2026-11-25 falls within 30 days after 2026-10-31.
    evaluations: demoEvaluations('YI',
      ['0', '0', '0.4', '1.0', '1.6', '2.3', '3.0', '3.7', '4.5', '5.2'],
      [0, 0, 5, 12, 20, 30, 42, 55, 68, 80]),
  },
  {
    districtCode: '320413', externalId: 'DEMO-JT-003', name: '光伏组件智能工厂（演示）',
    industryCode: 'NE.PV', industryLabel: '光伏', status: 'UNDER_CONSTRUCTION', totalInvestment: money('9', 'YI'),
    startedOn: '2026-04-18', sourceRef: INVENTED,
    listings: [demoListing({
      level: 'CITY_MAJOR', category: 'IMPLEMENTATION', constructionType: 'NEW',
      annualPlannedInvestment: money('4', 'YI'), plannedStartOn: '2026-04-30', plannedCompletionOn: '2027-06-30',
    })],
    approvals: [demoApproval('LAND_CONTRACT', '2026-01-16'), demoApproval('CONSTRUCTION_PERMIT', '2026-04-18')],
    // RED: 1.6 of 4 亿元 = 40%, more than 30 points behind.
    evaluations: demoEvaluations('YI',
      ['0', '0', '0', '0.1', '0.3', '0.5', '0.8', '1.0', '1.3', '1.6'],
      [0, 0, 0, 3, 6, 10, 14, 18, 22, 26]),
  },
  {
    districtCode: '320413', externalId: 'DEMO-JT-004', name: '生物医药产业园二期（演示）',
    industryCode: 'BIO.PHARMA', industryLabel: '新医药', status: 'COMPLETED', totalInvestment: money('3.2', 'YI'),
    startedOn: '2024-11-05', completedOn: '2026-06-28', sourceRef: INVENTED,
    listings: [demoListing({
      level: 'DISTRICT_KEY', category: 'IMPLEMENTATION', constructionType: 'CONTINUING',
      annualPlannedInvestment: money('9500', 'WAN'), plannedCompletionOn: '2026-06-30',
    })],
    // GREEN: completed on time, 9200 of 9500 万元.
    evaluations: demoEvaluations('WAN',
      ['900', '1800', '2800', '3800', '4900', '6000', '7000', '7800', '8600', '9200'],
      [70, 75, 80, 86, 93, 100, 100, 100, 100, 100]),
  },
  {
    districtCode: '320413', externalId: 'DEMO-JT-005', name: '高性能碳纤维复合材料项目（演示）',
    industryCode: 'MAT.CARBON', industryLabel: '新材料', status: 'SIGNED', totalInvestment: money('25', 'YI'),
    signedOn: '2026-05-20', sourceRef: INVENTED,
    listings: [demoListing({
      level: 'PROVINCIAL_MAJOR', category: 'RESERVE', constructionType: 'NEW', annualPlannedInvestment: money('0', 'WAN'),
    })],
  },

  // ── 常州国家高新区（新北区） 320411 ──
  {
    districtCode: '320411', externalId: 'DEMO-XB-001', name: '新能源汽车核心零部件产业园（演示）',
    industryCode: 'NEV.EDS', industryLabel: '新能源汽车及汽车核心零部件', status: 'UNDER_CONSTRUCTION',
    totalInvestment: money('50', 'YI'), startedOn: '2025-06-16', sourceRef: INVENTED,
    listings: [demoListing({
      level: 'PROVINCIAL_MAJOR', category: 'IMPLEMENTATION', constructionType: 'CONTINUING',
      annualPlannedInvestment: money('15', 'YI'), plannedCompletionOn: '2027-12-31',
    })],
    // GREEN: 13.1 of 15 亿元 = 87.3%.
    evaluations: demoEvaluations('YI',
      ['1.2', '2.5', '3.9', '5.2', '6.6', '8.0', '9.3', '10.6', '11.9', '13.1'],
      [20, 24, 28, 32, 36, 40, 44, 48, 52, 56]),
  },
  {
    districtCode: '320411', externalId: 'DEMO-XB-002', name: '高端医疗器械产业化基地（演示）',
    industryCode: 'BIO.DEVICE', industryLabel: '新医药及医疗器械', status: 'UNDER_CONSTRUCTION',
    // A foreign-invested total in 万美元, so the demo exercises the 2026 USD rate.
    totalInvestment: money('5000', 'WAN', 'USD'), startedOn: '2026-01-23', sourceRef: INVENTED,
    listings: [demoListing({
      level: 'CITY_MAJOR', category: 'IMPLEMENTATION', constructionType: 'NEW',
      annualPlannedInvestment: money('2.5', 'YI'), plannedStartOn: '2026-02-01', plannedCompletionOn: '2027-08-31',
    })],
    approvals: [demoApproval('LAND_CONTRACT', '2026-01-20'), demoApproval('CONSTRUCTION_PERMIT', '2026-01-23')],
    // YELLOW: 1.5 of 2.5 亿元 = 60%, 23 points behind.
    evaluations: demoEvaluations('YI',
      ['0', '0.1', '0.25', '0.4', '0.55', '0.7', '0.9', '1.1', '1.3', '1.5'],
      [2, 5, 9, 13, 17, 21, 26, 31, 36, 41]),
  },
  {
    districtCode: '320411', externalId: 'DEMO-XB-003', name: '高端智能装备制造项目（演示）',
    industryCode: 'EQP.HIGHEND', industryLabel: '高端智能装备', status: 'PRE_CONSTRUCTION', totalInvestment: money('6', 'YI'),
    sourceRef: INVENTED,
    listings: [demoListing({
      level: 'CITY_MAJOR', category: 'IMPLEMENTATION', constructionType: 'NEW',
      annualPlannedInvestment: money('2', 'YI'), plannedStartOn: '2026-08-31', plannedCompletionOn: '2028-06-30',
    })],
    approvals: [demoApproval('LAND_CONTRACT', '2026-07-10')],
    // RED: the planned start of 2026-08-31 has passed unmet.
    evaluations: demoEvaluations('WAN',
      ['0', '0', '0', '0', '0', '0', '80', '150', '210', '260'],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
  },
  {
    districtCode: '320411', externalId: 'DEMO-XB-004', name: '智慧能源微电网项目（演示）',
    industryCode: 'NE.GRID', industryLabel: '智慧能源', status: 'UNDER_CONSTRUCTION', totalInvestment: money('1.1', 'YI'),
    startedOn: '2025-10-12', sourceRef: INVENTED,
    listings: [demoListing({
      level: 'DISTRICT_KEY', category: 'IMPLEMENTATION', constructionType: 'CONTINUING',
      annualPlannedInvestment: money('6000', 'WAN'), plannedCompletionOn: '2026-11-20',
    })],
    // YELLOW: on budget (4900 of 6000 万元) but planned completion 2026-11-20 is due within 30 days.
    evaluations: demoEvaluations('WAN',
      ['400', '900', '1400', '1900', '2450', '3000', '3500', '4000', '4500', '4900'],
      [30, 36, 42, 48, 54, 60, 66, 72, 78, 84]),
  },
  {
    districtCode: '320411', externalId: 'DEMO-XB-005', name: '新型碳材料研发中心（演示）',
    industryCode: 'MAT.CARBON', industryLabel: '新型碳材料', status: 'SIGNED', totalInvestment: money('4', 'YI'),
    signedOn: '2026-04-09', sourceRef: INVENTED,
    listings: [demoListing({
      level: 'CITY_MAJOR', category: 'RESERVE', constructionType: 'NEW', annualPlannedInvestment: money('0', 'WAN'),
    })],
  },
];

export const DEMO_PROJECTS: DemoProjectSeed[] = [...ARTICLE_PROJECTS, ...DEMO_ONLY_PROJECTS];
