import { useTestApp } from '../helpers/app';
import { errorCodes, gql } from '../helpers/graphql';

const app = useTestApp({ demoData: false });

const UPSERT = `mutation($input: UpsertProjectsInput!) { upsertProjects(input: $input) {
  created updated unchanged rejected
  results { index externalId outcome errors { field code message } project { id version status totalInvestment { wanYuan } listings { year level } } }
} }`;
const APPROVALS = `mutation($input: RecordApprovalsInput!) { recordApprovals(input: $input) {
  created updated unchanged rejected results { outcome errors { field code } project { version landToStartDays } } } }`;
const EVALUATIONS = `mutation($input: SubmitEvaluationsInput!) { submitEvaluations(input: $input) {
  created updated unchanged rejected results { outcome errors { field code } project { version latestEvaluation { month revision completedInvestmentYtd { wanYuan } } } } } }`;

const project = (overrides: Record<string, unknown> = {}) => ({
  externalId: 'WJ-P-1',
  name: '电驱系统项目',
  industryLabel: '智电汽车',
  status: 'UNDER_CONSTRUCTION',
  startedOn: '2026-03-01',
  totalInvestment: { amount: '30', unit: 'YI' },
  listings: [
    { year: 2026, level: 'CITY_MAJOR', category: 'IMPLEMENTATION', constructionType: 'NEW', annualPlannedInvestment: { amount: '5', unit: 'YI' } },
  ],
  ...overrides,
});

it('creates, then leaves an identical push UNCHANGED, then updates with version + 1', async () => {
  const created = await gql(app, UPSERT, { input: { projects: [project()] } }, 'wujin-token');
  expect(created.body.errors).toBeUndefined();
  const first = created.body.data!.upsertProjects;
  expect(first).toMatchObject({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
  expect(first.results[0].project).toMatchObject({ version: 1, status: 'UNDER_CONSTRUCTION', totalInvestment: { wanYuan: '300000.0000' } });

  const again = await gql(app, UPSERT, { input: { projects: [project({ totalInvestment: { amount: '30.000', unit: 'YI' } })] } }, 'wujin-token');
  expect(again.body.data!.upsertProjects).toMatchObject({ unchanged: 1 });
  expect(again.body.data!.upsertProjects.results[0].project.version).toBe(1);

  const changed = await gql(app, UPSERT, { input: { projects: [project({ status: 'COMPLETED', completedOn: '2026-09-30' })] } }, 'wujin-token');
  expect(changed.body.data!.upsertProjects).toMatchObject({ updated: 1 });
  expect(changed.body.data!.upsertProjects.results[0].project).toMatchObject({ version: 2, status: 'COMPLETED' });
});

it('records approvals and evaluations, raising the project version once per call', async () => {
  const approvals = await gql(
    app,
    APPROVALS,
    { input: { approvals: [
      { externalId: 'WJ-P-1', kind: 'LAND_CONTRACT', issuedOn: '2026-02-25' },
      { externalId: 'WJ-P-1', kind: 'CONSTRUCTION_PERMIT', issuedOn: '2026-03-01' },
    ] } },
    'wujin-token',
  );
  expect(approvals.body.data!.recordApprovals).toMatchObject({ created: 2 });
  expect(approvals.body.data!.recordApprovals.results[1].project).toEqual({ version: 3, landToStartDays: 4 });

  const evaluation = { externalId: 'WJ-P-1', year: 2026, month: 9, completedInvestmentYtd: { amount: '40000', unit: 'WAN' } };
  const first = await gql(app, EVALUATIONS, { input: { evaluations: [evaluation] } }, 'wujin-token');
  expect(first.body.data!.submitEvaluations.results[0].project).toEqual({
    version: 4,
    latestEvaluation: { month: 9, revision: 1, completedInvestmentYtd: { wanYuan: '40000.0000' } },
  });
  const revised = await gql(app, EVALUATIONS, { input: { evaluations: [{ ...evaluation, completedInvestmentYtd: { amount: '41000', unit: 'WAN' } }] } }, 'wujin-token');
  expect(revised.body.data!.submitEvaluations.results[0]).toMatchObject({ outcome: 'UPDATED', project: { version: 5, latestEvaluation: { revision: 2 } } });
});

it('rejects a bad item with field paths and codes, writing nothing of an atomic call', async () => {
  const response = await gql(
    app,
    UPSERT,
    { input: { projects: [
      project({ externalId: 'WJ-P-2' }),
      project({ externalId: 'WJ-P-3', totalInvestment: { amount: '-1', unit: 'WAN' }, industryLabel: '不存在', completedOn: '2026-01-01' }),
    ] } },
    'wujin-token',
  );
  const payload = response.body.data!.upsertProjects;
  expect(payload).toMatchObject({ created: 0, rejected: 2 });
  expect(payload.results[0].errors).toEqual([{ field: '', code: 'BATCH_ABORTED', message: expect.any(String) }]);
  expect(payload.results[1].errors.map((e: any) => [e.field, e.code])).toEqual([
    ['projects.1.industryLabel', 'UNKNOWN_INDUSTRY_LABEL'],
    ['projects.1.completedOn', 'INVALID_DATE'],
    ['projects.1.totalInvestment.amount', 'INVALID_AMOUNT'],
  ]);
  const count = await gql(app, '{ projects { totalCount } }');
  expect(count.body.data!.projects.totalCount).toBe(1);
});

it('refuses writes by the wrong caller with top-level codes', async () => {
  const input = { projects: [project({ externalId: 'X' })] };
  expect(errorCodes(await gql(app, UPSERT, { input }))).toEqual(['UNAUTHENTICATED']);
  expect(errorCodes(await gql(app, UPSERT, { input }, 'analyst-token'))).toEqual(['FORBIDDEN']);
  expect(errorCodes(await gql(app, UPSERT, { input: { ...input, district: '320413' } }, 'wujin-token'))).toEqual(['FORBIDDEN']);
  expect(errorCodes(await gql(app, UPSERT, { input }, 'city-token'))).toEqual(['BAD_USER_INPUT']);
});

it('keeps an audit trail of every change', async () => {
  const { body } = await gql(app, '{ auditLog(first: 100) { edges { node { entity mutation actorRole actorDistrict actorKey } } } }', undefined, 'city-token');
  const entries = body.data!.auditLog.edges.map((e: any) => `${e.node.mutation}:${e.node.entity}`);
  expect(entries).toEqual([
    'submitEvaluations:Evaluation',
    'submitEvaluations:Evaluation',
    'recordApprovals:Approval',
    'recordApprovals:Approval',
    'upsertProjects:Project',
    'upsertProjects:Listing',
    'upsertProjects:Project',
  ]);
  expect(body.data!.auditLog.edges[0].node).toMatchObject({ actorRole: 'district', actorDistrict: '320412', actorKey: expect.stringMatching(/^[0-9a-f]{8}$/) });
});
