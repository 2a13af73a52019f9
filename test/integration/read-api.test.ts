import { startTestApp, useTestApp } from '../helpers/app';
import { insertApproval, insertEvaluation, insertListing, insertProject } from '../helpers/fixtures';
import { errorCodes, gql } from '../helpers/graphql';

const ids: Record<string, string> = {};

const app = useTestApp({ demoData: false });

beforeAll(async () => {
  const knex = app.orm.em.getKnex();
  ids.a = await insertProject(knex, { externalId: 'A', name: '乙 电驱项目', totalWan: '500', startedOn: '2024-03-01', status: 'UNDER_CONSTRUCTION' });
  ids.b = await insertProject(knex, { externalId: 'B', name: '甲 项目', totalWan: null, industry: 'NE.BAT' });
  ids.c = await insertProject(knex, { externalId: 'C', name: 'Alpha', totalWan: '500' });
  ids.d = await insertProject(knex, { externalId: 'D', name: 'beta', totalWan: '2000', projectCode: '2306-320412-04-01-123456' });
  ids.e = await insertProject(knex, { district: '320413', externalId: 'A', name: '金坛 电池', totalWan: '1000', industry: 'NE.BAT' });
  await insertListing(knex, ids.a, { year: 2026, level: 'DISTRICT_KEY' });
  await insertListing(knex, ids.a, { year: 2025, level: 'CITY_MAJOR' });
  await insertListing(knex, ids.a, { year: 2026, level: 'PROVINCIAL_MAJOR' });
  await insertListing(knex, ids.e, { year: 2026, level: 'CITY_MAJOR' });
  await insertApproval(knex, ids.a, 'CONSTRUCTION_PERMIT', '2024-03-01');
  await insertApproval(knex, ids.a, 'LAND_CONTRACT', '2024-02-25');
  await insertEvaluation(knex, ids.a, { year: 2026, month: 2, ytdWan: '20' });
  await insertEvaluation(knex, ids.a, { year: 2025, month: 12, ytdWan: '90' });
  await insertEvaluation(knex, ids.a, { year: 2026, month: 1, ytdWan: '10' });
});

const externalIds = (data: any) => data.projects.edges.map((e: any) => `${e.node.district.code}/${e.node.externalId}`);

describe('districts and industries', () => {
  it('lists the three districts by code', async () => {
    const { body } = await gql(app, '{ districts { code slug name nameEn } }');
    expect(body.data!.districts).toEqual([
      { code: '320411', slug: 'xinbei', name: '常州国家高新区（新北区）', nameEn: 'Changzhou National High-tech Zone (Xinbei)' },
      { code: '320412', slug: 'wujin', name: '武进区', nameEn: 'Wujin District' },
      { code: '320413', slug: 'jintan', name: '金坛区', nameEn: 'Jintan District' },
    ]);
  });

  it('returns null for an unknown district code', async () => {
    const { body } = await gql(app, '{ district(code: "999999") { code } wj: district(code: "320412") { name } }');
    expect(body).toEqual({ data: { district: null, wj: { name: '武进区' } } });
  });

  it('serves the taxonomy as a tree of roots and children', async () => {
    const { body } = await gql(app, '{ industries { code parent { code } children { code parent { code } } } }');
    const roots = body.data!.industries;
    expect(roots.map((i: any) => i.code)).toEqual(['BIO', 'EQP', 'IC', 'ICT', 'LAE', 'MAT', 'NE', 'NEV', 'OTH', 'PUB', 'SVC']);
    const nev = roots.find((i: any) => i.code === 'NEV');
    expect(nev.parent).toBeNull();
    expect(nev.children).toEqual(['NEV.EDS', 'NEV.ELEC', 'NEV.LIGHT', 'NEV.VEH'].map((code) => ({ code, parent: { code: 'NEV' } })));
  });

  it("maps each district's own labels onto the taxonomy", async () => {
    const { body } = await gql(app, '{ industryLabels(district: "320412") { district { code } label scheme industry { code } } }');
    const labels = body.data!.industryLabels;
    expect(labels.length).toBeGreaterThan(5);
    expect(new Set(labels.map((l: any) => l.district.code))).toEqual(new Set(['320412']));
    expect(labels.find((l: any) => l.label === '智电汽车')).toEqual({ district: { code: '320412' }, label: '智电汽车', scheme: 'WJ-95X', industry: { code: 'NEV' } });
    const bad = await gql(app, '{ industryLabels(district: "123456") { label } }');
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('project(...)', () => {
  it('finds a project by id, by projectCode and by district + externalId', async () => {
    const query = `query($id: ID) {
      byId: project(id: $id) { externalId }
      byCode: project(projectCode: "2306-320412-04-01-123456") { externalId }
      byExternal: project(district: "320413", externalId: "A") { name district { code } }
      missing: project(id: "999999") { externalId }
    }`;
    const { body } = await gql(app, query, { id: ids.a });
    expect(body).toEqual({
      data: { byId: { externalId: 'A' }, byCode: { externalId: 'D' }, byExternal: { name: '金坛 电池', district: { code: '320413' } }, missing: null },
    });
  });

  it.each([
    ['no argument', '{ project { id } }'],
    ['two ways at once', '{ project(id: "1", projectCode: "x") { id } }'],
    ['district without externalId', '{ project(district: "320412") { id } }'],
    ['a malformed id', '{ project(id: "abc") { id } }'],
    ['an unknown district', '{ project(district: "999999", externalId: "A") { id } }'],
  ])('refuses %s with BAD_USER_INPUT', async (_case, query) => {
    const response = await gql(app, query);
    expect(response.status).toBe(200);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.errors![0]!.message).toMatch(/id|district/);
  });

  it('serves money, listings, approvals, evaluations and landToStartDays in their documented orders', async () => {
    const { body } = await gql(
      app,
      `query($id: ID) { project(id: $id) {
        totalInvestment { wanYuan original originalUnit currency qualifier }
        listings { year level }
        approvals { kind issuedOn }
        evaluations { year month completedInvestmentYtd { wanYuan } revision }
        y2026: evaluations(year: 2026) { month }
        latestEvaluation { year month }
        landToStartDays status startedOn version industry { code parent { code } }
      } }`,
      { id: ids.a },
    );
    expect(body.data!.project).toEqual({
      totalInvestment: { wanYuan: '500.0000', original: '500.0000', originalUnit: 'WAN', currency: 'CNY', qualifier: 'EXACT' },
      listings: [
        { year: 2025, level: 'CITY_MAJOR' },
        { year: 2026, level: 'PROVINCIAL_MAJOR' },
        { year: 2026, level: 'DISTRICT_KEY' },
      ],
      approvals: [
        { kind: 'LAND_CONTRACT', issuedOn: '2024-02-25' },
        { kind: 'CONSTRUCTION_PERMIT', issuedOn: '2024-03-01' },
      ],
      evaluations: [
        { year: 2025, month: 12, completedInvestmentYtd: { wanYuan: '90.0000' }, revision: 1 },
        { year: 2026, month: 1, completedInvestmentYtd: { wanYuan: '10.0000' }, revision: 1 },
        { year: 2026, month: 2, completedInvestmentYtd: { wanYuan: '20.0000' }, revision: 1 },
      ],
      y2026: [{ month: 1 }, { month: 2 }],
      latestEvaluation: { year: 2026, month: 2 },
      landToStartDays: 5,
      status: 'UNDER_CONSTRUCTION',
      startedOn: '2024-03-01',
      version: 1,
      industry: { code: 'NEV.EDS', parent: { code: 'NEV' } },
    });
  });
});

describe('projects(...)', () => {
  const LIST = `query($filter: ProjectFilter, $orderBy: ProjectOrder, $first: Int, $after: String) {
    projects(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount edges { cursor node { externalId district { code } } } pageInfo { hasNextPage endCursor }
    } }`;

  it('orders by district code, then externalId, by default', async () => {
    const { body } = await gql(app, LIST);
    expect(externalIds(body.data)).toEqual(['320412/A', '320412/B', '320412/C', '320412/D', '320413/A']);
    expect(body.data!.projects.totalCount).toBe(5);
    expect(body.data!.projects.pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    [{ field: 'TOTAL_INVESTMENT', direction: 'DESC' }, ['320412/D', '320413/A', '320412/A', '320412/C', '320412/B']],
    [{ field: 'TOTAL_INVESTMENT', direction: 'ASC' }, ['320412/A', '320412/C', '320413/A', '320412/D', '320412/B']],
    [{ field: 'STARTED_ON', direction: 'DESC' }, ['320412/A', '320412/B', '320412/C', '320412/D', '320413/A']],
    [{ field: 'NAME', direction: 'ASC' }, ['320412/C', '320412/D', '320412/A', '320412/B', '320413/A']],
  ])('orders by %o with ties by id and nulls last, page by page as in one page', async (orderBy, expected) => {
    const whole = await gql(app, LIST, { orderBy, first: 100 });
    expect(externalIds(whole.body.data)).toEqual(expected);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await gql(app, LIST, { orderBy, first: 2, after });
      seen.push(...externalIds(page.body.data));
      after = page.body.data.projects.pageInfo.hasNextPage ? page.body.data.projects.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(expected);
  });

  it.each([
    [{ districts: ['320413'] }, ['320413/A']],
    [{ industry: 'NE' }, ['320412/B', '320413/A']],
    [{ industry: 'NEV.EDS', districts: ['320412'] }, ['320412/A', '320412/C', '320412/D']],
    [{ minTotalInvestment: '1000' }, ['320412/D', '320413/A']],
    [{ nameContains: 'ALPHA' }, ['320412/C']],
    [{ nameContains: '电' }, ['320412/A', '320413/A']],
    [{ year: 2026 }, ['320412/A', '320413/A']],
    [{ year: 2026, level: 'CITY_MAJOR' }, ['320413/A']],
    [{ level: 'CITY_MAJOR' }, ['320412/A', '320413/A']],
    [{ statuses: ['UNDER_CONSTRUCTION'] }, ['320412/A']],
    [{ updatedSince: '2000-01-01T00:00:00Z' }, ['320412/A', '320412/B', '320412/C', '320412/D', '320413/A']],
    [{ updatedSince: '2999-01-01T00:00:00Z' }, []],
  ])('filters %o', async (filter, expected) => {
    const { body } = await gql(app, LIST, { filter });
    expect(externalIds(body.data)).toEqual(expected);
    expect(body.data!.projects.totalCount).toBe(expected.length);
  });

  it('narrows District.projects to its district, on top of the filter', async () => {
    const { body } = await gql(app, '{ district(code: "320413") { projects(filter: { districts: ["320412", "320413"] }) { totalCount edges { node { externalId } } } } }');
    expect(body.data!.district.projects).toEqual({ totalCount: 1, edges: [{ node: { externalId: 'A' } }] });
  });

  it.each([
    [{ first: 0 }, /first must be from 1 to 100/],
    [{ first: 1000 }, /first must be from 1 to 100/],
    [{ first: 101 }, /first must be from 1 to 100/],
    [{ after: 'garbage' }, /after is not a cursor/],
    [{ filter: { districts: ['320499'] } }, /unknown district code\(s\) 320499/],
    [{ filter: { industry: 'CARS' } }, /"CARS" is not an industry code/],
    [{ filter: { year: 1999 } }, /year must be a year from 2000 to 2100/],
    [{ filter: { minTotalInvestment: '1e3' } }, /plain notation/],
  ])('refuses %o with BAD_USER_INPUT saying what to send', async (variables, message) => {
    const response = await gql(app, LIST, variables);
    expect(response.status).toBeLessThan(500);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.errors![0]!.message).toMatch(message);
  });

  it('refuses a cursor from another ordering', async () => {
    const first = await gql(app, LIST, { first: 1 });
    const response = await gql(app, LIST, { after: first.body.data!.projects.pageInfo.endCursor, orderBy: { field: 'NAME', direction: 'ASC' } });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('credentials for reading', () => {
  it('refuses an unknown token with UNAUTHENTICATED even though anonymous reads are on', async () => {
    const response = await gql(app, '{ districts { code } }', undefined, 'not-a-token');
    expect(response.status).toBe(401);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.body.data ?? null).toBeNull();
  });

  it('reads with a known token of any role', async () => {
    for (const token of ['wujin-token', 'city-token', 'analyst-token']) {
      const response = await gql(app, '{ districts { code } }', undefined, token);
      expect(response.body.data!.districts).toHaveLength(3);
    }
  });

  it('refuses anonymous reads when ANONYMOUS_READ is off', async () => {
    const closed = await startTestApp({ demoData: false, anonymousRead: false });
    try {
      const anonymous = await gql(closed, '{ districts { code } }');
      expect(anonymous.status).toBe(401);
      expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
      const analyst = await gql(closed, '{ districts { code } }', undefined, 'analyst-token');
      expect(analyst.body.data!.districts).toHaveLength(3);
    } finally {
      await closed.close();
    }
  });
});
