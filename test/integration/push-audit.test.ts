import { useTestApp } from '../helpers/app';
import { errorCodes, gql } from '../helpers/graphql';
import { actorKeyOf, approvalItem, evaluationItem, LISTING_2025, projectItem, push, pushRaw } from '../helpers/push-fixtures';

// The audit trail (api-contract.md, Writes: "Every write leaves an audit entry"; Precise rules: auditLog):
// what each change records, who sees which entries, filters and pages. One story, written step by step.

const app = useTestApp({ demoData: false });

const ENTRY = 'id at actorRole actorDistrict actorKey mutation entity entityId projectId district reason before after';
const AUDIT = `query($filter: AuditFilter, $first: Int, $after: String) { auditLog(filter: $filter, first: $first, after: $after) {
  edges { cursor node { ${ENTRY} } } pageInfo { hasNextPage endCursor } } }`;

interface Entry {
  id: string;
  at: string;
  actorRole: string;
  actorDistrict: string | null;
  actorKey: string;
  mutation: string;
  entity: string;
  entityId: string;
  projectId: string | null;
  district: string;
  reason: string | null;
  before: any;
  after: any;
}

async function auditPage(token: string | undefined, variables: Record<string, unknown> = {}) {
  const response = await gql(app, AUDIT, variables, token);
  if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
  const log = response.body.data!.auditLog;
  return { entries: log.edges.map((e: any) => e.node) as Entry[], cursors: log.edges.map((e: any) => e.cursor) as string[], pageInfo: log.pageInfo };
}

/** Every entry `token` may see with `filter`, following the pages. */
async function allEntries(token: string, filter?: Record<string, unknown>): Promise<Entry[]> {
  const entries: Entry[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await auditPage(token, { filter, first: 100, after });
    entries.push(...page.entries);
    if (!page.pageInfo.hasNextPage) return entries;
    after = page.pageInfo.endCursor;
  }
}

/** The entries written since the newest one `seen` (exclusive), oldest first. */
async function newEntries(seen: number): Promise<Entry[]> {
  return (await allEntries('city-token')).filter((e) => Number(e.id) > seen).reverse();
}
const newest = async (): Promise<number> => Number((await auditPage('city-token', { first: 1 })).entries[0]?.id ?? 0);

const money = (wanYuan: string, original: string, originalUnit: string) => ({ wanYuan, original, originalUnit, currency: 'CNY', qualifier: 'EXACT' });
const PROJECT_AFTER = (externalId: string) => ({
  projectCode: null,
  name: `测试项目 ${externalId}`,
  company: null,
  park: null,
  industryCode: 'NEV.EDS',
  industryLabel: null,
  status: 'LISTED',
  suspendedFrom: null,
  totalInvestment: money('100000.0000', '10', 'YI'),
  capacity: null,
  signedOn: null,
  listedOn: '2025-03-01',
  startedOn: null,
  completedOn: null,
  productionOn: null,
});
const LISTING_AFTER = {
  year: 2025,
  level: 'CITY_MAJOR',
  category: 'IMPLEMENTATION',
  constructionType: 'NEW',
  annualPlannedInvestment: money('20000.0000', '2', 'YI'),
  plannedStartOn: null,
  plannedCompletionOn: null,
};
const WUJIN_WRITER = { actorRole: 'district', actorDistrict: '320412', actorKey: actorKeyOf('wujin-token'), district: '320412', reason: null };

let projectId: string;
const startedAt = new Date();

describe('each change leaves one entry with who, what, before and after', () => {
  it('creating a project: its Project and Listing entries, before null', async () => {
    const payload = await push(app, 'upsertProjects', { projects: [projectItem('AUD-1')] }, 'wujin-token');
    projectId = payload.results[0]!.project!.id;
    const entries = await newEntries(0);
    expect(entries).toEqual([
      { ...WUJIN_WRITER, id: expect.any(String), at: expect.any(String), mutation: 'upsertProjects', entity: 'Project', entityId: projectId, projectId, before: null, after: PROJECT_AFTER('AUD-1') },
      { ...WUJIN_WRITER, id: expect.any(String), at: expect.any(String), mutation: 'upsertProjects', entity: 'Listing', entityId: `${projectId}:2025:CITY_MAJOR`, projectId, before: null, after: LISTING_AFTER },
    ]);
    expect(Number(entries[1]!.id)).toBeGreaterThan(Number(entries[0]!.id));
    for (const entry of entries) {
      expect(new Date(entry.at).getTime()).toBeGreaterThanOrEqual(startedAt.getTime() - 1000);
      expect(new Date(entry.at).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
  });

  it('changing a field: one Project entry, before and after differing in that field only', async () => {
    const seen = await newest();
    await push(app, 'upsertProjects', { projects: [projectItem('AUD-1', { capacity: '年产10万台' })] }, 'wujin-token');
    const entries = await newEntries(seen);
    expect(entries.map((e) => [e.entity, e.before, e.after])).toEqual([['Project', PROJECT_AFTER('AUD-1'), { ...PROJECT_AFTER('AUD-1'), capacity: '年产10万台' }]]);
  });

  it('replacing and removing listings: a Listing entry each, after null for a removal', async () => {
    let seen = await newest();
    const replaced = { ...LISTING_2025, annualPlannedInvestment: { amount: '2.5', unit: 'YI' } };
    await push(app, 'upsertProjects', { projects: [projectItem('AUD-1', { capacity: '年产10万台', listings: [replaced, { ...LISTING_2025, year: 2026 }] })] }, 'wujin-token');
    let entries = await newEntries(seen);
    expect(entries.map((e) => [e.entity, e.entityId, e.before, e.after])).toEqual([
      ['Listing', `${projectId}:2025:CITY_MAJOR`, LISTING_AFTER, { ...LISTING_AFTER, annualPlannedInvestment: money('25000.0000', '2.5', 'YI') }],
      ['Listing', `${projectId}:2026:CITY_MAJOR`, null, { ...LISTING_AFTER, year: 2026 }],
    ]);
    seen = await newest();
    await push(app, 'upsertProjects', { projects: [projectItem('AUD-1', { capacity: '年产10万台', listings: undefined, removeListingYears: [2026] })] }, 'wujin-token');
    entries = await newEntries(seen);
    expect(entries.map((e) => [e.entity, e.entityId, e.before, e.after])).toEqual([['Listing', `${projectId}:2026:CITY_MAJOR`, { ...LISTING_AFTER, year: 2026 }, null]]);
  });

  it('recording and replacing an approval', async () => {
    let seen = await newest();
    await push(app, 'recordApprovals', { approvals: [approvalItem('AUD-1')] }, 'wujin-token');
    const first = { kind: 'LAND_CONTRACT', issuedOn: '2025-04-01', documentNo: '常自然资（2025）1号', issuer: '常州市自然资源和规划局' };
    expect((await newEntries(seen)).map((e) => [e.mutation, e.entity, e.entityId, e.projectId, e.before, e.after])).toEqual([
      ['recordApprovals', 'Approval', `${projectId}:LAND_CONTRACT`, projectId, null, first],
    ]);
    seen = await newest();
    await push(app, 'recordApprovals', { approvals: [approvalItem('AUD-1', { issuedOn: '2025-04-03', documentNo: null })] }, 'wujin-token');
    expect((await newEntries(seen)).map((e) => [e.entity, e.before, e.after])).toEqual([
      ['Approval', first, { ...first, issuedOn: '2025-04-03', documentNo: null }],
    ]);
  });

  it('submitting and revising an evaluation', async () => {
    let seen = await newest();
    await push(app, 'submitEvaluations', { evaluations: [evaluationItem('AUD-1')] }, 'wujin-token');
    const first = { year: 2025, month: 6, ytd: money('8000.0000', '8000', 'WAN'), physicalProgressPct: 40, assessedRag: null, comment: null, revision: 1 };
    expect((await newEntries(seen)).map((e) => [e.mutation, e.entity, e.entityId, e.before, e.after])).toEqual([
      ['submitEvaluations', 'Evaluation', `${projectId}:2025:6`, null, first],
    ]);
    seen = await newest();
    await push(app, 'submitEvaluations', { evaluations: [evaluationItem('AUD-1', { assessedRag: 'YELLOW', comment: '设备到货延迟' })] }, 'wujin-token');
    expect((await newEntries(seen)).map((e) => [e.entity, e.before, e.after])).toEqual([
      ['Evaluation', first, { ...first, assessedRag: 'YELLOW', comment: '设备到货延迟', revision: 2 }],
    ]);
  });

  it('nothing for an UNCHANGED item, a rejected call, a dry run or a refused call', async () => {
    const seen = await newest();
    await push(app, 'upsertProjects', { projects: [projectItem('AUD-1', { capacity: '年产10万台', listings: undefined })] }, 'wujin-token');
    await push(app, 'upsertProjects', { projects: [projectItem('AUD-2'), projectItem('AUD-3', { industryCode: 'NOPE' })] }, 'wujin-token');
    await push(app, 'upsertProjects', { dryRun: true, projects: [projectItem('AUD-2')] }, 'wujin-token');
    await push(app, 'submitEvaluations', { evaluations: [evaluationItem('AUD-1', { assessedRag: 'YELLOW', comment: '设备到货延迟' })] }, 'wujin-token');
    expect(errorCodes(await pushRaw(app, 'upsertProjects', { district: '320413', projects: [projectItem('AUD-2')] }, 'wujin-token'))).toEqual(['FORBIDDEN']);
    expect(await newEntries(seen)).toEqual([]);
  });

  it('a city write: role city, no actor district, the written district, and the reason of a correction', async () => {
    const seen = await newest();
    await push(app, 'upsertProjects', { district: '320413', projects: [projectItem('AUD-JT', { listings: undefined })] }, 'city-token');
    await push(app, 'upsertProjects', { district: '320412', projects: [projectItem('AUD-1', { capacity: '年产10万台', listings: undefined, status: 'SIGNED', reason: '状态误报' })] }, 'city-token');
    const city = { actorRole: 'city', actorDistrict: null, actorKey: actorKeyOf('city-token'), mutation: 'upsertProjects', entity: 'Project' };
    const entries = await newEntries(seen);
    expect(entries).toEqual([
      { ...city, id: expect.any(String), at: expect.any(String), entityId: expect.any(String), projectId: expect.any(String), district: '320413', reason: null, before: null, after: expect.objectContaining({ name: '测试项目 AUD-JT' }) },
      {
        ...city,
        id: expect.any(String),
        at: expect.any(String),
        entityId: projectId,
        projectId,
        district: '320412',
        reason: '状态误报',
        before: { ...PROJECT_AFTER('AUD-1'), capacity: '年产10万台' },
        after: { ...PROJECT_AFTER('AUD-1'), capacity: '年产10万台', status: 'SIGNED' },
      },
    ]);
    await push(app, 'upsertProjects', { projects: [projectItem('AUD-XB', { listings: undefined })] }, 'xinbei-token');
  });
});

describe('who sees which entries', () => {
  it('city and analyst tokens see every entry; a district token its own district\'s, whoever wrote them', async () => {
    const all = await allEntries('city-token');
    expect(all.map((e) => e.district).sort()).toEqual([...Array(11).fill('320412'), '320413', '320411'].sort());
    expect(await allEntries('analyst-token')).toEqual(all);
    expect(await allEntries('wujin-token')).toEqual(all.filter((e) => e.district === '320412'));
    expect((await allEntries('wujin-token')).some((e) => e.actorRole === 'city')).toBe(true);
    expect(await allEntries('jintan-token')).toEqual(all.filter((e) => e.district === '320413'));
    expect(await allEntries('xinbei-token')).toEqual(all.filter((e) => e.district === '320411'));
  });

  it("refuses a district token another district's entries, and callers without a valid token", async () => {
    expect(errorCodes(await gql(app, AUDIT, { filter: { district: '320413' } }, 'wujin-token'))).toEqual(['FORBIDDEN']);
    expect((await auditPage('wujin-token', { filter: { district: '320412' } })).entries.length).toBe(11);
    expect(errorCodes(await gql(app, AUDIT, {}))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await gql(app, AUDIT, {}, 'not-a-configured-token'))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('filters', () => {
  it('district: the written project\'s district', async () => {
    const all = await allEntries('city-token');
    for (const district of ['320412', '320413', '320411']) {
      expect(await allEntries('analyst-token', { district })).toEqual(all.filter((e) => e.district === district));
    }
  });

  it('projectId: one project\'s entries; since: entries at or after a time; together', async () => {
    const all = await allEntries('city-token');
    expect(await allEntries('city-token', { projectId })).toEqual(all.filter((e) => e.projectId === projectId));
    // The entries of the last three calls (each call's entries share its time).
    const cut = all.find((e) => e.entity === 'Evaluation')!.at;
    const since = all.filter((e) => e.at >= cut);
    expect(since.map((e) => `${e.district}:${e.entity}`)).toEqual(['320411:Project', '320412:Project', '320413:Project', '320412:Evaluation']);
    expect(await allEntries('city-token', { since: cut })).toEqual(since);
    expect(await allEntries('city-token', { since: cut, projectId })).toEqual(since.filter((e) => e.projectId === projectId));
    expect(await allEntries('city-token', { since: cut, district: '320413' })).toEqual(since.filter((e) => e.district === '320413'));
    expect(await allEntries('city-token', { since: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
  });

  it('refuses an unknown district and a malformed project id with BAD_USER_INPUT', async () => {
    expect(errorCodes(await gql(app, AUDIT, { filter: { district: '320400' } }, 'city-token'))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await gql(app, AUDIT, { filter: { projectId: 'AUD-1' } }, 'city-token'))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('pages', () => {
  it('newest first, 20 by default, following endCursor to the end without gaps or repeats', async () => {
    // Twelve more projects (a Project and a Listing entry each) make the log longer than a default page.
    await push(app, 'upsertProjects', { projects: Array.from({ length: 12 }, (_, i) => projectItem(`AUD-P${i}`)) }, 'jintan-token');
    const all = await allEntries('city-token');
    expect(all.length).toBe(13 + 24);
    const ids = all.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const first = await auditPage('city-token');
    expect(first.entries).toEqual(all.slice(0, 20));
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.cursors[19] });
    const pages: Entry[] = [];
    let after: string | null = null;
    let count = 0;
    for (;;) {
      const page = await auditPage('city-token', { first: 5, after });
      pages.push(...page.entries);
      count += 1;
      if (!page.pageInfo.hasNextPage) {
        expect(page.entries.length).toBe(2);
        break;
      }
      expect(page.entries.length).toBe(5);
      after = page.pageInfo.endCursor;
    }
    expect(count).toBe(8);
    expect(pages).toEqual(all);
  });

  it('a filtered page continues within the filter', async () => {
    const jintan = await allEntries('city-token', { district: '320413' });
    const page1 = await auditPage('city-token', { filter: { district: '320413' }, first: 10 });
    const page2 = await auditPage('city-token', { filter: { district: '320413' }, first: 10, after: page1.pageInfo.endCursor });
    const page3 = await auditPage('city-token', { filter: { district: '320413' }, first: 10, after: page2.pageInfo.endCursor });
    expect([...page1.entries, ...page2.entries, ...page3.entries]).toEqual(jintan);
    expect(page3.pageInfo).toEqual({ hasNextPage: false, endCursor: page3.cursors.at(-1) });
  });

  it('refuses first outside 1–100 and a cursor it did not give', async () => {
    expect(errorCodes(await gql(app, AUDIT, { first: 0 }, 'city-token'))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await gql(app, AUDIT, { first: 101 }, 'city-token'))).toEqual(['BAD_USER_INPUT']);
    expect((await auditPage('city-token', { first: 100 })).entries.length).toBe(37);
    expect(errorCodes(await gql(app, AUDIT, { after: 'not-a-cursor' }, 'city-token'))).toEqual(['BAD_USER_INPUT']);
  });
});
