import { chinaToday } from '../../src/common/china-time';
import { useTestApp } from '../helpers/app';
import { insertListing } from '../helpers/fixtures';
import { errorCodes, gql } from '../helpers/graphql';
import {
  approvalItem,
  auditRowsAfter,
  evaluationItem,
  knexOf,
  lastAuditId,
  LISTING_2025,
  MutationName,
  nextMonth,
  projectItem,
  push,
  pushRaw,
  seedProject,
  tomorrow,
  uniqueId,
  writeState,
  WUJIN,
} from '../helpers/push-fixtures';

// Every per-item code of the contract's push rules, with its exact `field` path and a message that says
// what to send (api-contract.md, Writes and Precise rules); and what GraphQL itself refuses.

const app = useTestApp({ demoData: false });

const ITEMS = { upsertProjects: 'projects', recordApprovals: 'approvals', submitEvaluations: 'evaluations' } as const;
const DATES = { startedOn: '2025-04-01', completedOn: '2025-05-01', productionOn: '2025-06-01' };
const USD = (amount: string, unit = 'YI') => ({ amount, unit, currency: 'USD' });

interface ErrorCase {
  mutation: MutationName;
  /** Stores what the items are checked against (the project `id` where given), and returns the items. */
  items: (id: string) => Promise<Record<string, unknown>[]> | Record<string, unknown>[];
  /** The errors of the item at `at` (default 0): field, code, and what the message must say. */
  errors: [string, string, RegExp][];
  at?: number;
  token?: string;
}

/** Items about a project of Wujin stored first (with `fields`). */
const onStored =
  (build: (id: string) => Record<string, unknown>[], fields: Parameters<typeof seedProject>[3] = {}) =>
  async (id: string): Promise<Record<string, unknown>[]> => {
    await seedProject(app, WUJIN, id, fields);
    return build(id);
  };

const CASES: Record<string, ErrorCase> = {
  // REQUIRED
  'REQUIRED: an empty name': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { name: '  ' })],
    errors: [['projects.0.name', 'REQUIRED', /name is required/]],
  },
  'REQUIRED: an empty externalId': {
    mutation: 'upsertProjects',
    items: () => [projectItem('')],
    errors: [['projects.0.externalId', 'REQUIRED', /externalId is required/]],
  },
  'REQUIRED: UNDER_CONSTRUCTION without startedOn': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { status: 'UNDER_CONSTRUCTION' })],
    errors: [['projects.0.startedOn', 'REQUIRED', /UNDER_CONSTRUCTION needs startedOn/]],
  },
  'REQUIRED: COMPLETED without completedOn': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { status: 'COMPLETED', startedOn: DATES.startedOn })],
    errors: [['projects.0.completedOn', 'REQUIRED', /COMPLETED needs completedOn/]],
  },
  'REQUIRED: IN_PRODUCTION without productionOn': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { status: 'IN_PRODUCTION', startedOn: DATES.startedOn, completedOn: DATES.completedOn })],
    errors: [['projects.0.productionOn', 'REQUIRED', /IN_PRODUCTION needs productionOn/]],
  },
  'REQUIRED: AT_CAPACITY without any of its dates': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { status: 'AT_CAPACITY' })],
    errors: [
      ['projects.0.startedOn', 'REQUIRED', /needs startedOn/],
      ['projects.0.completedOn', 'REQUIRED', /needs completedOn/],
      ['projects.0.productionOn', 'REQUIRED', /needs productionOn/],
    ],
  },

  // INVALID_VALUE
  'INVALID_VALUE: both industryCode and industryLabel': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { industryLabel: '智电汽车' })],
    errors: [['projects.0.industryCode', 'INVALID_VALUE', /exactly one of industryCode .* and industryLabel/]],
  },
  'INVALID_VALUE: neither industryCode nor industryLabel': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { industryCode: null })],
    errors: [['projects.0.industryCode', 'INVALID_VALUE', /exactly one of industryCode/]],
  },
  'INVALID_VALUE: a listing year before 2000': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { listings: [{ ...LISTING_2025, year: 1999 }] })],
    errors: [['projects.0.listings.0.year', 'INVALID_VALUE', /from 2000 to 2100; got 1999/]],
  },
  'INVALID_VALUE: a listing year after 2100': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { listings: [LISTING_2025, { ...LISTING_2025, year: 2101 }] })],
    errors: [['projects.0.listings.1.year', 'INVALID_VALUE', /from 2000 to 2100; got 2101/]],
  },
  'INVALID_VALUE: removeListingYears outside 2000–2100': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { removeListingYears: [2024, 1999] })],
    errors: [['projects.0.removeListingYears.1', 'INVALID_VALUE', /from 2000 to 2100; got 1999/]],
  },
  'INVALID_VALUE: a year both in listings and in removeListingYears': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { removeListingYears: [2025] })],
    errors: [['projects.0.removeListingYears.0', 'INVALID_VALUE', /2025 is both in listings and in removeListingYears; send one or the other/]],
  },
  'INVALID_VALUE: a currency that is not three upper-case letters': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { totalInvestment: { amount: '1', unit: 'YI', currency: 'usd' } })],
    errors: [['projects.0.totalInvestment.currency', 'INVALID_VALUE', /three-letter ISO 4217 code in capitals/]],
  },
  'INVALID_VALUE: a listing plan in a four-letter currency': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { listings: [{ ...LISTING_2025, annualPlannedInvestment: { amount: '1', unit: 'WAN', currency: 'USDT' } }] })],
    errors: [['projects.0.listings.0.annualPlannedInvestment.currency', 'INVALID_VALUE', /ISO 4217/]],
  },
  "INVALID_VALUE: another project's projectCode": {
    mutation: 'upsertProjects',
    items: async (id) => {
      await seedProject(app, '320413', `${id}-OWNER`, { projectCode: `2306-320413-04-01-${id.slice(-6)}` });
      return [projectItem(id, { projectCode: `2306-320413-04-01-${id.slice(-6)}` })];
    },
    errors: [['projects.0.projectCode', 'INVALID_VALUE', /already belongs to project 320413\//]],
  },
  'INVALID_VALUE: an evaluation month 13': {
    mutation: 'submitEvaluations',
    items: onStored((id) => [evaluationItem(id, { month: 13 })]),
    errors: [['evaluations.0.month', 'INVALID_VALUE', /month must be from 1 to 12; got 13/]],
  },
  'INVALID_VALUE: an evaluation month 0': {
    mutation: 'submitEvaluations',
    items: onStored((id) => [evaluationItem(id, { month: 0 })]),
    errors: [['evaluations.0.month', 'INVALID_VALUE', /got 0/]],
  },
  'INVALID_VALUE: an evaluation year 1999': {
    mutation: 'submitEvaluations',
    items: onStored((id) => [evaluationItem(id, { year: 1999 })]),
    errors: [['evaluations.0.year', 'INVALID_VALUE', /from 2000 to 2100; got 1999/]],
  },
  'INVALID_VALUE: an evaluation year 2101': {
    mutation: 'submitEvaluations',
    items: onStored((id) => [evaluationItem(id, { year: 2101 })]),
    errors: [['evaluations.0.year', 'INVALID_VALUE', /got 2101/]],
  },
  'INVALID_VALUE: physicalProgressPct above 100': {
    mutation: 'submitEvaluations',
    items: onStored((id) => [evaluationItem(id, { physicalProgressPct: 100.5 })]),
    errors: [['evaluations.0.physicalProgressPct', 'INVALID_VALUE', /from 0 to 100; got 100.5/]],
  },
  'INVALID_VALUE: physicalProgressPct below 0': {
    mutation: 'submitEvaluations',
    items: onStored((id) => [evaluationItem(id, { physicalProgressPct: -1 })]),
    errors: [['evaluations.0.physicalProgressPct', 'INVALID_VALUE', /from 0 to 100; got -1/]],
  },

  // INVALID_AMOUNT
  'INVALID_AMOUNT: a negative total investment': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { totalInvestment: { amount: '-1', unit: 'WAN' } })],
    errors: [['projects.0.totalInvestment.amount', 'INVALID_AMOUNT', /may not be negative; got -1/]],
  },
  'INVALID_AMOUNT: a negative annual plan': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { listings: [{ ...LISTING_2025, annualPlannedInvestment: { amount: '-0.5', unit: 'YI' } }] })],
    errors: [['projects.0.listings.0.annualPlannedInvestment.amount', 'INVALID_AMOUNT', /may not be negative/]],
  },
  'INVALID_AMOUNT: a negative completed investment': {
    mutation: 'submitEvaluations',
    items: onStored((id) => [evaluationItem(id, { completedInvestmentYtd: { amount: '-100', unit: 'WAN' } })]),
    errors: [['evaluations.0.completedInvestmentYtd.amount', 'INVALID_AMOUNT', /may not be negative/]],
  },

  // INVALID_DATE
  'INVALID_DATE: completedOn before startedOn': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { status: 'COMPLETED', startedOn: '2025-05-01', completedOn: '2025-04-01' })],
    errors: [['projects.0.completedOn', 'INVALID_DATE', /completedOn 2025-04-01 is before startedOn 2025-05-01/]],
  },
  'INVALID_DATE: productionOn before completedOn': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { status: 'IN_PRODUCTION', ...DATES, productionOn: '2025-04-15' })],
    errors: [['projects.0.productionOn', 'INVALID_DATE', /productionOn 2025-04-15 is before completedOn 2025-05-01/]],
  },
  'INVALID_DATE: productionOn before startedOn, completedOn missing (a gap in the chain)': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { startedOn: '2025-05-01', productionOn: '2025-04-01' })],
    errors: [['projects.0.productionOn', 'INVALID_DATE', /productionOn 2025-04-01 is before startedOn 2025-05-01/]],
  },
  'INVALID_DATE: signedOn in the future': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { signedOn: tomorrow() })],
    errors: [['projects.0.signedOn', 'INVALID_DATE', /is in the future; today is .* Send the date it actually happened/]],
  },
  'INVALID_DATE: listedOn in the future': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { listedOn: tomorrow() })],
    errors: [['projects.0.listedOn', 'INVALID_DATE', /in the future/]],
  },
  'INVALID_DATE: startedOn in the future': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { status: 'UNDER_CONSTRUCTION', startedOn: tomorrow() })],
    errors: [['projects.0.startedOn', 'INVALID_DATE', /in the future/]],
  },
  'INVALID_DATE: plannedCompletionOn before plannedStartOn': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { listings: [{ ...LISTING_2025, plannedStartOn: '2025-06-01', plannedCompletionOn: '2025-05-31' }] })],
    errors: [['projects.0.listings.0.plannedCompletionOn', 'INVALID_DATE', /plannedCompletionOn 2025-05-31 is before plannedStartOn 2025-06-01/]],
  },
  'INVALID_DATE: an approval issued in the future': {
    mutation: 'recordApprovals',
    items: onStored((id) => [approvalItem(id, { issuedOn: tomorrow() })]),
    errors: [['approvals.0.issuedOn', 'INVALID_DATE', /in the future/]],
  },
  'INVALID_DATE: an evaluation of a month still to come': {
    mutation: 'submitEvaluations',
    items: async (id) => {
      const projectId = await seedProject(app, WUJIN, id);
      const { year, month } = nextMonth();
      await insertListing(knexOf(app), projectId, { year });
      return [evaluationItem(id, { year, month })];
    },
    errors: [['evaluations.0.month', 'INVALID_DATE', /has not happened yet; the latest month you can report is/]],
  },

  // NOT_LISTED, UNKNOWN_PROJECT
  'NOT_LISTED: an evaluation of a year the project has no listing in': {
    mutation: 'submitEvaluations',
    items: onStored((id) => [evaluationItem(id, { year: 2024 })]),
    errors: [['evaluations.0.year', 'NOT_LISTED', /no listing in 2024; add the year's listing with upsertProjects/]],
  },
  'UNKNOWN_PROJECT: an approval of no stored project': {
    mutation: 'recordApprovals',
    items: (id) => [approvalItem(id)],
    errors: [['approvals.0.externalId', 'UNKNOWN_PROJECT', /No project ".*" in district 320412; push it with upsertProjects first/]],
  },
  'UNKNOWN_PROJECT: an evaluation of no stored project': {
    mutation: 'submitEvaluations',
    items: (id) => [evaluationItem(id)],
    errors: [['evaluations.0.externalId', 'UNKNOWN_PROJECT', /push it with upsertProjects first/]],
  },
  "UNKNOWN_PROJECT: an approval of another district's project": {
    mutation: 'recordApprovals',
    items: async (id) => {
      await seedProject(app, '320411', id);
      return [approvalItem(id)];
    },
    errors: [['approvals.0.externalId', 'UNKNOWN_PROJECT', /in district 320412/]],
  },

  // UNKNOWN_INDUSTRY, UNKNOWN_INDUSTRY_LABEL
  'UNKNOWN_INDUSTRY: a code outside the taxonomy': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { industryCode: 'NEV.NOPE' })],
    errors: [['projects.0.industryCode', 'UNKNOWN_INDUSTRY', /"NEV.NOPE" is not in the city taxonomy; query `industries`/]],
  },
  'UNKNOWN_INDUSTRY_LABEL: a label no district uses': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { industryCode: null, industryLabel: '不存在的产业' })],
    errors: [['projects.0.industryLabel', 'UNKNOWN_INDUSTRY_LABEL', /industryLabels\(district: "320412"\)/]],
  },
  "UNKNOWN_INDUSTRY_LABEL: another district's label": {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { industryCode: null, industryLabel: '新型碳材料' })],
    errors: [['projects.0.industryLabel', 'UNKNOWN_INDUSTRY_LABEL', /not one of district 320412's industry labels/]],
  },

  // FX_RATE_MISSING
  'FX_RATE_MISSING: USD total investment of a project signed in 2018': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { signedOn: '2018-06-01', totalInvestment: USD('1') })],
    errors: [['projects.0.totalInvestment.currency', 'FX_RATE_MISSING', /No USD rate is held for 2018.*send the amount in CNY/]],
  },
  'FX_RATE_MISSING: a currency with no rate at all': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { totalInvestment: { amount: '1', unit: 'YI', currency: 'GBP' } })],
    errors: [['projects.0.totalInvestment.currency', 'FX_RATE_MISSING', /No GBP rate is held for 2025/]],
  },
  'FX_RATE_MISSING: a USD plan of a 2018 listing': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { listings: [{ ...LISTING_2025, year: 2018, annualPlannedInvestment: USD('1000', 'WAN') }] })],
    errors: [['projects.0.listings.0.annualPlannedInvestment.currency', 'FX_RATE_MISSING', /No USD rate is held for 2018/]],
  },
  'FX_RATE_MISSING: a USD evaluation of 2018': {
    mutation: 'submitEvaluations',
    items: async (id) => {
      const projectId = await seedProject(app, WUJIN, id);
      await insertListing(knexOf(app), projectId, { year: 2018 });
      return [evaluationItem(id, { year: 2018, completedInvestmentYtd: USD('100', 'WAN') })];
    },
    errors: [['evaluations.0.completedInvestmentYtd.currency', 'FX_RATE_MISSING', /No USD rate is held for 2018/]],
  },

  // VERSION_CONFLICT
  'VERSION_CONFLICT: an expectedVersion behind the stored one': {
    mutation: 'upsertProjects',
    items: onStored((id) => [projectItem(id, { expectedVersion: 2 })]),
    errors: [['projects.0.expectedVersion', 'VERSION_CONFLICT', /is at version 1, not 2: it changed since you read it\. Read it again, then resend/]],
  },
  'VERSION_CONFLICT: an expectedVersion for a project not stored yet': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { expectedVersion: 1 })],
    errors: [['projects.0.expectedVersion', 'VERSION_CONFLICT', /does not exist yet.*leave expectedVersion out/]],
  },

  // DUPLICATE_ITEM: the later one
  'DUPLICATE_ITEM: a project twice': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id), projectItem(id)],
    at: 1,
    errors: [['projects.1.externalId', 'DUPLICATE_ITEM', /appears earlier in this call; send each project once/]],
  },
  'DUPLICATE_ITEM: a projectCode twice': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(`${id}-A`, { projectCode: `2306-320412-04-01-${id.slice(-6)}` }), projectItem(`${id}-B`, { projectCode: `2306-320412-04-01-${id.slice(-6)}` })],
    at: 1,
    errors: [['projects.1.projectCode', 'DUPLICATE_ITEM', /used by an earlier item of this call/]],
  },
  'DUPLICATE_ITEM: a listing year and level twice in one project': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { listings: [LISTING_2025, { ...LISTING_2025, category: 'RESERVE' }] })],
    errors: [['projects.0.listings.1.level', 'DUPLICATE_ITEM', /2025 CITY_MAJOR is listed twice in this project; send it once/]],
  },
  'DUPLICATE_ITEM: an approval kind twice for a project': {
    mutation: 'recordApprovals',
    items: onStored((id) => [approvalItem(id), approvalItem(id, { issuedOn: '2025-04-02' })]),
    at: 1,
    errors: [['approvals.1.kind', 'DUPLICATE_ITEM', /appears earlier in this call; send each approval once/]],
  },
  'DUPLICATE_ITEM: an evaluation month twice for a project': {
    mutation: 'submitEvaluations',
    items: onStored((id) => [evaluationItem(id), evaluationItem(id, { physicalProgressPct: 41 })]),
    at: 1,
    errors: [['evaluations.1.month', 'DUPLICATE_ITEM', /appears earlier in this call; send each month once/]],
  },

  // INVALID_TRANSITION (the full matrix is below)
  'INVALID_TRANSITION: a new project cannot start SUSPENDED': {
    mutation: 'upsertProjects',
    items: (id) => [projectItem(id, { status: 'SUSPENDED' })],
    errors: [['projects.0.status', 'INVALID_TRANSITION', /cannot start SUSPENDED.*Send the status it is in/]],
  },
  'INVALID_TRANSITION: not even by the city with a reason, for a new project': {
    mutation: 'upsertProjects',
    token: 'city-token',
    items: (id) => [projectItem(id, { status: 'SUSPENDED', reason: '数据更正' })],
    errors: [['projects.0.status', 'INVALID_TRANSITION', /cannot start SUSPENDED/]],
  },
  'INVALID_TRANSITION: a backward move by the city without a reason': {
    mutation: 'upsertProjects',
    token: 'city-token',
    items: onStored((id) => [projectItem(id, { status: 'SIGNED' })], { status: 'PRE_CONSTRUCTION' }),
    errors: [['projects.0.status', 'INVALID_TRANSITION', /PRE_CONSTRUCTION → SIGNED is not allowed.*A city correction needs a reason/]],
  },
  'INVALID_TRANSITION: a backward move by the city with a blank reason': {
    mutation: 'upsertProjects',
    token: 'city-token',
    items: onStored((id) => [projectItem(id, { status: 'SIGNED', reason: '   ' })], { status: 'PRE_CONSTRUCTION' }),
    errors: [['projects.0.status', 'INVALID_TRANSITION', /A city correction needs a reason/]],
  },
  'INVALID_TRANSITION: a backward move by a district token, reason or not': {
    mutation: 'upsertProjects',
    items: onStored((id) => [projectItem(id, { status: 'SIGNED', reason: '录入错误' })], { status: 'PRE_CONSTRUCTION' }),
    errors: [['projects.0.status', 'INVALID_TRANSITION', /PRE_CONSTRUCTION → SIGNED is not allowed/]],
  },
};

describe('each per-item code, with its field path and a message saying what to send', () => {
  test.each(Object.entries(CASES))('%s', async (_name, { mutation, items, errors, at = 0, token = 'wujin-token' }) => {
    const id = uniqueId('ERR');
    const list = await items(id);
    const before = await writeState(app);
    const payload = await push(app, mutation, { district: WUJIN, [ITEMS[mutation]]: list }, token);
    expect(payload.rejected).toBe(list.length);
    expect(payload.results[at]!.outcome).toBe('REJECTED');
    expect(payload.results[at]!.errors.map((e) => [e.field, e.code])).toEqual(errors.map(([field, code]) => [field, code]));
    payload.results[at]!.errors.forEach((error, i) => expect(error.message).toMatch(errors[i]![2]));
    // The other items of the (atomic) call were aborted, not written.
    payload.results.forEach((result, i) => i !== at && expect(result.errors.map((e) => e.code)).toEqual(['BATCH_ABORTED']));
    expect(await writeState(app)).toEqual(before);
  });
});

describe('the edges the rules allow', () => {
  const PASSES: [string, MutationName, (id: string) => Promise<Record<string, unknown>[]> | Record<string, unknown>[]][] = [
    ['started, completed and in production on one day', 'upsertProjects', (id) => [projectItem(id, { status: 'IN_PRODUCTION', startedOn: '2025-05-01', completedOn: '2025-05-01', productionOn: '2025-05-01' })]],
    ['actual dates of today (China time)', 'upsertProjects', (id) => [projectItem(id, { status: 'UNDER_CONSTRUCTION', signedOn: chinaToday(), startedOn: chinaToday() })]],
    ['planned dates in the future, start and completion on one day', 'upsertProjects', (id) => [projectItem(id, { listings: [{ ...LISTING_2025, plannedStartOn: '2099-01-01', plannedCompletionOn: '2099-01-01' }] })]],
    ['zero amounts', 'upsertProjects', (id) => [projectItem(id, { totalInvestment: { amount: '0', unit: 'YUAN' }, listings: [{ ...LISTING_2025, annualPlannedInvestment: { amount: '0', unit: 'WAN' } }] })]],
    ['a district label with spaces around it', 'upsertProjects', (id) => [projectItem(id, { industryCode: null, industryLabel: ' 智电汽车 ' })]],
    ['a first-level taxonomy code', 'upsertProjects', (id) => [projectItem(id, { industryCode: 'NE' })]],
    ['listing years 2000 and 2100', 'upsertProjects', (id) => [projectItem(id, { listings: [{ ...LISTING_2025, year: 2000 }, { ...LISTING_2025, year: 2100 }] })]],
    ['a new project in any status but SUSPENDED: WITHDRAWN, with no dates', 'upsertProjects', (id) => [projectItem(id, { status: 'WITHDRAWN' })]],
    ['an approval issued today', 'recordApprovals', onStored((id) => [approvalItem(id, { issuedOn: chinaToday() })])],
    ['progress 0 and 100 percent', 'submitEvaluations', onStored((id) => [evaluationItem(id, { physicalProgressPct: 0 }), evaluationItem(id, { month: 7, physicalProgressPct: 100 })])],
    ['an evaluation of the current month', 'submitEvaluations', async (id) => {
      const projectId = await seedProject(app, WUJIN, id);
      const [year, month] = chinaToday().split('-').map(Number) as [number, number];
      await insertListing(knexOf(app), projectId, { year });
      return [evaluationItem(id, { year, month })];
    }],
  ];
  test.each(PASSES)('%s', async (_name, mutation, items) => {
    const list = await items(uniqueId('OK'));
    const payload = await push(app, mutation, { [ITEMS[mutation]]: list }, 'wujin-token');
    expect(payload.results.map((r) => [r.outcome, r.errors])).toEqual(list.map(() => ['CREATED', []]));
  });

  it('maps a trimmed district label onto the taxonomy and converts USD at the rate of the earliest listing year', async () => {
    const id = uniqueId('OK');
    await push(app, 'upsertProjects', {
      projects: [projectItem(id, { listedOn: null, industryCode: null, industryLabel: ' 智电汽车 ', totalInvestment: USD('1'), listings: [{ ...LISTING_2025, year: 2023 }] })],
    }, 'wujin-token');
    const { body } = await gql(app, 'query($e: String!) { project(district: "320412", externalId: $e) { industry { code } industryLabel totalInvestment { wanYuan original originalUnit currency } } }', { e: id });
    expect(body.data!.project).toEqual({
      industry: { code: 'NEV' },
      industryLabel: '智电汽车',
      totalInvestment: { wanYuan: '70467.0000', original: '1.0000', originalUnit: 'YI', currency: 'USD' },
    });
  });
});

describe('expectedVersion', () => {
  it('rejects a stale version even when the item is otherwise identical; accepts the stored one', async () => {
    const id = uniqueId('VER');
    await push(app, 'upsertProjects', { projects: [projectItem(id)] }, 'wujin-token');
    await push(app, 'upsertProjects', { projects: [projectItem(id, { capacity: '年产1万台' })] }, 'wujin-token');
    const same = projectItem(id, { capacity: '年产1万台' });

    const stale = await push(app, 'upsertProjects', { projects: [{ ...same, expectedVersion: 1 }] }, 'wujin-token');
    expect(stale.results[0]!.errors.map((e) => [e.field, e.code])).toEqual([['projects.0.expectedVersion', 'VERSION_CONFLICT']]);
    expect(stale.results[0]!.errors[0]!.message).toMatch(/at version 2, not 1/);
    expect(await push(app, 'upsertProjects', { projects: [{ ...same, expectedVersion: 2 }] }, 'wujin-token')).toMatchObject({ unchanged: 1 });
    const updated = await push(app, 'upsertProjects', { projects: [{ ...same, capacity: '年产2万台', expectedVersion: 2 }] }, 'wujin-token');
    expect(updated.results[0]).toMatchObject({ outcome: 'UPDATED', project: { version: 3 } });
  });
});

describe('the lifecycle, every move (domain.md (c))', () => {
  const STATUSES = ['RESERVE', 'SIGNED', 'LISTED', 'PRE_CONSTRUCTION', 'UNDER_CONSTRUCTION', 'COMPLETED', 'IN_PRODUCTION', 'AT_CAPACITY', 'SUSPENDED', 'WITHDRAWN'];
  const MAIN = STATUSES.slice(0, 8);
  /** The contract's rule, written out again here rather than imported. A SUSPENDED project below left LISTED. */
  const allowed = (from: string, to: string): boolean => {
    if (from === to) return true;
    if (to === 'WITHDRAWN') return from !== 'AT_CAPACITY';
    if (from === 'WITHDRAWN') return false;
    if (from === 'SUSPENDED') return to === 'LISTED';
    if (to === 'SUSPENDED') return ['SIGNED', 'LISTED', 'PRE_CONSTRUCTION', 'UNDER_CONSTRUCTION'].includes(from);
    return MAIN.indexOf(to) > MAIN.indexOf(from);
  };
  const MOVES = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to, allowed(from, to) ? 'allowed' : 'INVALID_TRANSITION'] as const));

  test.each(MOVES)('%s → %s: %s', async (from, to, expected) => {
    const id = uniqueId('MOVE');
    await seedProject(app, WUJIN, id, { status: from, suspendedFrom: from === 'SUSPENDED' ? 'LISTED' : undefined, ...DATES });
    const payload = await push(app, 'upsertProjects', { projects: [projectItem(id, { status: to, ...DATES })] }, 'wujin-token');
    if (expected === 'allowed') {
      expect(payload.results[0]).toMatchObject({ outcome: 'UPDATED', errors: [], project: { status: to, version: 2 } });
    } else {
      expect(payload.results[0]!.errors).toEqual([{ field: 'projects.0.status', code: 'INVALID_TRANSITION', message: expect.stringContaining(`${from} → ${to} is not allowed`) }]);
    }
  });

  it('SUSPENDED returns to the status it left, whichever that was', async () => {
    const id = uniqueId('MOVE');
    await push(app, 'upsertProjects', { projects: [projectItem(id, { status: 'UNDER_CONSTRUCTION', ...DATES })] }, 'wujin-token');
    await push(app, 'upsertProjects', { projects: [projectItem(id, { status: 'SUSPENDED', ...DATES })] }, 'wujin-token');
    const toListed = await push(app, 'upsertProjects', { projects: [projectItem(id, { status: 'LISTED', ...DATES })] }, 'wujin-token');
    expect(toListed.results[0]!.errors[0]!.message).toMatch(/SUSPENDED returns only to UNDER_CONSTRUCTION/);
    const back = await push(app, 'upsertProjects', { projects: [projectItem(id, { status: 'UNDER_CONSTRUCTION', ...DATES })] }, 'wujin-token');
    expect(back.results[0]).toMatchObject({ outcome: 'UPDATED', project: { status: 'UNDER_CONSTRUCTION', version: 3 } });
  });

  test.each([
    ['AT_CAPACITY', 'RESERVE'],
    ['WITHDRAWN', 'LISTED'],
    ['COMPLETED', 'SUSPENDED'],
    ['SUSPENDED', 'IN_PRODUCTION'],
  ])('the city corrects %s → %s with a reason, which the audit entry keeps', async (from, to) => {
    const id = uniqueId('FIX');
    await seedProject(app, WUJIN, id, { status: from, suspendedFrom: from === 'SUSPENDED' ? 'LISTED' : undefined, ...DATES });
    const auditBefore = await lastAuditId(app);
    const payload = await push(app, 'upsertProjects', { district: WUJIN, projects: [projectItem(id, { status: to, ...DATES, reason: '区里录入错误，市级更正' })] }, 'city-token');
    expect(payload.results[0]).toMatchObject({ outcome: 'UPDATED', errors: [], project: { status: to, version: 2 } });
    const audit = await auditRowsAfter(app, auditBefore);
    const projectEntry = audit.find((row) => row.entity === 'Project')!;
    expect([projectEntry.actor_role, projectEntry.reason, projectEntry.before.status, projectEntry.after.status]).toEqual(['city', '区里录入错误，市级更正', from, to]);
  });
});

describe('what GraphQL itself refuses fails the whole call with BAD_USER_INPUT, writing nothing', () => {
  test.each([
    ['an unknown status', 'upsertProjects', (id: string) => ({ projects: [projectItem(id, { status: 'BUILDING' })] })],
    ['an unknown money unit', 'upsertProjects', (id: string) => ({ projects: [projectItem(id, { totalInvestment: { amount: '1', unit: 'QIAN' } })] })],
    ['a missing name', 'upsertProjects', (id: string) => ({ projects: [projectItem(id, { name: undefined })] })],
    ['a date that does not exist', 'upsertProjects', (id: string) => ({ projects: [projectItem(id, { signedOn: '2025-02-30' })] })],
    ['a date with a time', 'recordApprovals', (id: string) => ({ approvals: [approvalItem(id, { issuedOn: '2025-04-01T08:00:00Z' })] })],
    ['a decimal with an exponent', 'upsertProjects', (id: string) => ({ projects: [projectItem(id, { totalInvestment: { amount: '1e5', unit: 'WAN' } })] })],
    ['a decimal with 7 places', 'submitEvaluations', (id: string) => ({ evaluations: [evaluationItem(id, { completedInvestmentYtd: { amount: '1.1234567', unit: 'WAN' } })] })],
    ['a decimal with thousands separators', 'upsertProjects', (id: string) => ({ projects: [projectItem(id, { totalInvestment: { amount: '1,000', unit: 'WAN' } })] })],
    ['an unknown approval kind', 'recordApprovals', (id: string) => ({ approvals: [approvalItem(id, { kind: 'BUILDING_PERMIT' })] })],
    ['a month that is not an integer', 'submitEvaluations', (id: string) => ({ evaluations: [evaluationItem(id, { month: 6.5 })] })],
  ] as [string, MutationName, (id: string) => Record<string, unknown>][])('%s', async (_name, mutation, input) => {
    const id = uniqueId('GQL');
    await seedProject(app, WUJIN, id);
    const before = await writeState(app);
    expect(errorCodes(await pushRaw(app, mutation, input(id), 'wujin-token'))).toEqual(['BAD_USER_INPUT']);
    expect(await writeState(app)).toEqual(before);
  });
});
