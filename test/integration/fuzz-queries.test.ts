/**
 * Property-based tests of the read API and the HTTP surface (issue 5, item 8): arbitrary, hostile
 * but schema-shaped filters, orders, page sizes, cursors (real, forged and random), rankings and
 * indicator arguments, project(...) lookups, audit log reads, and request bodies that are not
 * GraphQL at all.
 *
 * Every response: no HTTP 5xx, no INTERNAL_SERVER_ERROR, nothing internal in the body. Where the
 * contract says what must happen, it is checked too: out-of-range arguments are BAD_USER_INPUT,
 * pages hold at most `first` items, paging through gives exactly the one-page answer.
 *
 * Replay a failure with FUZZ_SEED=<seed> (printed on failure); FUZZ_RUNS=<factor> runs more.
 */
import fc from 'fast-check';
import { useTestApp } from '../helpers/app';
import {
  assertCleanResponse,
  collectingLogger,
  decimalInput,
  FUZZ_SEED,
  garbage,
  hostileString,
  intInput,
  mangled,
  post,
  RawResponse,
  checkProperty,
} from '../helpers/fuzz';

jest.setTimeout(180_000);

const DISTRICTS = ['320412', '320413', '320411'];
const STATUSES = ['RESERVE', 'SIGNED', 'LISTED', 'PRE_CONSTRUCTION', 'UNDER_CONSTRUCTION', 'COMPLETED', 'IN_PRODUCTION', 'AT_CAPACITY', 'SUSPENDED', 'WITHDRAWN'];
const LEVELS = ['PROVINCIAL_MAJOR', 'CITY_MAJOR', 'DISTRICT_KEY'];
const ORDER_FIELDS = ['TOTAL_INVESTMENT', 'NAME', 'STARTED_ON', 'UPDATED_AT'];
const DISTRICT_INDICATORS = [
  'LISTED_COUNT',
  'STARTED_COUNT',
  'START_RATE',
  'UNDER_CONSTRUCTION_COUNT',
  'COMPLETED_COUNT',
  'PLANNED_INVESTMENT',
  'COMPLETED_INVESTMENT',
  'INVESTMENT_COMPLETION_RATE',
  'SCHEDULE_GAP_PP',
  'RED_COUNT',
  'QUICK_START_COUNT',
];
const PROJECT_INDICATORS = ['TOTAL_INVESTMENT', 'COMPLETED_INVESTMENT', 'INVESTMENT_COMPLETION_RATE', 'LAND_TO_START_DAYS'];
const TOKENS = [null, 'wujin-token', 'jintan-token', 'xinbei-token', 'city-token', 'analyst-token'];

const serverLog: Record<string, unknown>[] = [];
let projectRefs: { id: string; projectCode: string | null; district: string; externalId: string }[] = [];
/** Cursors the service handed out, to be sent back (with other orders and filters than they came from). */
const cursors: string[] = [];
const stats = { requests: 0, errors: {} as Record<string, number> };

const app = useTestApp({ demoData: true, logger: collectingLogger(serverLog) });

beforeAll(async () => {
  const knex = app.orm.em.getKnex();
  projectRefs = (
    (await knex('project').select('id', 'project_code', 'district_code', 'external_id').orderBy('id')) as {
      id: string;
      project_code: string | null;
      district_code: string;
      external_id: string;
    }[]
  ).map((r) => ({ id: String(r.id), projectCode: r.project_code, district: r.district_code, externalId: r.external_id }));
  // A few pushes, so the audit log has entries to page through.
  for (const [index, ref] of projectRefs.slice(0, 6).entries()) {
    await post(
      app,
      {
        query: 'mutation ($input: RecordApprovalsInput!) { recordApprovals(input: $input) { created updated } }',
        variables: { input: { district: ref.district, approvals: [{ externalId: ref.externalId, kind: 'PROJECT_FILING', issuedOn: `2024-0${1 + index}-15` }] } },
      },
      'city-token',
    );
  }
});

afterAll(async () => {
  console.log(`fuzz-queries: FUZZ_SEED=${FUZZ_SEED}; ${JSON.stringify(stats)}`);
});

/** Sends one operation and checks what every response must pass; returns the response. */
async function ask(query: string, variables: unknown, token: string | null = null): Promise<RawResponse> {
  const request = { query, variables };
  const response = await post(app, request, token);
  stats.requests += 1;
  for (const error of response.json?.errors ?? []) stats.errors[String(error.extensions?.code)] = (stats.errors[String(error.extensions?.code)] ?? 0) + 1;
  assertCleanResponse(response, { token, ...request }, serverLog);
  for (const edge of collectEdges(response.json?.data)) if (typeof edge.cursor === 'string') remember(edge.cursor);
  return response;
}

function collectEdges(data: unknown): { cursor?: unknown }[] {
  if (data === null || typeof data !== 'object') return [];
  const found: { cursor?: unknown }[] = [];
  for (const value of Object.values(data)) {
    if (value && typeof value === 'object' && Array.isArray((value as { edges?: unknown }).edges)) found.push(...(value as { edges: { cursor?: unknown }[] }).edges);
  }
  return found;
}

function remember(cursor: string): void {
  if (cursors.includes(cursor)) return;
  cursors.push(cursor);
  if (cursors.length > 200) cursors.shift();
}

const codes = (response: RawResponse) => (response.json?.errors ?? []).map((e) => String(e.extensions?.code));
const fail = (message: string, response: RawResponse): never => {
  throw new Error(`${message}\nresponse: ${response.text.slice(0, 2000)}`);
};

// ---------------------------------------------------------------------------------------------------
// Arbitraries

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * Cursors: none, real ones, forged ones (valid shape, hostile contents; mostly tagged with the ordering
 * of the query they are sent to, so they get past the tag check), and random text.
 */
const cursorArb = (ordering?: string): fc.Arbitrary<string | null> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 3, arbitrary: fc.nat().map((i) => (cursors.length > 0 ? cursors[i % cursors.length]! : null)) },
    {
      weight: 5,
      arbitrary: fc
        .tuple(
          fc.oneof(
            { weight: 3, arbitrary: fc.constant(ordering ?? 'DEFAULT') },
            { weight: 1, arbitrary: fc.constantFrom('DEFAULT', 'AUDIT', ...ORDER_FIELDS.flatMap((f) => [`${f}:ASC`, `${f}:DESC`]), 'NAME:SIDEWAYS', '') },
          ),
          fc.array(
            fc.oneof(
              fc.constantFrom(null, '1', '42', '0', '-1', '99999999999999999999', '9223372036854775808', '1e400', 'NaN', 'abc', '2024-13-45', '2024-02-30', 'infinity', '-infinity', 'epoch', '320412', 'WJ-2024-001', '\u0000', '\ud800', '', ' '),
              fc.constantFrom(1, -1, 1.5, 1e308, true, [], {}, [1, 2]),
              hostileString(20),
              fc.jsonValue({ maxDepth: 2 }),
            ),
            { maxLength: 3 },
          ),
        )
        .map(([ordering, position]) => base64url([ordering, ...position])),
    },
    { weight: 1, arbitrary: fc.oneof(hostileString(), fc.base64String({ maxLength: 40 }), fc.constantFrom('W10', 'bnVsbA', 'e30', '%%%', '=')) },
  );

const firstArb = fc.option(intInput(fc.integer({ min: 1, max: 30 })), { nil: null, freq: 2 });

const filterArb = fc.record(
  {
    districts: fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...DISTRICTS) }, { weight: 1, arbitrary: fc.constantFrom('999999', '32041', '') }, { weight: 1, arbitrary: hostileString() }), { maxLength: 3 }),
    statuses: fc.array(fc.constantFrom(...STATUSES), { maxLength: 3 }),
    level: fc.constantFrom(...LEVELS),
    year: intInput(fc.integer({ min: 2019, max: 2027 })),
    industry: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...['NEV', 'NE', 'NE.BAT', 'NEV.EDS', 'BIO']) }, { weight: 1, arbitrary: hostileString() }),
    minTotalInvestment: decimalInput(),
    nameContains: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('项目', '产业园', '演示', 'a', 'E', '（', '') }, { weight: 2, arbitrary: hostileString() }),
    updatedSince: fc.oneof(
      fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2024-01-01T00:00:00+14:00', '2024-01-01T00:00:00.123456789Z', '2024-02-30T00:00:00Z', '2024-01-01', 'yesterday', ''),
    ),
  },
  { requiredKeys: [] },
);

const orderArb = fc.option(
  fc.record({ field: fc.constantFrom(...ORDER_FIELDS), direction: fc.constantFrom('ASC', 'DESC') }, { requiredKeys: ['field'] }),
  { nil: null },
);

/** Variables as sent, now and then with garbage somewhere inside. */
const maybeMangled = <T>(variables: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 9, arbitrary: variables as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: mangled(variables) });

const tokenArb = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 1, arbitrary: fc.stringMatching(/^[!-~]{0,30}$/) });

const NODE = 'id externalId name status totalInvestment { wanYuan original } startedOn updatedAt version district { code }';
const PROJECTS = `query ($filter: ProjectFilter, $orderBy: ProjectOrder, $first: Int, $after: String) {
  projects(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } } }`;

// ---------------------------------------------------------------------------------------------------

describe('fuzzing the read API', () => {
  it('projects(filter, orderBy, first, after): any arguments', async () => {
    await checkProperty(
      fc.asyncProperty(
        orderArb
          .chain((orderBy) =>
            fc.record({
              filter: fc.option(filterArb, { nil: null }),
              orderBy: fc.constant(orderBy),
              first: firstArb,
              after: cursorArb(orderBy ? `${orderBy.field}:${orderBy.direction ?? 'ASC'}` : 'DEFAULT'),
            }),
          )
          .chain((args) => fc.tuple(fc.constant(args), maybeMangled(fc.constant(args)))),
        tokenArb,
        async ([args, variables], token) => {
          const response = await ask(PROJECTS, variables, token);
          // Garbage in the variables: only the checks every response passes.
          if (variables !== args) return;
          const page = response.json?.data?.projects as { edges: unknown[]; totalCount: number } | undefined;
          if (page) {
            const first = args.first ?? 20;
            if (page.edges.length > first) fail(`${page.edges.length} edges for first ${first}`, response);
            if (page.totalCount < page.edges.length) fail('totalCount below the page size', response);
          }
          if (args.first != null && (args.first < 1 || args.first > 100) && response.json?.data?.projects) fail(`first ${args.first} was not refused`, response);
          if (args.filter?.year != null && (args.filter.year < 2000 || args.filter.year > 2100) && response.json?.data?.projects) fail(`year ${args.filter.year} was not refused`, response);
        },
      ),
      260,
    );
  });

  it('projects: paging through with any page size gives the one-page answer', async () => {
    await checkProperty(
      fc.asyncProperty(
        fc.record({
          filter: fc.option(
            fc.record(
              {
                districts: fc.subarray(DISTRICTS, { minLength: 1 }),
                statuses: fc.subarray(STATUSES, { minLength: 1 }),
                minTotalInvestment: fc.constantFrom('0', '1000', '100000.5'),
                nameContains: fc.constantFrom('项目', '产业', 'a', '（演示）'),
              },
              { requiredKeys: [] },
            ),
            { nil: null },
          ),
          orderBy: orderArb,
          first: fc.integer({ min: 1, max: 7 }),
        }),
        async ({ filter, orderBy, first }) => {
          const all = await ask(PROJECTS, { filter, orderBy, first: 100 });
          const expected = (all.json!.data!.projects.edges as { node: { id: string } }[]).map((e) => e.node.id);
          const seen: string[] = [];
          let after: string | null = null;
          for (let page = 0; page < 60; page += 1) {
            const response = await ask(PROJECTS, { filter, orderBy, first, after });
            const connection = response.json!.data!.projects as { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
            seen.push(...connection.edges.map((e) => e.node.id));
            if (!connection.pageInfo.hasNextPage) break;
            after = connection.pageInfo.endCursor;
          }
          if (JSON.stringify(seen) !== JSON.stringify(expected)) fail(`paged ${JSON.stringify(seen)} but one page says ${JSON.stringify(expected)}`, all);
        },
      ),
      40,
    );
  });

  it('project(...): any combination of lookups', async () => {
    const some = <T>(values: T[], hostile: fc.Arbitrary<T>) =>
      fc.option(values.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...values) }, { weight: 2, arbitrary: hostile }) : hostile, { nil: null });
    await checkProperty(
      fc.asyncProperty(
        fc.record({
          id: some(
            projectRefs.map((p) => p.id),
            fc.oneof(hostileString(), fc.constantFrom('0', '-1', '01', '1.0', '99999999999999999999', '9223372036854775807', '999999999999999999', ' 1')),
          ),
          projectCode: some(
            projectRefs.map((p) => p.projectCode).filter((c): c is string => c !== null),
            hostileString(),
          ),
          district: some(DISTRICTS, fc.oneof(hostileString(), fc.constantFrom('999999', ''))),
          externalId: some(
            projectRefs.map((p) => p.externalId),
            hostileString(),
          ),
        }),
        tokenArb,
        async (args, token) => {
          const response = await ask(`query ($id: ID, $projectCode: String, $district: ID, $externalId: String) {
            project(id: $id, projectCode: $projectCode, district: $district, externalId: $externalId) { ${NODE} } }`, args, token);
          if (codes(response).includes('UNAUTHENTICATED')) return;
          const ways = [args.id != null, args.projectCode != null, args.district != null || args.externalId != null].filter(Boolean).length;
          const oneWay = ways === 1 && (args.district == null) === (args.externalId == null);
          if (!oneWay && !codes(response).includes('BAD_USER_INPUT')) fail('an ambiguous project(...) was not refused', response);
          const project = response.json?.data?.project as { id: string } | null | undefined;
          if (project && args.id != null && project.id !== args.id) fail(`project(id: ${args.id}) returned ${project.id}`, response);
        },
      ),
      150,
    );
  });

  it('rankings and indicators: any arguments', async () => {
    const yearArb = intInput(fc.integer({ min: 2019, max: 2027 }));
    const monthArb = fc.option(intInput(fc.integer({ min: 1, max: 12 })), { nil: null });
    const levelArb = fc.option(fc.constantFrom(...LEVELS), { nil: null });
    const call = fc.oneof(
      fc.record({ year: yearArb, month: monthArb, level: levelArb, indicator: fc.constantFrom(...DISTRICT_INDICATORS) }).map((v) => ({
        kind: 'districtRanking' as const,
        query: `query ($indicator: DistrictIndicator!, $year: Int!, $month: Int, $level: ProjectLevel) {
          districtRanking(indicator: $indicator, year: $year, month: $month, level: $level) { rank value district { code } } }`,
        v,
      })),
      fc
        .record({ year: yearArb, month: monthArb, indicator: fc.constantFrom(...PROJECT_INDICATORS), filter: fc.option(filterArb, { nil: null }), top: fc.option(intInput(fc.integer({ min: 1, max: 20 })), { nil: null }) })
        .map((v) => ({
          kind: 'projectRanking' as const,
          query: `query ($indicator: ProjectIndicator!, $year: Int!, $month: Int, $filter: ProjectFilter, $top: Int) {
            projectRanking(indicator: $indicator, year: $year, month: $month, filter: $filter, top: $top) { rank value project { id ragStatus(year: $year, month: $month) landToStartDays } } }`,
          v,
        })),
      fc.record({ year: yearArb, month: monthArb, level: levelArb }).map((v) => ({
        kind: 'cityIndicators' as const,
        query: `query ($year: Int!, $month: Int, $level: ProjectLevel) {
          cityIndicators(year: $year, month: $month, level: $level) { year month timeProgress listedCount startRate plannedInvestment completedInvestment investmentCompletionRate scheduleGapPp redCount quickStartCount } }`,
        v,
      })),
      fc.record({ code: fc.oneof(fc.constantFrom(...DISTRICTS), hostileString()), year: yearArb, month: monthArb, level: levelArb }).map((v) => ({
        kind: 'district' as const,
        query: `query ($code: ID!, $year: Int!, $month: Int, $level: ProjectLevel) {
          district(code: $code) { code indicators(year: $year, month: $month, level: $level) { listedCount redCount plannedInvestment } } }`,
        v,
      })),
    );
    await checkProperty(
      fc.asyncProperty(call, tokenArb, async ({ kind, query, v }, token) => {
        const response = await ask(query, v, token);
        if (codes(response).includes('UNAUTHENTICATED')) return;
        const args = v as { year: number; month: number | null; top?: number | null };
        const outOfRange =
          args.year < 2000 || args.year > 2100 || (args.month != null && (args.month < 1 || args.month > 12)) || (args.top != null && (args.top < 1 || args.top > 100));
        const data = response.json?.data?.[kind];
        if (outOfRange && data && kind !== 'district') fail(`out-of-range arguments ${JSON.stringify(v)} were not refused`, response);
        if (kind === 'districtRanking' && data && (data as unknown[]).length !== 3) fail('districtRanking does not list the three districts', response);
        if (kind === 'projectRanking' && data && (data as unknown[]).length > (args.top ?? 10)) fail('projectRanking is longer than top', response);
      }),
      150,
    );
  });

  it('auditLog(filter, first, after) and industryLabels(district): any arguments, any caller', async () => {
    await checkProperty(
      fc.asyncProperty(
        fc.oneof(
          fc
            .record({
              filter: fc.option(
                fc.record(
                  {
                    district: fc.oneof(fc.constantFrom(...DISTRICTS), hostileString()),
                    projectId: fc.oneof(fc.constantFrom(...projectRefs.map((p) => p.id)), fc.constantFrom('0', '99999999999999999999', '-1', '1.5'), hostileString()),
                    since: fc.constantFrom('2024-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', 'soon'),
                  },
                  { requiredKeys: [] },
                ),
                { nil: null },
              ),
              first: firstArb,
              after: cursorArb('AUDIT'),
            })
            .map((v) => ({
              query: `query ($filter: AuditFilter, $first: Int, $after: String) {
                auditLog(filter: $filter, first: $first, after: $after) { edges { cursor node { id at actorRole actorKey entity entityId projectId before after } } pageInfo { hasNextPage endCursor } } }`,
              v,
            })),
          fc.record({ district: fc.option(fc.oneof(fc.constantFrom(...DISTRICTS), hostileString()), { nil: null }) }).map((v) => ({
            query: 'query ($district: ID) { industryLabels(district: $district) { label district { code } industry { code parent { code } } } }',
            v,
          })),
        ),
        tokenArb,
        async ({ query, v }, token) => {
          await ask(query, v, token);
        },
      ),
      120,
    );
  });
});

describe('fuzzing the HTTP surface', () => {
  it('any request body, any operation text', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.record({ query: fc.oneof(hostileString(), fc.constantFrom('{', '}', '{ projects { edges } }', 'query { __typename }', 'mutation { __typename }', '{ a: __typename b: __typename }', 'subscription { x }', 'fragment F on Query { ...F } { ...F }')), variables: garbage(), operationName: fc.option(hostileString(), { nil: undefined }), extensions: fc.option(garbage(), { nil: undefined }) }, { requiredKeys: ['query'] }).map((v) => JSON.stringify(v)),
      fc.constantFrom('', 'null', '[]', '[{"query":"{__typename}"}]', '{"query":null}', '{"query":1}', '{"query":"{__typename}","variables":"[]"}', '\u0000', '{"query":"{__typename}"'),
    );
    const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/graphql-response+json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', '');
    await checkProperty(
      fc.asyncProperty(body, contentType, tokenArb, async (text, type, token) => {
        const response = await post(app, text, token, { 'content-type': type, 'apollo-require-preflight': 'true' });
        stats.requests += 1;
        assertCleanResponse(response, { contentType: type, body: text }, serverLog);
      }),
      150,
    );
  });
});
