import { generateProjects } from '../../seeds/generator';
import { TestApp, useTestApp } from '../helpers/app';
import { insertEvaluation } from '../helpers/fixtures';
import { DASHBOARD_QUERY, DASHBOARD_VARIABLES } from '../helpers/dashboard-query';

async function runDashboard(app: TestApp): Promise<{ statements: number; data: any }> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: DASHBOARD_QUERY, variables: DASHBOARD_VARIABLES }),
  });
  const body = (await response.json()) as any;
  expect(body.errors).toBeUndefined();
  return { statements: Number(response.headers.get('x-sql-statements')), data: body.data };
}

describe('the city dashboard query', () => {
  const app = useTestApp({ demoData: false });

  it('runs the same fixed number of SQL statements at two data sizes', async () => {
    await generateProjects(app.orm.em.getKnex(), 5);
    const small = await runDashboard(app);
    await generateProjects(app.orm.em.getKnex(), 60);
    const large = await runDashboard(app);
    expect(small.data.districts[0].projects.totalCount).toBe(5);
    expect(large.data.districts[0].projects.totalCount).toBe(65);
    expect(large.data.districts.every((d: any) => d.projects.edges.length === 10)).toBe(true);
    // districts, indicators ×2 (all levels, provincial), 3 pages + 3 counts, industries, approvals,
    // latest evaluations, RAG statuses, the project ranking
    expect(small.statements).toBe(14);
    expect(large.statements).toBe(14);
  });
});

describe('the response cache', () => {
  const app = useTestApp({ demoData: false, responseCacheEntries: 100 });

  beforeAll(async () => {
    await generateProjects(app.orm.em.getKnex(), 5);
  });

  it('answers a repeated dashboard with one statement, and is never stale after a write', async () => {
    const first = await runDashboard(app);
    expect(first.statements).toBe(15); // the data version, then the real work
    const again = await runDashboard(app);
    expect(again.statements).toBe(1);
    expect(again.data).toEqual(first.data);

    // A write raises the data version in its own transaction: the next read recomputes.
    const knex = app.orm.em.getKnex();
    const [{ id }] = await knex('project').where({ district_code: '320412', external_id: 'GEN-0000003' }).select('id');
    await knex('evaluation').where({ project_id: id, year: 2026, month: 10 }).delete();
    await insertEvaluation(knex, String(id), { year: 2026, month: 10, ytdWan: '99999999' });
    const after = await runDashboard(app);
    expect(after.statements).toBe(15);
    const wujin = (data: any) => data.districts.find((d: any) => d.code === '320412').indicators.completedInvestment;
    expect(wujin(after.data)).not.toBe(wujin(first.data));
    expect((await runDashboard(app)).statements).toBe(1);
  });

  it('computes a dashboard once when several identical reads miss at the same version', async () => {
    // A write by another writer (scope 'other'): every cached answer is now out of date.
    await app.orm.em.getKnex().raw("update district set name = name where code = '320412'");
    const burst = await Promise.all(Array.from({ length: 5 }, () => runDashboard(app)));
    // One computes (the version, then the work); the other four read the version and wait for its answer.
    expect(burst.map((r) => r.statements).sort((a, b) => a - b)).toEqual([1, 1, 1, 1, 15]);
    for (const answer of burst) expect(answer.data).toEqual(burst[0]!.data);
  });
});
