/**
 * Property-based test of the figures maintained at write time (issue 9, item 5; migration 20261201).
 *
 * Random sequences of pushes through the GraphQL API of the whole service on a real PostgreSQL, on a small pool
 * of projects (3 in Wujin, 3 in Jintan per sequence; years 2025–2026):
 * - upsertProjects: listings added, replaced (`listings`) and removed (`removeListingYears`); status moves along the
 *   lifecycle, into and out of SUSPENDED, to WITHDRAWN, and anything else as a city correction (city token and a
 *   `reason`); startedOn / completedOn / productionOn moving across month ends; signedOn / listedOn moving the year
 *   whose FX rate converts the total; totalInvestment and annualPlannedInvestment in CNY, USD and EUR; now and then
 *   an item that is rejected, in an atomic call (nothing written) or not (the others written);
 * - recordApprovals: LAND_CONTRACT and CONSTRUCTION_PERMIT issued and moved (quickStartCount changes), other kinds;
 * - submitEvaluations: new months, months resubmitted with another amount, months skipped, in CNY and USD.
 * After EACH call, `verifyFigures` (every maintained row recomputed from the base tables) reports no difference.
 * At the end of each sequence, the dashboard's reads (cityIndicators, District.indicators, projects totalCount)
 * equal both what the maintained figures hold and the contract's definitions computed here straight from the base
 * tables. After all sequences, the kinds of change the issue names were each seen.
 *
 * Beside the pool stands a background of projects no sequence touches (one per district), so each call must also
 * leave other projects' figures alone; at its end, a sequence's projects are deleted with plain SQL (a write the
 * figures follow too, verified likewise), which keeps each verification small.
 * Replay a failure with FUZZ_SEED=<seed> (printed); FUZZ_SEED=random explores; FUZZ_RUNS=<factor> runs more;
 * FUZZ_SHRINK=0 reports the first failure without shrinking it.
 */
import fc from 'fast-check';
import type { Knex } from '@mikro-orm/postgresql';
import { chinaToday } from '../../src/common/china-time';
import { rebuildFigures } from '../../src/figures/figures-basis';
import { verifyFigures } from '../../src/figures/figures-verify';
import { isAllowedTransition, requiredDates } from '../../src/project/lifecycle';
import { ProjectStatus } from '../../src/project/project.enums';
import { useTestApp } from '../helpers/app';
import { checkProperty, FUZZ_SEED } from '../helpers/fuzz';
import { gql } from '../helpers/graphql';
import { push, PushPayload } from '../helpers/push-fixtures';

jest.setTimeout(240_000);

const TODAY = chinaToday();
const CURRENT_MONTH = TODAY.slice(0, 7);
const DISTRICTS = ['320412', '320413'] as const;
const TOKEN_OF: Record<string, string> = { '320412': 'wujin-token', '320413': 'jintan-token' };
const PROJECTS_PER_DISTRICT = 3;
const YEARS = [2025, 2026] as const;
const STATUSES = Object.values(ProjectStatus);
const LEVELS = ['PROVINCIAL_MAJOR', 'CITY_MAJOR', 'DISTRICT_KEY'] as const;

// Dates on both sides of month ends (and of the year end), none after today.
const ACTUAL_DATES = [
  '2024-08-31', '2024-09-01',
  '2025-01-31', '2025-02-01', '2025-06-30', '2025-07-01', '2025-12-31', '2026-01-01',
  '2026-02-28', '2026-03-01', '2026-05-31', '2026-06-01', '2026-09-30', '2026-10-01', '2026-11-30', '2026-12-01',
].filter((date) => date <= TODAY);
// Planned dates may lie ahead; some fall exactly on E + 30 days, or one day past it.
const PLANNED_DATES = [
  '2025-03-31', '2025-04-01', '2025-07-30', '2025-07-31', '2026-01-31', '2026-03-02', '2026-03-03',
  '2026-06-30', '2026-07-30', '2026-07-31', '2026-11-30', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-30',
];
// Approval dates: pairs 0, 1, 6, 7, 8 days apart, around month ends.
const APPROVAL_DATES = [
  '2025-03-25', '2025-03-31', '2025-04-01', '2025-04-07', '2025-04-08',
  '2026-01-31', '2026-02-01', '2026-02-06', '2026-02-07', '2026-02-08',
  '2026-06-24', '2026-06-30', '2026-07-01', '2026-07-07', '2026-11-30', '2026-12-01',
].filter((date) => date <= TODAY);

type Money = { amount: string; unit: 'YUAN' | 'WAN' | 'YI'; currency: string };
type DateIntent = 'keep' | null | string;

interface ListingIntent {
  year: number;
  level: (typeof LEVELS)[number];
  category: 'IMPLEMENTATION' | 'RESERVE';
  constructionType: 'NEW' | 'CONTINUING';
  plan: Money;
  plannedStartOn: string | null;
  plannedCompletionOn: string | null;
}

interface ProjectIntent {
  p: number;
  /**
   * 'keep' the stored status; 'resume' out of SUSPENDED or WITHDRAWN; 'cycle' the same, else into
   * SUSPENDED (from SIGNED … UNDER_CONSTRUCTION) or WITHDRAWN; or a status to move to.
   */
  status: 'keep' | 'resume' | 'cycle' | ProjectStatus;
  signedOn: DateIntent;
  listedOn: DateIntent;
  startedOn: DateIntent;
  completedOn: DateIntent;
  productionOn: DateIntent;
  total: Money | null;
  listings: ListingIntent[];
  removeYears: number[];
}

type Command =
  | { kind: 'upsert'; district: number; city: boolean; items: ProjectIntent[]; bad: null | { atomic: boolean } }
  | { kind: 'approve'; district: number; city: boolean; items: ApprovalIntent[] }
  | { kind: 'evaluate'; district: number; city: boolean; items: EvaluationIntent[] };

/** LAND: the land contract on `issuedOn`; PERMIT: the construction permit `offset` days after it; PAIR: both. */
interface ApprovalIntent {
  p: number;
  what: 'LAND' | 'PERMIT' | 'PAIR' | 'FILING';
  issuedOn: string;
  offset: number;
}

/** `again`: resubmit one of the project's stored months (with this amount) instead of `year` and `month`. */
interface EvaluationIntent {
  p: number;
  year: number;
  month: number;
  ytd: Money;
  again: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Arbitraries

const amountArb = (maxWan: number) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant('0') },
    { weight: 8, arbitrary: fc.integer({ min: 1, max: maxWan * 100 }).map((n) => (n / 100).toFixed(2)) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 999_999 }).map((n) => `${Math.floor(n / 1000)}.${String(n % 1000).padStart(3, '0')}`) },
  );

/** Mostly 万元, some 元 and 亿元 (scaled to comparable sizes); CNY, USD or EUR. */
const moneyArb = (maxWan: number): fc.Arbitrary<Money> =>
  fc
    .record({
      amount: amountArb(maxWan),
      unit: fc.constantFrom<Money['unit']>('WAN', 'WAN', 'WAN', 'YUAN', 'YI'),
      currency: fc.constantFrom('CNY', 'CNY', 'CNY', 'USD', 'USD', 'EUR'),
    })
    .map((m) => {
      if (m.unit === 'YUAN') return { ...m, amount: (Number(m.amount) * 10_000).toFixed(2) };
      if (m.unit === 'YI') return { ...m, amount: (Number(m.amount) / 10_000).toFixed(6) };
      return m;
    });

const dateIntentArb = (weights: { keep: number; none: number; date: number }): fc.Arbitrary<DateIntent> =>
  fc.oneof(
    { weight: weights.keep, arbitrary: fc.constant<DateIntent>('keep') },
    { weight: weights.none, arbitrary: fc.constant<DateIntent>(null) },
    { weight: weights.date, arbitrary: fc.constantFrom(...ACTUAL_DATES) },
  );

const listingArb: fc.Arbitrary<ListingIntent> = fc.record({
  year: fc.constantFrom(...YEARS),
  level: fc.constantFrom(...LEVELS),
  category: fc.constantFrom<ListingIntent['category']>('IMPLEMENTATION', 'IMPLEMENTATION', 'IMPLEMENTATION', 'RESERVE'),
  constructionType: fc.constantFrom<ListingIntent['constructionType']>('NEW', 'CONTINUING'),
  plan: moneyArb(3000),
  plannedStartOn: fc.option(fc.constantFrom(...PLANNED_DATES), { nil: null, freq: 2 }),
  plannedCompletionOn: fc.option(fc.constantFrom(...PLANNED_DATES), { nil: null, freq: 2 }),
});

const statusIntentArb: fc.Arbitrary<ProjectIntent['status']> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<'keep'>('keep') },
  { weight: 2, arbitrary: fc.constant<'resume'>('resume') },
  { weight: 4, arbitrary: fc.constant<'cycle'>('cycle') },
  { weight: 2, arbitrary: fc.constant(ProjectStatus.SUSPENDED) },
  { weight: 2, arbitrary: fc.constant(ProjectStatus.WITHDRAWN) },
  { weight: 4, arbitrary: fc.constantFrom(...STATUSES) },
);

const projectIntentArb: fc.Arbitrary<ProjectIntent> = fc.record({
  p: fc.integer({ min: 0, max: PROJECTS_PER_DISTRICT - 1 }),
  status: statusIntentArb,
  signedOn: dateIntentArb({ keep: 6, none: 1, date: 1 }),
  listedOn: dateIntentArb({ keep: 6, none: 1, date: 1 }),
  startedOn: dateIntentArb({ keep: 3, none: 1, date: 3 }),
  completedOn: dateIntentArb({ keep: 4, none: 2, date: 2 }),
  productionOn: dateIntentArb({ keep: 5, none: 2, date: 1 }),
  total: fc.option(moneyArb(100_000), { nil: null, freq: 2 }),
  // Each listing replaces its year's listings; listings of one year at one level at most once.
  listings: fc.uniqueArray(listingArb, { maxLength: 3, selector: (l) => `${l.year}:${l.level}` }),
  removeYears: fc.subarray([...YEARS], { maxLength: 1 }),
});

const districtArb = fc.integer({ min: 0, max: DISTRICTS.length - 1 });
const cityArb = fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

const upsertArb: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant<'upsert'>('upsert'),
  district: districtArb,
  city: cityArb,
  items: fc.uniqueArray(projectIntentArb, { minLength: 1, maxLength: PROJECTS_PER_DISTRICT, selector: (i) => i.p }),
  // Now and then a call with a rejected item: atomic (nothing written) or not (the other items written).
  bad: fc.oneof(
    { weight: 8, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant({ atomic: true }) },
    { weight: 1, arbitrary: fc.constant({ atomic: false }) },
  ),
});

const approveArb: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant<'approve'>('approve'),
  district: districtArb,
  city: cityArb,
  items: fc.uniqueArray(
    fc.record({
      p: fc.integer({ min: 0, max: PROJECTS_PER_DISTRICT - 1 }),
      what: fc.constantFrom<ApprovalIntent['what']>('LAND', 'PERMIT', 'PERMIT', 'PAIR', 'PAIR', 'FILING'),
      issuedOn: fc.constantFrom(...APPROVAL_DATES),
      // 拿地即开工 is 0–7 days: -1 and 8 just miss it.
      offset: fc.constantFrom(-1, 0, 1, 6, 7, 8),
    }),
    { minLength: 2, maxLength: PROJECTS_PER_DISTRICT, selector: (a) => a.p },
  ),
});

const evaluateArb: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant<'evaluate'>('evaluate'),
  district: districtArb,
  city: cityArb,
  items: fc.uniqueArray(
    fc.record({
      p: fc.integer({ min: 0, max: PROJECTS_PER_DISTRICT - 1 }),
      year: fc.constantFrom(...YEARS),
      // A few months, with gaps between them (skipped months).
      month: fc.constantFrom(1, 2, 3, 6, 7, 10, 11, 12),
      ytd: moneyArb(3000),
      again: fc.oneof({ weight: 2, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    }),
    { minLength: 2, maxLength: 4, selector: (e) => `${e.p}:${e.year}:${e.month}` },
  ),
});

const commandArb: fc.Arbitrary<Command> = fc.oneof({ weight: 4, arbitrary: upsertArb }, { weight: 3, arbitrary: approveArb }, { weight: 4, arbitrary: evaluateArb });

/** The first calls of every sequence: each district creates its projects (every intent applied to a new project). */
const creationArb = fc.tuple(
  ...DISTRICTS.map(() => fc.tuple(...Array.from({ length: PROJECTS_PER_DISTRICT }, () => projectIntentArb))),
);

// ---------------------------------------------------------------------------------------------------
// Running a sequence

let knex: Knex;
let sequence = 0;
const stats = {
  sequences: 0,
  calls: 0,
  skipped: 0,
  verified: 0,
  cityCorrections: 0,
  statusMoves: {} as Record<string, number>,
  listingsReplaced: 0,
  listingYearsRemoved: 0,
  usdItems: 0,
  rejectedAtomic: 0,
  partialWrites: 0,
  approvalsIssued: 0,
  approvalsMoved: 0,
  quickStartChanges: 0,
  evaluationsNew: 0,
  evaluationsResubmitted: 0,
  monthsSkipped: 0,
  startedAcrossMonthEnd: 0,
  /** Milliseconds spent verifying, in all. */
  verifyMs: 0,
};

/**
 * A background the sequences never touch: one project per district (Xinbei's included), listed in both years at two
 * levels, with evaluations and a 拿地即开工. Every call must leave its figures as they are.
 */
async function pushBackground(): Promise<void> {
  const plan = (amount: string, currency = 'CNY') => ({ amount, unit: 'WAN', currency });
  for (const [district, token] of [['320411', 'xinbei-token'], ['320412', 'wujin-token'], ['320413', 'jintan-token']]) {
    const externalId = `BG-${district}`;
    const projects = [{
      externalId, name: `背景项目 ${district}`, industryCode: 'NE.BAT', status: 'UNDER_CONSTRUCTION', listedOn: '2025-01-15', startedOn: '2025-03-31',
      totalInvestment: { amount: '3', unit: 'YI', currency: 'USD' },
      listings: [
        { year: 2025, level: 'CITY_MAJOR', category: 'IMPLEMENTATION', constructionType: 'NEW', annualPlannedInvestment: plan('1200'), plannedStartOn: '2025-03-01' },
        { year: 2026, level: 'PROVINCIAL_MAJOR', category: 'IMPLEMENTATION', constructionType: 'CONTINUING', annualPlannedInvestment: plan('150', 'USD'), plannedCompletionOn: '2027-06-30' },
        { year: 2026, level: 'DISTRICT_KEY', category: 'RESERVE', constructionType: 'CONTINUING', annualPlannedInvestment: plan('900') },
      ],
    }];
    const ok = (payload: PushPayload) => expect(payload.rejected).toBe(0);
    ok(await push(app, 'upsertProjects', { projects }, token));
    ok(await push(app, 'recordApprovals', { approvals: [
      { externalId, kind: 'LAND_CONTRACT', issuedOn: '2025-03-24' }, { externalId, kind: 'CONSTRUCTION_PERMIT', issuedOn: '2025-03-31' }] }, token));
    ok(await push(app, 'submitEvaluations', { evaluations: [
      { externalId, year: 2025, month: 4, completedInvestmentYtd: plan('300') }, { externalId, year: 2025, month: 9, completedInvestmentYtd: plan('700') },
      { externalId, year: 2026, month: 2, completedInvestmentYtd: plan('20', 'USD') }] }, token));
  }
}

const app = useTestApp({ demoData: false });

beforeAll(async () => {
  knex = app.orm.em.getKnex();
  await pushBackground();
  await expectFiguresExact('the background pushes');
});

afterAll(async () => {
  console.log(`figures-property: FUZZ_SEED=${FUZZ_SEED}; ${JSON.stringify(stats)}`);
});

interface Stored {
  id: string;
  status: ProjectStatus;
  suspendedFrom: ProjectStatus | null;
  signedOn: string | null;
  listedOn: string | null;
  startedOn: string | null;
  completedOn: string | null;
  productionOn: string | null;
  years: number[];
  /** [year, month] of each stored evaluation. */
  evaluations: [number, number][];
}

/** The pool's projects as stored, by externalId. */
async function storedProjects(district: string, externalIds: string[]): Promise<Map<string, Stored>> {
  const { rows } = (await knex.raw(
    `select p.external_id, p.id::text as id, p.status, p.suspended_from, p.signed_on::text as signed_on, p.listed_on::text as listed_on,
       p.started_on::text as started_on, p.completed_on::text as completed_on, p.production_on::text as production_on,
       coalesce((select array_agg(distinct l.year order by l.year) from listing l where l.project_id = p.id), '{}') as years,
       coalesce((select json_agg(json_build_array(e.year, e.month) order by e.year, e.month) from evaluation e where e.project_id = p.id), '[]') as evaluations
     from project p where p.district_code = ? and p.external_id = any(?)`,
    [district, externalIds],
  )) as { rows: Record<string, any>[] };
  return new Map(
    rows.map((r) => [
      r.external_id as string,
      {
        id: r.id,
        status: r.status,
        suspendedFrom: r.suspended_from,
        signedOn: r.signed_on,
        listedOn: r.listed_on,
        startedOn: r.started_on,
        completedOn: r.completed_on,
        productionOn: r.production_on,
        years: (r.years as number[]).map(Number),
        evaluations: r.evaluations as [number, number][],
      },
    ]),
  );
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const apply = (intent: DateIntent, stored: string | null): string | null => (intent === 'keep' ? stored : intent);

/** Back from SUSPENDED to the status it left, or from WITHDRAWN to LISTED (a city correction); else as stored. */
function resumed(stored: Stored | undefined): ProjectStatus {
  if (stored?.status === ProjectStatus.SUSPENDED) return stored.suspendedFrom ?? ProjectStatus.LISTED;
  if (stored?.status === ProjectStatus.WITHDRAWN) return ProjectStatus.LISTED;
  return stored?.status ?? ProjectStatus.LISTED;
}

/** Out of SUSPENDED (back) or WITHDRAWN (a city correction), else into SUSPENDED where allowed, else WITHDRAWN. */
function cycled(stored: Stored | undefined): ProjectStatus {
  if (!stored) return ProjectStatus.LISTED;
  if (stored.status === ProjectStatus.SUSPENDED || stored.status === ProjectStatus.WITHDRAWN) return resumed(stored);
  return isAllowedTransition(stored.status, ProjectStatus.SUSPENDED, null) ? ProjectStatus.SUSPENDED : ProjectStatus.WITHDRAWN;
}

/** A whole, valid ProjectInput from an intent and what is stored; whether a district token may send it. */
function projectInput(externalId: string, intent: ProjectIntent, stored: Stored | undefined, lastTotal: Money | undefined) {
  let status: ProjectStatus =
    intent.status === 'keep' ? (stored?.status ?? ProjectStatus.LISTED)
    : intent.status === 'resume' ? resumed(stored)
    : intent.status === 'cycle' ? cycled(stored)
    : intent.status;
  if (!stored && status === ProjectStatus.SUSPENDED) status = ProjectStatus.LISTED; // a new project cannot start SUSPENDED
  // startedOn ≤ completedOn ≤ productionOn, and the dates the status needs present.
  const chain = [apply(intent.startedOn, stored?.startedOn ?? null), apply(intent.completedOn, stored?.completedOn ?? null), apply(intent.productionOn, stored?.productionOn ?? null)];
  const defaults = ['2025-06-30', '2026-03-01', '2026-06-01'];
  const needs = requiredDates(status);
  (['startedOn', 'completedOn', 'productionOn'] as const).forEach((field, i) => {
    if (needs.includes(field) && chain[i] === null) chain[i] = defaults[i]!;
  });
  const present = chain.filter((d): d is string => d !== null).sort();
  const ordered = chain.map((d) => (d === null ? null : present.shift()!));
  const listings = intent.listings.map((l) => {
    const [plannedStartOn, plannedCompletionOn] =
      l.plannedStartOn && l.plannedCompletionOn && l.plannedCompletionOn < l.plannedStartOn ? [l.plannedCompletionOn, l.plannedStartOn] : [l.plannedStartOn, l.plannedCompletionOn];
    return { year: l.year, level: l.level, category: l.category, constructionType: l.constructionType, annualPlannedInvestment: l.plan, plannedStartOn, plannedCompletionOn };
  });
  const listedYears = new Set(listings.map((l) => l.year));
  const removeListingYears = intent.removeYears.filter((year) => !listedYears.has(year));
  const total = intent.total ?? lastTotal ?? { amount: '10000', unit: 'WAN', currency: 'CNY' };
  const input = {
    externalId,
    name: `性质测试 ${externalId}`,
    industryCode: 'NE.BAT',
    status,
    totalInvestment: total,
    signedOn: apply(intent.signedOn, stored?.signedOn ?? null),
    listedOn: apply(intent.listedOn, stored?.listedOn ?? null),
    startedOn: ordered[0],
    completedOn: ordered[1],
    productionOn: ordered[2],
    ...(listings.length > 0 ? { listings } : {}),
    ...(removeListingYears.length > 0 ? { removeListingYears } : {}),
  };
  const legal = !stored || isAllowedTransition(stored.status, status, stored.suspendedFrom);
  return { input, legal, total };
}

/** How many amounts of a call's items are in a foreign currency. */
const foreign = (value: unknown): number => JSON.stringify(value).match(/"currency":"(USD|EUR)"/g)?.length ?? 0;

async function quickStarts(): Promise<number> {
  const { rows } = (await knex.raw(
    `select coalesce(sum(quick_start_count), 0)::int as n from district_figures where month = 12 and level_view = 'ALL'`,
  )) as { rows: { n: number }[] };
  return rows[0]!.n;
}

function describeCall(index: number, command: Command, input: unknown): string {
  return `call #${index} ${command.kind} (district ${DISTRICTS[command.district]}${command.city ? ', city token' : ''}): ${JSON.stringify(input).slice(0, 2500)}`;
}

/** After a call: every maintained figure equals its recomputation; a difference fails the run (the figures rebuilt first). */
async function expectFiguresExact(what: string): Promise<void> {
  const started = Date.now();
  const report = await verifyFigures(knex, 5);
  stats.verifyMs += Date.now() - started;
  stats.verified++;
  if (report.differences !== 0) {
    // Later runs (and shrinking) start again from exact figures.
    await rebuildFigures(knex);
    throw new Error(`after ${what}:\nverifyFigures found ${report.differences} differences; the first:\n${JSON.stringify(report.first, null, 1)}`);
  }
}

function expectWritten(payload: PushPayload, what: string, rejectedIndexes: number[] = []): void {
  const unexpected = payload.results.filter((r) => (r.outcome === 'REJECTED') !== rejectedIndexes.includes(r.index));
  if (unexpected.length > 0) throw new Error(`${what}:\nunexpected outcomes ${JSON.stringify(payload.results.map((r) => [r.index, r.outcome, r.errors]))}`);
}

async function runCommand(index: number, command: Command, externalIdsOf: (district: string) => string[], totals: Map<string, Money>): Promise<void> {
  const district = DISTRICTS[command.district]!;
  const ids = externalIdsOf(district);
  const stored = await storedProjects(district, ids);
  const token = command.city ? 'city-token' : TOKEN_OF[district]!;
  const scope = command.city ? { district } : {};

  if (command.kind === 'upsert') {
    const built = command.items.map((intent) => {
      const externalId = ids[intent.p]!;
      return { externalId, ...projectInput(externalId, intent, stored.get(externalId), totals.get(`${district}/${externalId}`)) };
    });
    const correction = command.city || built.some((b) => !b.legal);
    const projects: Record<string, unknown>[] = built.map((b) => (correction ? { ...b.input, reason: '市级更正（性质测试）' } : b.input));
    // A rejected item: a completion date in the future.
    if (command.bad) projects.push({ ...projects[0]!, externalId: `${ids[0]}-BAD`, completedOn: '2099-01-01', startedOn: '2026-01-01' });
    const input = { ...(correction ? { district } : scope), atomic: command.bad?.atomic ?? true, projects };
    const what = describeCall(index, command, input);
    const payload = await push(app, 'upsertProjects', input, correction ? 'city-token' : token);
    if (command.bad?.atomic) {
      if (payload.results.some((r) => r.outcome !== 'REJECTED')) throw new Error(`${what}: an atomic call with a bad item wrote something`);
      stats.rejectedAtomic++;
    } else {
      expectWritten(payload, what, command.bad ? [projects.length - 1] : []);
      if (command.bad) stats.partialWrites++;
      for (const b of built) totals.set(`${district}/${b.externalId}`, b.total);
      if (correction) stats.cityCorrections++;
      for (const b of built) {
        const before = stored.get(b.externalId);
        if (before && before.status !== b.input.status) {
          const kind = b.input.status === 'SUSPENDED' ? 'intoSuspended' : before.status === 'SUSPENDED' ? 'outOfSuspended'
            : b.input.status === 'WITHDRAWN' ? 'intoWithdrawn' : before.status === 'WITHDRAWN' ? 'outOfWithdrawn' : 'other';
          stats.statusMoves[kind] = (stats.statusMoves[kind] ?? 0) + 1;
        }
        if (before && before.startedOn && b.input.startedOn && before.startedOn.slice(0, 7) !== b.input.startedOn.slice(0, 7)) stats.startedAcrossMonthEnd++;
        if (before && (b.input.listings ?? []).some((l) => before.years.includes(l.year))) stats.listingsReplaced++;
        if (before && (b.input.removeListingYears ?? []).some((y) => before.years.includes(y))) stats.listingYearsRemoved++;
      }
      stats.usdItems += foreign(built.map((b) => b.input));
    }
    await expectFiguresExact(what);
    return;
  }

  if (command.kind === 'approve') {
    const approvals = command.items
      .filter((a) => stored.has(ids[a.p]!))
      .flatMap((a) => {
        const externalId = ids[a.p]!;
        const permitOn = addDays(a.issuedOn, a.offset) <= TODAY ? addDays(a.issuedOn, a.offset) : TODAY;
        const item = (kind: string, issuedOn: string) => ({ externalId, kind, issuedOn, documentNo: `测试 ${kind} ${issuedOn}` });
        if (a.what === 'FILING') return [item('PROJECT_FILING', a.issuedOn)];
        if (a.what === 'LAND') return [item('LAND_CONTRACT', a.issuedOn)];
        if (a.what === 'PERMIT') return [item('CONSTRUCTION_PERMIT', permitOn)];
        return [item('LAND_CONTRACT', a.issuedOn), item('CONSTRUCTION_PERMIT', permitOn)];
      });
    if (approvals.length === 0) {
      stats.skipped++;
      return;
    }
    const input = { ...scope, approvals };
    const what = describeCall(index, command, input);
    const quickBefore = await quickStarts();
    const payload = await push(app, 'recordApprovals', input, token);
    expectWritten(payload, what);
    stats.approvalsIssued += payload.created;
    stats.approvalsMoved += payload.updated;
    await expectFiguresExact(what);
    if ((await quickStarts()) !== quickBefore) stats.quickStartChanges++;
    return;
  }

  // Evaluations: only for a year the project is listed in (else NOT_LISTED), for no month after the current one.
  const evaluations = command.items.flatMap((e) => {
    const project = stored.get(ids[e.p]!);
    if (!project || project.years.length === 0) return [];
    let [year, month] = [project.years.includes(e.year) ? e.year : project.years[project.years.length - 1]!, e.month];
    // A month already stored, of a year still listed: resubmitted with this amount.
    const again = project.evaluations.filter(([y]) => project.years.includes(y));
    if (e.again && again.length > 0) [year, month] = again[e.month % again.length]!;
    if (`${year}-${String(month).padStart(2, '0')}` > CURRENT_MONTH) month = Number(CURRENT_MONTH.slice(5));
    if (`${year}-${String(month).padStart(2, '0')}` > CURRENT_MONTH) return [];
    return [{ externalId: ids[e.p]!, projectId: project.id, year, month, completedInvestmentYtd: e.ytd, physicalProgressPct: Math.min(100, month * 8) }];
  });
  const unique = evaluations.filter((e, i) => evaluations.findIndex((o) => o.externalId === e.externalId && o.year === e.year && o.month === e.month) === i);
  if (unique.length === 0) {
    stats.skipped++;
    return;
  }
  for (const e of unique) {
    const { rows } = (await knex.raw('select max(month)::int as latest from evaluation where project_id = ? and year = ? and month < ?', [e.projectId, e.year, e.month])) as {
      rows: { latest: number | null }[];
    };
    if (rows[0]!.latest !== null && rows[0]!.latest < e.month - 1) stats.monthsSkipped++;
  }
  const input = { ...scope, evaluations: unique.map(({ projectId: _id, ...e }) => e) };
  const what = describeCall(index, command, input);
  const payload = await push(app, 'submitEvaluations', input, token);
  expectWritten(payload, what);
  stats.evaluationsNew += payload.created;
  stats.evaluationsResubmitted += payload.updated;
  stats.usdItems += foreign(input);
  await expectFiguresExact(what);
}

// ---------------------------------------------------------------------------------------------------
// Exact reads at the end of a sequence

const INDICATOR_FIELDS = `listedCount newPlannedCount startedCount underConstructionCount completedCount plannedInvestment completedInvestment
  redCount yellowCount greenCount quickStartCount`;

/** The last day of month m of year y. */
const endOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

/**
 * The contract's definitions ('Indicators'), computed here straight from the base tables (not from figure_rows):
 * per district and for the city, everything but the colours.
 */
async function fromBaseTables(year: number, month: number): Promise<Map<string, Record<string, unknown>>> {
  const end = endOfMonth(year, month);
  const { rows } = (await knex.raw(
    `with standing as (
       select distinct on (p.id) p.id, p.district_code, p.started_on, p.completed_on, l.category, l.construction_type, l.planned_wan_yuan
       from project p join listing l on l.project_id = p.id and l.year = :year
       where p.status <> 'WITHDRAWN'
       order by p.id, case l.level when 'PROVINCIAL_MAJOR' then 1 when 'CITY_MAJOR' then 2 else 3 end
     ), valued as (
       select s.*, coalesce((select e.ytd_wan_yuan from evaluation e where e.project_id = s.id and e.year = :year and e.month <= :month
                              order by e.month desc limit 1), 0) as ytd,
         exists (select 1 from approval permit join approval land on land.project_id = permit.project_id and land.kind = 'LAND_CONTRACT'
                  where permit.project_id = s.id and permit.kind = 'CONSTRUCTION_PERMIT'
                    and permit.issued_on between make_date(:year, 1, 1) and :end::date
                    and permit.issued_on - land.issued_on between 0 and 7) as quick
       from standing s
     )
     select coalesce(district_code, 'CITY') as scope, count(*)::int as "listedCount",
       count(*) filter (where category = 'IMPLEMENTATION' and construction_type = 'NEW')::int as "newPlannedCount",
       count(*) filter (where category = 'IMPLEMENTATION' and construction_type = 'NEW' and started_on <= :end::date)::int as "startedCount",
       count(*) filter (where started_on <= :end::date and (completed_on is null or completed_on > :end::date))::int as "underConstructionCount",
       count(*) filter (where completed_on between make_date(:year, 1, 1) and :end::date)::int as "completedCount",
       to_char(coalesce(sum(planned_wan_yuan) filter (where category = 'IMPLEMENTATION'), 0), 'FM999999999999990.0000') as "plannedInvestment",
       to_char(coalesce(sum(ytd) filter (where category = 'IMPLEMENTATION'), 0), 'FM999999999999990.0000') as "completedInvestment",
       count(*) filter (where quick)::int as "quickStartCount"
     from valued group by grouping sets ((district_code), ())`,
    { year, month, end },
  )) as { rows: Record<string, unknown>[] };
  return new Map(rows.map(({ scope, ...values }) => [scope as string, values]));
}

/** What the maintained figures hold for (year, month), all levels: per district and for the city. */
async function fromFigures(year: number, month: number): Promise<Map<string, Record<string, unknown>>> {
  const { rows } = (await knex.raw(
    `select coalesce(district_code, 'CITY') as scope, sum(listed_count)::int as "listedCount", sum(new_planned_count)::int as "newPlannedCount",
       sum(started_count)::int as "startedCount", sum(under_construction_count)::int as "underConstructionCount",
       sum(completed_count)::int as "completedCount",
       to_char(sum(planned_investment), 'FM999999999999990.0000') as "plannedInvestment",
       to_char(sum(completed_investment), 'FM999999999999990.0000') as "completedInvestment",
       sum(red_count)::int as "redCount", sum(yellow_count)::int as "yellowCount", sum(green_count)::int as "greenCount",
       sum(quick_start_count)::int as "quickStartCount"
     from district_figures where year = ? and month = ? and level_view = 'ALL'
     group by grouping sets ((district_code), ())`,
    [year, month],
  )) as { rows: Record<string, unknown>[] };
  return new Map(rows.map(({ scope, ...values }) => [scope as string, values]));
}

const ZERO_FIGURES = {
  listedCount: 0, newPlannedCount: 0, startedCount: 0, underConstructionCount: 0, completedCount: 0,
  plannedInvestment: '0.0000', completedInvestment: '0.0000', redCount: 0, yellowCount: 0, greenCount: 0, quickStartCount: 0,
};

async function expectExactReads(label: string): Promise<void> {
  for (const [year, month] of [[2026, 12], [2026, 6], [2025, 12]] as const) {
    const { body } = await gql(
      app,
      `query($y: Int!, $m: Int!) {
         city: cityIndicators(year: $y, month: $m) { ${INDICATOR_FIELDS} }
         districts { code indicators(year: $y, month: $m) { ${INDICATOR_FIELDS} } }
         listed: projects(filter: { year: $y }, first: 1) { totalCount } }`,
      { y: year, m: month },
    );
    if (body.errors) throw new Error(`${label}: ${JSON.stringify(body.errors)}`);
    const read = new Map<string, Record<string, unknown>>([['CITY', body.data!.city], ...body.data!.districts.map((d: any) => [d.code, d.indicators] as [string, any])]);
    const figures = await fromFigures(year, month);
    const base = await fromBaseTables(year, month);
    for (const [scope, values] of read) {
      const held = { ...ZERO_FIGURES, ...(figures.get(scope) ?? {}) };
      const defined = { ...ZERO_FIGURES, ...(base.get(scope) ?? {}) };
      const context = `${label}, ${scope} at ${year}-${month}`;
      try {
        expect(values).toEqual(held);
        expect(stripColours(values)).toEqual(stripColours(defined));
        const { redCount, yellowCount, greenCount } = values as typeof ZERO_FIGURES;
        expect(redCount + yellowCount + greenCount).toBe(await implementationCount(year, scope));
      } catch (error) {
        throw new Error(`${context}: ${(error as Error).message}`);
      }
    }
    const { rows } = (await knex.raw('select count(distinct project_id)::int as n from listing where year = ?', [year])) as { rows: { n: number }[] };
    if (body.data!.listed.totalCount !== rows[0]!.n) throw new Error(`${label}: projects(filter: { year: ${year} }).totalCount ${body.data!.listed.totalCount}, listed ${rows[0]!.n}`);
  }
}

function stripColours(values: Record<string, unknown>): Record<string, unknown> {
  const { redCount: _r, yellowCount: _y, greenCount: _g, ...rest } = values;
  return rest;
}

/** Standing projects whose standing listing is IMPLEMENTATION: each has exactly one colour. */
async function implementationCount(year: number, scope: string): Promise<number> {
  const { rows } = (await knex.raw(
    `select count(*)::int as n from (
       select distinct on (p.id) p.id, l.category from project p join listing l on l.project_id = p.id and l.year = ?
       where p.status <> 'WITHDRAWN' and (p.district_code = ? or ? = 'CITY')
       order by p.id, case l.level when 'PROVINCIAL_MAJOR' then 1 when 'CITY_MAJOR' then 2 else 3 end) s
     where category = 'IMPLEMENTATION'`,
    [year, scope, scope],
  )) as { rows: { n: number }[] };
  return rows[0]!.n;
}

/**
 * Deletes a sequence's projects with hand-written SQL (their listings, approvals and evaluations go by cascade), so that
 * each verification stays small; the deletes are maintained like any write.
 */
async function dropSequence(run: number): Promise<void> {
  await knex.transaction(async (trx) => {
    const ids = trx('project').where('external_id', 'like', `PT${run}-%`).select('id');
    await trx('audit_entry').whereIn('project_id', ids).delete();
    await trx('project').whereIn('id', ids).delete();
  });
  await expectFiguresExact(`deleting the projects of sequence ${run}`);
}

// ---------------------------------------------------------------------------------------------------

describe('maintained figures under random pushes', () => {
  it('equal their recomputation from the base tables after every call', async () => {
    await checkProperty(
      fc.asyncProperty(creationArb, fc.array(commandArb, { minLength: 4, maxLength: 12 }), async (creation, commands) => {
        const run = ++sequence;
        stats.sequences++;
        const externalIdsOf = (district: string) => Array.from({ length: PROJECTS_PER_DISTRICT }, (_, i) => `PT${run}-${district.slice(-2)}-${i}`);
        const totals = new Map<string, Money>();
        let index = 0;
        for (const [d, intents] of creation.entries()) {
          const create: Command = { kind: 'upsert', district: d, city: false, items: intents.map((intent, p) => ({ ...intent, p })), bad: null };
          await runCommand(index++, create, externalIdsOf, totals);
        }
        for (const command of commands) {
          stats.calls++;
          await runCommand(index++, command, externalIdsOf, totals);
        }
        await expectExactReads(`sequence ${run}`);
        await dropSequence(run);
      }),
      25,
    );
    // The kinds of change issue 9 names were all exercised.
    expect(stats.listingsReplaced).toBeGreaterThan(0);
    expect(stats.listingYearsRemoved).toBeGreaterThan(0);
    expect(stats.statusMoves.intoSuspended ?? 0).toBeGreaterThan(0);
    expect(stats.statusMoves.outOfSuspended ?? 0).toBeGreaterThan(0);
    expect(stats.statusMoves.intoWithdrawn ?? 0).toBeGreaterThan(0);
    expect(stats.statusMoves.outOfWithdrawn ?? 0).toBeGreaterThan(0);
    expect(stats.cityCorrections).toBeGreaterThan(0);
    expect(stats.usdItems).toBeGreaterThan(0);
    expect(stats.approvalsMoved).toBeGreaterThan(0);
    expect(stats.quickStartChanges).toBeGreaterThan(0);
    expect(stats.evaluationsResubmitted).toBeGreaterThan(0);
    expect(stats.monthsSkipped).toBeGreaterThan(0);
    expect(stats.startedAcrossMonthEnd).toBeGreaterThan(0);
    expect(stats.rejectedAtomic + stats.partialWrites).toBeGreaterThan(0);
  });
});
