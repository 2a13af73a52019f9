import { generateProjects } from '../../seeds/generator';
import { useTestApp } from '../helpers/app';

const app = useTestApp({ demoData: false });

beforeAll(async () => {
  await generateProjects(app.orm.em.getKnex(), 40);
});

const PAGE = `query($first: Int) {
  projects(first: $first) {
    totalCount
    edges { node {
      name
      district { code name }
      industry { code name parent { code name } }
      listings { year level annualPlannedInvestment { wanYuan } }
      approvals { kind issuedOn }
      latestEvaluation { year month completedInvestmentYtd { wanYuan } }
      landToStartDays
    } }
  } }`;

async function statementsFor(first: number): Promise<{ statements: number; rows: number }> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: PAGE, variables: { first } }),
  });
  const body = (await response.json()) as any;
  expect(body.errors).toBeUndefined();
  return { statements: Number(response.headers.get('x-sql-statements')), rows: body.data.projects.edges.length };
}

it('reads a page of 100 projects and all their relations in as many SQL statements as a page of 10', async () => {
  const ten = await statementsFor(10);
  const hundred = await statementsFor(100);
  expect(ten.rows).toBe(10);
  expect(hundred.rows).toBe(100);
  // page, count, districts, industries (parents included), listings, approvals, land-to-start days, latest evaluations
  expect(ten.statements).toBe(8);
  expect(hundred.statements).toBe(8);
});

it('generates the benchmark data deterministically: 5 approvals and about 12 evaluations a project', async () => {
  const knex = app.orm.em.getKnex();
  const count = async (table: string) => Number(((await knex(table).count({ n: '*' })) as [{ n: string }])[0].n);
  expect(await count('project')).toBe(120);
  expect(await count('listing')).toBe(180);
  expect(await count('approval')).toBe(600);
  expect(await count('evaluation')).toBe(120 * 10 + 60 * 4);
  const [first] = await knex('project').where({ district_code: '320412', external_id: 'GEN-0000001' }).select('name', 'status');
  expect(first).toEqual({ name: '生成项目 wujin 1', status: 'SIGNED' });
});
