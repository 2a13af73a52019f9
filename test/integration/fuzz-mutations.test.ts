/**
 * Property-based tests of the three push mutations (issue 5, item 8): arbitrary, hostile but
 * schema-shaped items from arbitrary callers, against the whole service on its own database.
 *
 * Every response: no HTTP 5xx, no INTERNAL_SERVER_ERROR, nothing internal in the body.
 * After every call, the database is compared with a snapshot taken before it:
 * - a refused call, a rejected atomic call, a dry run and an idempotent replay change no row;
 * - otherwise exactly the projects the results name as CREATED or UPDATED changed: project rows
 *   created = CREATED items, a new project has version 1, a changed one rose by exactly 1, and every
 *   UPDATED project really differs; approvals and evaluations created = CREATED items;
 * - audit_entry grew by exactly the number of changed records, entity by entity;
 * - an idempotency key is kept exactly when the call wrote;
 * - a written call sent again comes back UNCHANGED item by item and changes nothing.
 * Items mix clean ones (what a correct district system sends), clean ones with one hostile text field,
 * and wholly hostile ones; one call in eight carries values GraphQL itself refuses, one in thirteen
 * garbage somewhere in its variables.
 *
 * Replay a failure with FUZZ_SEED=<seed> (printed on failure); FUZZ_RUNS=<factor> runs more.
 */
import fc from 'fast-check';
import { escapeUnstorable } from '../../src/common/storable-text';
import { useTestApp } from '../helpers/app';
import {
  assertCleanResponse,
  chinaToday,
  collectingLogger,
  checkProperty,
  dateInput,
  decimalInput,
  FUZZ_SEED,
  hostileString,
  intInput,
  mangled,
  post,
  RawResponse,
  textOrHostile,
} from '../helpers/fuzz';

jest.setTimeout(180_000);

const DISTRICTS = ['320412', '320413', '320411'] as const;
const TOKEN_OF: Record<string, string> = { '320412': 'wujin-token', '320413': 'jintan-token', '320411': 'xinbei-token' };
const STATUSES = ['RESERVE', 'SIGNED', 'LISTED', 'PRE_CONSTRUCTION', 'UNDER_CONSTRUCTION', 'COMPLETED', 'IN_PRODUCTION', 'AT_CAPACITY', 'SUSPENDED', 'WITHDRAWN'];
const LEVELS = ['PROVINCIAL_MAJOR', 'CITY_MAJOR', 'DISTRICT_KEY'];
const KINDS = [
  'PROJECT_FILING',
  'LAND_CONTRACT',
  'LAND_USE_PLANNING_PERMIT',
  'REAL_ESTATE_TITLE',
  'CONSTRUCTION_PLANNING_PERMIT',
  'CONSTRUCTION_PERMIT',
  'ENVIRONMENTAL_APPROVAL',
  'ENERGY_REVIEW',
  'DISCHARGE_PERMIT',
  'COMPLETION_ACCEPTANCE',
];
const ITEM_CODES = new Set([
  'REQUIRED',
  'INVALID_VALUE',
  'INVALID_AMOUNT',
  'INVALID_DATE',
  'NOT_LISTED',
  'INVALID_TRANSITION',
  'UNKNOWN_PROJECT',
  'UNKNOWN_INDUSTRY',
  'UNKNOWN_INDUSTRY_LABEL',
  'FX_RATE_MISSING',
  'VERSION_CONFLICT',
  'DUPLICATE_ITEM',
  'BATCH_ABORTED',
]);
const TODAY = chinaToday();
const THIS_YEAR = Number(TODAY.slice(0, 4));

const RESULT_FIELDS = 'created updated unchanged rejected results { index externalId outcome errors { field code message } project { id version } }';
const MUTATIONS = {
  upsertProjects: { items: 'projects', doc: `mutation ($input: UpsertProjectsInput!) { upsertProjects(input: $input) { ${RESULT_FIELDS} } }` },
  recordApprovals: { items: 'approvals', doc: `mutation ($input: RecordApprovalsInput!) { recordApprovals(input: $input) { ${RESULT_FIELDS} } }` },
  submitEvaluations: { items: 'evaluations', doc: `mutation ($input: SubmitEvaluationsInput!) { submitEvaluations(input: $input) { ${RESULT_FIELDS} } }` },
} as const;
type MutationName = keyof typeof MUTATIONS;

const serverLog: Record<string, unknown>[] = [];
let industryCodes: string[] = [];
const labelsOf: Record<string, string[]> = {};
const externalIdsOf: Record<string, string[]> = {};
let projectCodes: string[] = [];
/** Idempotency keys the service holds, with the input that stored them: district|mutation|key → input JSON. */
const storedKeys = new Map<string, string>();
const stats = { calls: 0, wrote: 0, refused: 0, rejectedAtomic: 0, outcomes: {} as Record<string, number>, refusals: {} as Record<string, number> };

const app = useTestApp({ demoData: true, logger: collectingLogger(serverLog) });

beforeAll(async () => {
  const knex = app.orm.em.getKnex();
  industryCodes = ((await knex('industry').select('code').orderBy('code')) as { code: string }[]).map((r) => r.code);
  for (const district of DISTRICTS) {
    labelsOf[district] = ((await knex('industry_label').where({ district_code: district }).select('label')) as { label: string }[]).map((r) => r.label);
    const demo = ((await knex('project').where({ district_code: district }).select('external_id')) as { external_id: string }[]).map((r) => r.external_id);
    externalIdsOf[district] = [...demo.slice(0, 4), 'FZ-1', 'FZ-2', 'FZ-3', 'FZ-4', 'FZ-5'];
  }
  projectCodes = ((await knex('project').whereNotNull('project_code').select('project_code').limit(4)) as { project_code: string }[]).map((r) => r.project_code);
});

afterAll(async () => {
  console.log(`fuzz-mutations: FUZZ_SEED=${FUZZ_SEED}; ${JSON.stringify(stats)}`);
});

// ---------------------------------------------------------------------------------------------------
// Arbitraries

const districtArb = fc.constantFrom(...DISTRICTS);
/** Mostly an externalId the district has (or will have), sometimes another district's, sometimes hostile. */
const externalIdArb = (district: string) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...externalIdsOf[district]!) },
    { weight: 1, arbitrary: fc.constantFrom(...DISTRICTS.flatMap((d) => externalIdsOf[d]!.slice(0, 2))) },
    { weight: 2, arbitrary: hostileString() },
  );
const moneyArb = (wild: boolean) => fc.record(
  {
    amount: decimalInput(wild),
    unit: fc.constantFrom('YUAN', 'WAN', 'YI'),
    currency: fc.oneof({ weight: 8, arbitrary: fc.constant('CNY') }, { weight: 3, arbitrary: fc.constantFrom('USD', 'EUR') }, {
      weight: 1,
      arbitrary: fc.constantFrom('GBP', 'JPY', 'usd', 'US', 'CNYY', '', '人民币', 'C\u0000Y', null),
    }),
    qualifier: fc.constantFrom('EXACT', 'APPROX', 'OVER', 'UNDER', null),
  },
  { requiredKeys: ['amount', 'unit'] },
);
const optionalText = (normal: fc.Arbitrary<string>) => fc.option(textOrHostile(normal), { nil: null, freq: 3 });
const yearArb = intInput(fc.integer({ min: THIS_YEAR - 4, max: THIS_YEAR + 1 }));

const listingArb = (wild: boolean) =>
  fc.record(
    {
      year: yearArb,
      level: fc.constantFrom(...LEVELS),
      category: fc.constantFrom('IMPLEMENTATION', 'RESERVE'),
      constructionType: fc.constantFrom('NEW', 'CONTINUING'),
      annualPlannedInvestment: moneyArb(wild),
      plannedStartOn: fc.option(dateInput(TODAY, wild), { nil: null }),
      plannedCompletionOn: fc.option(dateInput(TODAY, wild), { nil: null }),
    },
    { requiredKeys: ['year', 'level', 'category', 'constructionType', 'annualPlannedInvestment'] },
  );

/** Dates mostly in order and present as the status needs, so that many items pass. */
const projectDatesArb = (wild: boolean) => fc
  .tuple(fc.array(dateInput(TODAY, wild), { minLength: 5, maxLength: 5 }), fc.boolean(), fc.integer({ min: 0, max: 5 }))
  .map(([dates, ordered, keep]) => {
    const sorted = ordered ? [...dates].sort() : dates;
    const [signedOn, listedOn, startedOn, completedOn, productionOn] = sorted.map((d, i) => (i < keep || !ordered ? d : null));
    return { signedOn, listedOn, startedOn, completedOn, productionOn };
  });

const hostileProjectItemArb = (district: string, wild: boolean) =>
  fc
    .tuple(
      fc.record(
        {
          externalId: externalIdArb(district),
          projectCode: fc.option(
            fc.oneof(fc.constantFrom(...(projectCodes.length ? projectCodes : ['X'])), fc.stringMatching(/^32\d{22}$/), hostileString()),
            { nil: null, freq: 2 },
          ),
          name: textOrHostile(fc.constantFrom('新能源汽车零部件项目', 'Fuzz project', '  padded name  ', '储能电站')),
          company: optionalText(fc.constantFrom('常州某某有限公司', 'ACME Ltd.')),
          park: optionalText(fc.constantFrom('武进高新区', '西太湖')),
          status: fc.constantFrom(...STATUSES),
          totalInvestment: moneyArb(wild),
          capacity: optionalText(fc.constantFrom('年产40万辆', '47GWh')),
          listings: fc.option(fc.array(listingArb(wild), { maxLength: 3 }), { nil: null }),
          removeListingYears: fc.option(fc.array(yearArb, { maxLength: 2 }), { nil: null, freq: 4 }),
          expectedVersion: fc.option(intInput(fc.integer({ min: 0, max: 6 })), { nil: null, freq: 4 }),
          reason: fc.option(textOrHostile(fc.constantFrom('correction by the city', '更正')), { nil: null, freq: 3 }),
        },
        { requiredKeys: ['externalId', 'name', 'status', 'totalInvestment'] },
      ),
      fc.oneof(
        { weight: 6, arbitrary: fc.record({ industryCode: fc.constantFrom(...industryCodes) }) },
        { weight: 3, arbitrary: fc.record({ industryLabel: fc.constantFrom(...labelsOf[district]!, ...labelsOf[district]!.map((l) => ` ${l} `)) }) },
        {
          weight: 1,
          arbitrary: fc.record(
            { industryCode: fc.oneof(fc.constantFrom('XX', 'nev', 'NEV.', '', 'NEV.EDS.X'), hostileString()), industryLabel: fc.oneof(fc.constantFrom(...labelsOf[DISTRICTS[0]]!), hostileString()) },
            { requiredKeys: [] },
          ),
        },
      ),
      projectDatesArb(wild),
    )
    .map(([item, industry, dates]) => ({ ...item, ...industry, ...dates }));

const hostileApprovalItemArb = (district: string, wild: boolean) =>
  fc.record(
    {
      externalId: externalIdArb(district),
      kind: fc.constantFrom(...KINDS),
      issuedOn: dateInput(TODAY, wild),
      documentNo: optionalText(fc.constantFrom('常发改备〔2024〕12号', 'DOC-1')),
      issuer: optionalText(fc.constantFrom('常州市发展和改革委员会', 'Issuer')),
    },
    { requiredKeys: ['externalId', 'kind', 'issuedOn'] },
  );

const hostileEvaluationItemArb = (district: string, wild: boolean) =>
  fc.record(
    {
      externalId: externalIdArb(district),
      year: yearArb,
      month: intInput(fc.integer({ min: 1, max: 12 })),
      completedInvestmentYtd: moneyArb(wild),
      physicalProgressPct: fc.option(
        fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(-0.0001, 100.0001, 1e308, -1e308, 5e-324, 0)),
        { nil: null },
      ),
      assessedRag: fc.option(fc.constantFrom('GREEN', 'YELLOW', 'RED'), { nil: null }),
      comment: optionalText(fc.constantFrom('按计划推进', 'on track')),
    },
    { requiredKeys: ['externalId', 'year', 'month', 'completedInvestmentYtd'] },
  );

// Clean items: what a correct district system sends (still varied), so that many calls write and the
// invariants are checked on real writes; each call mixes them with hostile ones.
const pastDay = (from = '2019-01-01') => fc.date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const cleanMoneyArb = fc.record({
  amount: fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 10n }), fc.integer({ min: 0, max: 6 })).map(([n, places]) => (places ? `${n / 10n ** BigInt(places)}.${(n % 10n ** BigInt(places)).toString().padStart(places, '0')}` : `${n}`)),
  unit: fc.constantFrom('YUAN', 'WAN', 'YI'),
  currency: fc.constantFrom('CNY', 'CNY', 'CNY', 'USD', 'EUR'),
  qualifier: fc.constantFrom('EXACT', 'APPROX', 'OVER', 'UNDER'),
});
const cleanListingArb = fc
  .tuple(fc.integer({ min: THIS_YEAR - 3, max: THIS_YEAR }), fc.constantFrom(...LEVELS), fc.constantFrom('IMPLEMENTATION', 'RESERVE'), fc.constantFrom('NEW', 'CONTINUING'), cleanMoneyArb, fc.array(pastDay(), { minLength: 2, maxLength: 2 }), fc.boolean())
  .map(([year, level, category, constructionType, annualPlannedInvestment, dates, planned]) => {
    const [start, completion] = [...dates].sort();
    return { year, level, category, constructionType, annualPlannedInvestment, ...(planned ? { plannedStartOn: start, plannedCompletionOn: completion } : {}) };
  });
const cleanProjectItemArb = (district: string) =>
  fc
    .record({
      externalId: fc.constantFrom(...externalIdsOf[district]!),
      withCode: fc.boolean(),
      name: fc.constantFrom('新能源汽车零部件项目', 'Fuzz project', '  padded name  ', '储能电站', '高端装备产业园'),
      company: fc.option(fc.constantFrom('常州某某有限公司', 'ACME Ltd.'), { nil: null }),
      status: fc.constantFrom(...STATUSES.filter((s) => s !== 'SUSPENDED')),
      totalInvestment: cleanMoneyArb,
      listings: fc.option(fc.uniqueArray(cleanListingArb, { maxLength: 3, selector: (l) => `${l.year}:${l.level}` }), { nil: null }),
      removeListingYears: fc.option(fc.constantFrom([THIS_YEAR - 4], [THIS_YEAR - 5]), { nil: null, freq: 3 }),
      reason: fc.option(fc.constantFrom('correction by the city', '更正'), { nil: null }),
      industry: fc.oneof(fc.constantFrom(...industryCodes).map((industryCode) => ({ industryCode })), fc.constantFrom(...labelsOf[district]!).map((industryLabel) => ({ industryLabel }))),
      dates: fc.array(pastDay(), { minLength: 5, maxLength: 5 }).map((d) => d.sort()),
    })
    .map(({ withCode, industry, dates: [signedOn, listedOn, startedOn, completedOn, productionOn], ...item }) => ({
      ...item,
      ...industry,
      // One code per project, so clean items never clash over it.
      projectCode: withCode ? `FZ-${district}-${item.externalId}` : null,
      signedOn,
      listedOn,
      startedOn,
      completedOn,
      productionOn,
    }));
const cleanApprovalItemArb = (district: string) =>
  fc.record({
    externalId: fc.constantFrom(...externalIdsOf[district]!),
    kind: fc.constantFrom(...KINDS),
    issuedOn: pastDay(),
    documentNo: fc.option(fc.constantFrom('常发改备〔2024〕12号', 'DOC-1'), { nil: null }),
    issuer: fc.option(fc.constantFrom('常州市发展和改革委员会', 'Issuer'), { nil: null }),
  });
const cleanEvaluationItemArb = (district: string) =>
  fc.record({
    externalId: fc.constantFrom(...externalIdsOf[district]!),
    year: fc.integer({ min: THIS_YEAR - 3, max: THIS_YEAR }),
    month: fc.integer({ min: 1, max: 12 }),
    completedInvestmentYtd: cleanMoneyArb,
    physicalProgressPct: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
    assessedRag: fc.option(fc.constantFrom('GREEN', 'YELLOW', 'RED'), { nil: null }),
    comment: fc.option(fc.constantFrom('按计划推进', 'on track'), { nil: null }),
  });
/** A clean item with exactly one of its text fields hostile: each field's handling is reached on its own. */
const oneFault = <T extends object>(clean: fc.Arbitrary<T>, fields: string[]) =>
  fc.tuple(clean, fc.constantFrom(...fields), hostileString()).map(([item, field, value]) => ({ ...item, [field]: value }));
const mixed =
  <T extends object, U>(clean: (district: string) => fc.Arbitrary<T>, fields: string[], hostile: (district: string, wild: boolean) => fc.Arbitrary<U>) =>
  (district: string, wild: boolean) =>
    fc.oneof(
      { weight: 5, arbitrary: clean(district) as fc.Arbitrary<unknown> },
      { weight: 2, arbitrary: oneFault(clean(district), fields) },
      { weight: 2, arbitrary: hostile(district, wild) },
    );
const projectItemArb = mixed(
  cleanProjectItemArb,
  ['externalId', 'projectCode', 'name', 'company', 'park', 'capacity', 'industryLabel', 'reason'],
  hostileProjectItemArb,
);
const approvalItemArb = mixed(cleanApprovalItemArb, ['externalId', 'documentNo', 'issuer'], hostileApprovalItemArb);
const evaluationItemArb = mixed(cleanEvaluationItemArb, ['externalId', 'comment'], hostileEvaluationItemArb);

const idempotencyKeyArb = fc.option(
  fc.oneof({ weight: 2, arbitrary: fc.constantFrom('k-1', 'k-2', 'k-3') }, { weight: 6, arbitrary: fc.uuid() }, { weight: 1, arbitrary: hostileString() }),
  { nil: null, freq: 2 },
);

/** Who calls: mostly the district itself or the city naming it; sometimes anyone else. */
const callerArb = (district: string) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant({ token: TOKEN_OF[district]!, district: fc.constant(null as string | null) }) },
    { weight: 2, arbitrary: fc.constant({ token: TOKEN_OF[district]!, district: fc.constant(district as string | null) }) },
    { weight: 5, arbitrary: fc.constant({ token: 'city-token', district: fc.constant(district as string | null) }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('city-token', TOKEN_OF[district]!, 'analyst-token', null, 'not-a-token', 'Bearer x').map((token) => ({
        token,
        district: fc.oneof(fc.constantFrom(null, ...DISTRICTS, '999999', '32041', '3204120', ''), hostileString()) as fc.Arbitrary<string | null>,
      })),
    },
    { weight: 1, arbitrary: fc.stringMatching(/^[!-~]{0,40}$/).map((token) => ({ token, district: fc.constant(district as string | null) })) },
  );

/** One call of `mutation`: caller, options and items, and now and then garbage somewhere in the variables. */
function callArb(mutation: MutationName, itemArb: (district: string, wild: boolean) => fc.Arbitrary<unknown>) {
  // One call in eight may carry values GraphQL itself refuses (malformed dates and decimals): the whole call is refused.
  return fc.tuple(districtArb, fc.oneof({ weight: 7, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) })).chain(([district, wild]) =>
    callerArb(district).chain(({ token, district: named }) =>
      fc
        .record(
          {
            district: named,
            idempotencyKey: idempotencyKeyArb,
            atomic: fc.oneof({ weight: 2, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constantFrom(true, null) }),
            dryRun: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constantFrom(true, null) }),
            items: fc.array(itemArb(district, wild), { minLength: 0, maxLength: 4 }),
          },
          { requiredKeys: ['items', 'district'] },
        )
        .map(({ items, ...options }) => ({ ...options, [MUTATIONS[mutation].items]: items }))
        .chain((input) => fc.oneof({ weight: 12, arbitrary: fc.constant(input as unknown) }, { weight: 1, arbitrary: mangled(fc.constant(input)) }))
        .map((input) => ({ mutation, token, input })),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------
// The database before and after

interface Snapshot {
  projects: Record<string, { v: number; d: string; own: unknown }>;
  listings: Record<string, unknown>;
  approvals: Record<string, unknown>;
  evaluations: Record<string, unknown>;
  audit: Record<string, number>;
  keys: number;
}

async function snapshot(): Promise<Snapshot> {
  const { rows } = (await app.orm.em.getKnex().raw(`
    select
      (select coalesce(jsonb_object_agg(id::text, jsonb_build_object('v', version, 'd', district_code,
         'own', to_jsonb(p) - 'id' - 'version' - 'updated_at' - 'created_at' - 'source_ref')), '{}') from project p) as projects,
      (select coalesce(jsonb_object_agg(project_id || ':' || year || ':' || level, to_jsonb(l) - 'id' - 'source_ref'), '{}') from listing l) as listings,
      (select coalesce(jsonb_object_agg(project_id || ':' || kind, to_jsonb(a) - 'id' - 'source_ref'), '{}') from approval a) as approvals,
      (select coalesce(jsonb_object_agg(project_id || ':' || year || ':' || month, to_jsonb(e) - 'id' - 'source_ref' - 'submitted_at'), '{}')
         from evaluation e) as evaluations,
      (select coalesce(jsonb_object_agg(entity, n), '{}') from (select entity, count(*)::int as n from audit_entry group by entity) s) as audit,
      (select count(*)::int from idempotency_key) as keys`)) as { rows: Snapshot[] };
  return rows[0]!;
}

interface Diff {
  newProjects: string[];
  /** Project id → which of its records differ. */
  changed: Map<string, { own: boolean; listings: number; approvals: number; evaluations: number; version: number }>;
  removedKeys: string[];
  counts: { project: number; listing: number; approval: number; evaluation: number };
  audit: Record<string, number>;
  keys: number;
}

function diff(before: Snapshot, after: Snapshot): Diff {
  const changed: Diff['changed'] = new Map();
  const entry = (id: string) => {
    if (!changed.has(id)) changed.set(id, { own: false, listings: 0, approvals: 0, evaluations: 0, version: 0 });
    return changed.get(id)!;
  };
  const newProjects = Object.keys(after.projects).filter((id) => !(id in before.projects));
  const removedKeys: string[] = Object.keys(before.projects).filter((id) => !(id in after.projects));
  for (const [id, now] of Object.entries(after.projects)) {
    const was = before.projects[id];
    if (!was) {
      entry(id).own = true;
      entry(id).version = now.v;
      continue;
    }
    if (JSON.stringify(was.own) !== JSON.stringify(now.own)) entry(id).own = true;
    if (was.v !== now.v) entry(id).version = now.v - was.v;
  }
  const records = (kind: 'listings' | 'approvals' | 'evaluations') => {
    const keys = new Set([...Object.keys(before[kind]), ...Object.keys(after[kind])]);
    for (const key of keys) {
      const [a, b] = [before[kind][key], after[kind][key]];
      if (JSON.stringify(a) === JSON.stringify(b)) continue;
      entry(key.split(':')[0]!)[kind] += 1;
      if (kind !== 'listings' && b === undefined) removedKeys.push(`${kind}:${key}`);
    }
  };
  records('listings');
  records('approvals');
  records('evaluations');
  const count = (s: Snapshot) => ({
    project: Object.keys(s.projects).length,
    listing: Object.keys(s.listings).length,
    approval: Object.keys(s.approvals).length,
    evaluation: Object.keys(s.evaluations).length,
  });
  const [c0, c1] = [count(before), count(after)];
  const audit: Record<string, number> = {};
  for (const entity of ['Project', 'Listing', 'Approval', 'Evaluation']) audit[entity] = (after.audit[entity] ?? 0) - (before.audit[entity] ?? 0);
  return {
    newProjects,
    changed,
    removedKeys,
    counts: { project: c1.project - c0.project, listing: c1.listing - c0.listing, approval: c1.approval - c0.approval, evaluation: c1.evaluation - c0.evaluation },
    audit,
    keys: after.keys - before.keys,
  };
}

const nothingChanged = (d: Diff) => d.changed.size === 0 && d.removedKeys.length === 0 && Object.values(d.audit).every((n) => n === 0) && d.keys === 0;

// ---------------------------------------------------------------------------------------------------
// One call and its invariants

interface Call {
  mutation: MutationName;
  token: string | null;
  input: unknown;
}

async function runCall(call: Call): Promise<RawResponse> {
  const request = { query: MUTATIONS[call.mutation].doc, variables: { input: call.input } };
  const before = await snapshot();
  const response = await post(app, request, call.token);
  const after = await snapshot();
  stats.calls += 1;
  const d = diff(before, after);
  try {
    checkCall(call, response, d);
  } catch (error) {
    throw new Error(`${(error as Error).message}\ncall: ${JSON.stringify(call).slice(0, 3000)}\nresponse: ${response.text.slice(0, 3000)}\ndiff: ${showDiff(d)}`);
  }
  return response;
}

function showDiff(d: Diff): string {
  return JSON.stringify({ ...d, changed: Object.fromEntries(d.changed) });
}

function checkCall(call: Call, response: RawResponse, d: Diff): void {
  assertCleanResponse(response, call, serverLog);
  const fail = (message: string) => {
    throw new Error(message);
  };
  const body = response.json;
  if (!body) return fail('the response is not JSON');
  const payload = body.data?.[call.mutation] as
    | { created: number; updated: number; unchanged: number; rejected: number; results: { index: number; externalId: string; outcome: string; errors: { field: string; code: string }[]; project: { id: string; version: number } | null }[] }
    | undefined
    | null;
  const input = call.input as Record<string, any>;
  const itemsField = MUTATIONS[call.mutation].items;

  // Refused as a whole: nothing written.
  if (!payload || (body.errors?.length ?? 0) > 0) {
    stats.refused += 1;
    if (!body.errors?.length) fail('no payload and no errors');
    if (!nothingChanged(d)) fail('a refused call changed rows');
    const codes = body.errors!.map((e) => e.extensions?.code);
    for (const code of new Set(codes)) stats.refusals[String(code)] = (stats.refusals[String(code)] ?? 0) + 1;
    if (codes.includes('IDEMPOTENCY_KEY_REUSED') && ![...storedKeys.keys()].some((k) => k.endsWith(`|${call.mutation}|${input.idempotencyKey}`))) {
      fail('IDEMPOTENCY_KEY_REUSED for a key this run never stored');
    }
    return;
  }

  // The payload is consistent with itself and with the input.
  // GraphQL takes a single value where a list is expected as a list of one.
  const items = [input[itemsField]].flat() as { externalId: string }[];
  const results = payload.results;
  if (results.length !== items.length) fail(`${results.length} results for ${items.length} items`);
  results.forEach((result, i) => {
    if (result.index !== i) fail(`result ${i} has index ${result.index}`);
    // Text PostgreSQL cannot hold comes back escaped (src/common/storable-text.ts).
    if (result.externalId !== escapeUnstorable(items[i]!.externalId)) fail(`result ${i} echoes externalId ${JSON.stringify(result.externalId)}`);
    if ((result.outcome === 'REJECTED') !== (result.errors.length > 0)) fail(`result ${i} is ${result.outcome} with ${result.errors.length} errors`);
    for (const error of result.errors) {
      if (!ITEM_CODES.has(error.code)) fail(`unknown item error code ${error.code}`);
      if (error.code === 'BATCH_ABORTED' ? error.field !== '' : !error.field.startsWith(`${itemsField}.${i}`)) fail(`error field ${error.field} of item ${i}`);
    }
    stats.outcomes[result.outcome] = (stats.outcomes[result.outcome] ?? 0) + 1;
  });
  const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
  for (const outcome of ['created', 'updated', 'unchanged', 'rejected'] as const) {
    if (payload[outcome] !== count(outcome.toUpperCase())) fail(`${outcome} = ${payload[outcome]}, but ${count(outcome.toUpperCase())} results say so`);
  }

  const district = call.token === 'city-token' ? input.district : Object.entries(TOKEN_OF).find(([, t]) => t === call.token)?.[0];
  const keyId = input.idempotencyKey != null ? `${district}|${call.mutation}|${input.idempotencyKey}` : null;
  if (keyId !== null && storedKeys.has(keyId)) {
    // A replay (or a refusal above): the stored outcomes come back and nothing is written.
    if (!nothingChanged(d)) fail('a call with an already-stored idempotency key wrote');
    return;
  }
  const atomic = input.atomic !== false;
  if (input.dryRun === true || (atomic && count('REJECTED') > 0)) {
    if (atomic && count('REJECTED') > 0) {
      stats.rejectedAtomic += 1;
      if (count('REJECTED') !== results.length) fail('a rejected atomic call has items not REJECTED');
    }
    if (!nothingChanged(d)) fail('a dry run or rejected atomic call changed rows');
    return;
  }

  // Written: exactly the projects the results name as CREATED or UPDATED changed, each by one version.
  const written = new Set(results.filter((r) => r.outcome === 'CREATED' || r.outcome === 'UPDATED').map((r) => r.project?.id ?? fail(`a ${r.outcome} result has no project`)));
  if (d.removedKeys.length > 0) fail(`rows disappeared: ${d.removedKeys.join(', ')}`);
  for (const id of written) if (!d.changed.has(id)) fail(`project ${id} is ${'CREATED/UPDATED'} but nothing of it changed`);
  for (const [id, change] of d.changed) {
    if (!written.has(id)) fail(`project ${id} changed but no result says so`);
    const isNew = d.newProjects.includes(id);
    if (change.version !== 1) fail(`project ${id} ${isNew ? 'was created with version' : 'version rose by'} ${change.version}`);
    if (!change.own && change.listings + change.approvals + change.evaluations === 0) fail(`project ${id}: version rose with no change`);
  }
  const created = count('CREATED');
  const expectCounts = {
    upsertProjects: { project: created, approval: 0, evaluation: 0 },
    recordApprovals: { project: 0, approval: created, evaluation: 0 },
    submitEvaluations: { project: 0, approval: 0, evaluation: created },
  }[call.mutation];
  for (const [table, n] of Object.entries(expectCounts)) {
    if (d.counts[table as keyof Diff['counts']] !== n) fail(`${table} rows grew by ${d.counts[table as keyof Diff['counts']]}, CREATED says ${n}`);
  }
  if (call.mutation !== 'upsertProjects' && d.counts.listing !== 0) fail('listings changed outside upsertProjects');
  // Audit: one entry per changed record, entity by entity.
  let own = 0;
  let listings = 0;
  let approvals = 0;
  let evaluations = 0;
  for (const change of d.changed.values()) {
    own += change.own ? 1 : 0;
    listings += change.listings;
    approvals += change.approvals;
    evaluations += change.evaluations;
  }
  const expectedAudit = { Project: own, Listing: listings, Approval: approvals, Evaluation: evaluations };
  if (JSON.stringify(expectedAudit) !== JSON.stringify(d.audit)) fail(`audit entries ${JSON.stringify(d.audit)}, changes ${JSON.stringify(expectedAudit)}`);
  // The idempotency key is kept exactly when the call wrote.
  const wrote = d.changed.size > 0;
  if (d.keys !== (wrote && keyId !== null ? 1 : 0)) fail(`idempotency keys grew by ${d.keys} (wrote: ${wrote}, key: ${keyId !== null})`);
  if (wrote) {
    stats.wrote += 1;
    if (keyId !== null) storedKeys.set(keyId, JSON.stringify(input));
  }
}

// ---------------------------------------------------------------------------------------------------

describe('fuzzing the push mutations', () => {
  it('upsertProjects: arbitrary projects from arbitrary callers', async () => {
    await checkProperty(fc.asyncProperty(callArb('upsertProjects', projectItemArb), async (call) => void (await runCall(call))), 300);
  });

  it('recordApprovals: arbitrary approvals from arbitrary callers', async () => {
    await checkProperty(fc.asyncProperty(callArb('recordApprovals', approvalItemArb), async (call) => void (await runCall(call))), 150);
  });

  it('submitEvaluations: arbitrary evaluations from arbitrary callers', async () => {
    await checkProperty(fc.asyncProperty(callArb('submitEvaluations', evaluationItemArb), async (call) => void (await runCall(call))), 150);
  });

  it('all three, interleaved', async () => {
    const anyCall = fc.oneof(callArb('upsertProjects', projectItemArb), callArb('recordApprovals', approvalItemArb), callArb('submitEvaluations', evaluationItemArb));
    await checkProperty(fc.asyncProperty(fc.array(anyCall, { minLength: 1, maxLength: 4 }), async (calls) => {
      for (const call of calls) await runCall(call);
    }), 60);
  });

  it('a written call sent again is UNCHANGED throughout and changes nothing, not even version', async () => {
    const cleanCall = (mutation: MutationName, item: (district: string) => fc.Arbitrary<unknown>) =>
      fc.tuple(districtArb, fc.boolean(), fc.boolean()).chain(([district, asCity, atomic]) =>
        fc.array(item(district), { minLength: 1, maxLength: 4 }).map((items) => ({
          mutation,
          token: asCity ? 'city-token' : TOKEN_OF[district]!,
          input: { district, atomic, [MUTATIONS[mutation].items]: items },
        })),
      );
    const anyCleanCall = fc.oneof(
      cleanCall('upsertProjects', cleanProjectItemArb),
      cleanCall('recordApprovals', cleanApprovalItemArb),
      cleanCall('submitEvaluations', cleanEvaluationItemArb),
    );
    await checkProperty(
      fc.asyncProperty(anyCleanCall, async (call) => {
        const first = (await runCall(call)).json?.data?.[call.mutation] as { results: { outcome: string }[] } | undefined;
        if (!first || first.results.some((r) => r.outcome === 'REJECTED')) return;
        // runCall checks that nothing changed (no result says CREATED or UPDATED, so no row may differ).
        const again = (await runCall(call)).json?.data?.[call.mutation] as { results: { outcome: string }[] };
        const outcomes = again.results.map((r) => r.outcome);
        if (outcomes.some((o) => o !== 'UNCHANGED')) throw new Error(`resent, the outcomes are ${outcomes.join(', ')}`);
      }),
      60,
    );
  });

  it('wrote something: the generators reach the writing paths', () => {
    expect(stats.wrote).toBeGreaterThan(20);
    expect(stats.outcomes.CREATED ?? 0).toBeGreaterThan(10);
    expect(stats.outcomes.UPDATED ?? 0).toBeGreaterThan(5);
    expect(stats.outcomes.UNCHANGED ?? 0).toBeGreaterThan(5);
  });
});
