import { Client } from 'pg';
import { createLogger } from '../../src/observability/logger';
import { useTestApp } from '../helpers/app';
import { errorCodes, gql } from '../helpers/graphql';
import { execSql } from '../helpers/test-database';

const lines: Record<string, any>[] = [];

const app = useTestApp({
  demoData: true,
  logger: createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) }),
  // One connection, given up on quickly, and short statements: exhaustion and timeouts are cheap to provoke.
  database: { poolMax: 1, acquireTimeoutMs: 300, statementTimeoutMs: 500 },
});

beforeEach(() => {
  lines.length = 0;
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

it('logs one JSON line per request with its id, operation, duration and SQL statement count, never the token', async () => {
  const response = await post(
    { query: 'query TopProjects { district(code: "320412") { name projects(first: 3) { totalCount } } }', operationName: 'TopProjects' },
    { 'x-request-id': 'dashboard-42', authorization: 'Bearer analyst-token' },
  );
  expect(response.status).toBe(200);
  expect(response.headers.get('x-request-id')).toBe('dashboard-42');
  const statements = Number(response.headers.get('x-sql-statements'));
  expect(statements).toBeGreaterThan(0);
  const entries = lines.filter((line) => line.msg === 'graphql request');
  expect(entries).toEqual([
    expect.objectContaining({
      level: 30,
      service: 'cz-projects',
      requestId: 'dashboard-42',
      operationName: 'TopProjects',
      operationType: 'query',
      durationMs: expect.any(Number),
      sqlStatements: statements,
      caller: 'analyst',
      district: null,
      status: 200,
      errorCodes: [],
    }),
  ]);
  expect(JSON.stringify(lines)).not.toContain('analyst-token');
});

it('makes a request id when the client sends none or an unusable one', async () => {
  const response = await post({ query: '{ __typename }' }, { 'x-request-id': 'no spaces or <tags> allowed' });
  expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

it('serves Prometheus metrics: latency per operation, errors by code, pool usage', async () => {
  await post({ query: 'query CityRanking { districtRanking(indicator: STARTED_COUNT, year: 2026) { rank } }' });
  await post({ query: 'query BadMonth { districtRanking(indicator: STARTED_COUNT, year: 2026, month: 13) { rank } }' });
  const response = await fetch(`${app.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  expect(text).toMatch(/^graphql_request_duration_seconds_count\{operation="CityRanking",type="query"\} 1$/m);
  expect(text).toMatch(/^graphql_request_duration_seconds_count\{operation="BadMonth",type="query"\} 1$/m);
  expect(text).toMatch(/^graphql_errors_total\{code="BAD_USER_INPUT"\} 1$/m);
  expect(text).toMatch(/^db_pool_connections\{state="used"\} 0$/m);
  expect(text).toMatch(/^db_pool_max_connections 1$/m);
  expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
});

it('masks an unexpected error: a generic message and an id for the client, the full error in the log under that id', async () => {
  await execSql(app.scratchUrl, 'alter table district rename to district_moved');
  try {
    const response = await post({ query: '{ districts { code } }' });
    const body = (await response.json()) as any;
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors;
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(error.message).toBe(`Internal error; quote reference ${error.extensions.errorId} when reporting it.`);
    expect(JSON.stringify(body)).not.toMatch(/district_moved|relation|select|127\.0\.0\.1|\/work\/|node_modules|stack/i);
    const logged = lines.find((line) => line.errorId === error.extensions.errorId);
    expect(logged).toMatchObject({ level: 50, msg: 'unexpected error', err: { message: expect.stringContaining('relation "district" does not exist') } });
    expect(logged!.err.stack).toEqual(expect.any(String));
  } finally {
    await execSql(app.scratchUrl, 'alter table district_moved rename to district');
  }
});

it('fails fast with DATABASE_BUSY (503, Retry-After) while every connection is taken, and recovers', async () => {
  const knex = app.orm.em.getKnex();
  const held = await knex.transaction();
  try {
    await held.raw('select 1');
    const response = await post({ query: '{ districts { code } }' });
    expect([response.status, response.headers.get('retry-after')]).toEqual([503, '5']);
    const body = (await response.json()) as any;
    expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['DATABASE_BUSY']);
    expect(body.errors[0].message).toBe('Every database connection is in use; retry in a few seconds.');
    expect((await fetch(`${app.url}/ready`)).status).toBe(503);
  } finally {
    await held.commit();
  }
  const after = await gql(app, '{ districts { code } }');
  expect([after.status, after.body.data?.districts]).toEqual([200, [{ code: '320411' }, { code: '320412' }, { code: '320413' }]]);
  expect((await fetch(`${app.url}/ready`)).status).toBe(200);
});

it('stops a statement over DB_STATEMENT_TIMEOUT_MS with QUERY_TIMEOUT, writing nothing', async () => {
  // Another session holds Wujin's push lock, so the push waits inside PostgreSQL until it is cancelled.
  const blocker = new Client({ connectionString: app.scratchUrl });
  await blocker.connect();
  await blocker.query("select pg_advisory_lock(hashtext('cz-push:320412'))");
  const push = {
    query: 'mutation($input: UpsertProjectsInput!) { upsertProjects(input: $input) { created } }',
    variables: { input: { district: '320412', projects: [{ externalId: 'TIMEOUT-1', name: '超时测试项目', industryLabel: '智电汽车', status: 'SIGNED', totalInvestment: { amount: '1', unit: 'YI' } }] } },
  };
  try {
    const response = await post(push, { authorization: 'Bearer wujin-token' });
    expect(response.status).toBe(503);
    const body = (await response.json()) as any;
    expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['QUERY_TIMEOUT']);
  } finally {
    await blocker.end();
  }
  const stored = await gql(app, '{ project(district: "320412", externalId: "TIMEOUT-1") { id } }');
  expect(stored.body.data).toEqual({ project: null });
  const again = await gql(app, push.query, push.variables, 'wujin-token');
  expect([errorCodes(again), again.body.data]).toEqual([[], { upsertProjects: { created: 1 } }]);
});
