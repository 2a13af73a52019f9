import { useTestApp } from '../helpers/app';
import { errorCodes, gql } from '../helpers/graphql';
import {
  approvalItem,
  errorPairs,
  evaluationItem,
  knexOf,
  LISTING_2025,
  MutationName,
  projectItem,
  projectState,
  push,
  pushRaw,
  seedProject,
  uniqueId,
  writeState,
  WUJIN,
} from '../helpers/push-fixtures';

// Atomic and non-atomic calls, dry runs, UNCHANGED items, whole-record semantics and the 1,000-item limit
// (api-contract.md, Writes).

const app = useTestApp({ demoData: false });

const ABORTED = { field: '', code: 'BATCH_ABORTED', message: expect.stringMatching(/resend/) };

/** Two good items and, in the middle, one bad one, for each mutation (projects stored first where needed). */
async function batchWithOneBadItem(mutation: MutationName): Promise<{ items: Record<string, unknown>[]; badError: [string, string]; ids: string[] }> {
  const ids = [uniqueId('BATCH'), uniqueId('BATCH'), uniqueId('BATCH')];
  if (mutation === 'upsertProjects') {
    return { ids, items: [projectItem(ids[0]!), projectItem(ids[1]!, { industryLabel: '不存在的标签', industryCode: null }), projectItem(ids[2]!)], badError: ['projects.1.industryLabel', 'UNKNOWN_INDUSTRY_LABEL'] };
  }
  for (const id of [ids[0]!, ids[2]!]) await seedProject(app, WUJIN, id);
  if (mutation === 'recordApprovals') {
    return { ids, items: [approvalItem(ids[0]!), approvalItem(ids[1]!), approvalItem(ids[2]!)], badError: ['approvals.1.externalId', 'UNKNOWN_PROJECT'] };
  }
  return { ids, items: [evaluationItem(ids[0]!), evaluationItem(ids[1]!), evaluationItem(ids[2]!)], badError: ['evaluations.1.externalId', 'UNKNOWN_PROJECT'] };
}
const FIELD = { upsertProjects: 'projects', recordApprovals: 'approvals', submitEvaluations: 'evaluations' } as const;

describe.each(['upsertProjects', 'recordApprovals', 'submitEvaluations'] as MutationName[])('%s', (mutation) => {
  it('atomic (the default) with one bad item: nothing written, every good item REJECTED with BATCH_ABORTED', async () => {
    const { items, badError } = await batchWithOneBadItem(mutation);
    const before = await writeState(app);
    const payload = await push(app, mutation, { [FIELD[mutation]]: items }, 'wujin-token');
    expect(payload).toMatchObject({ created: 0, updated: 0, unchanged: 0, rejected: 3 });
    expect(payload.results.map((r) => [r.index, r.outcome])).toEqual([
      [0, 'REJECTED'],
      [1, 'REJECTED'],
      [2, 'REJECTED'],
    ]);
    expect(payload.results[0]!.errors).toEqual([ABORTED]);
    expect(payload.results[2]!.errors).toEqual([ABORTED]);
    expect(errorPairs(payload)[1]).toEqual([badError]);
    expect(await writeState(app)).toEqual(before);
  });

  it('atomic: false writes the good items only and reports the bad one', async () => {
    const { items, badError, ids } = await batchWithOneBadItem(mutation);
    const before = await writeState(app);
    const payload = await push(app, mutation, { atomic: false, [FIELD[mutation]]: items }, 'wujin-token');
    expect(payload).toMatchObject({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
    expect(payload.results.map((r) => r.outcome)).toEqual(['CREATED', 'REJECTED', 'CREATED']);
    expect(errorPairs(payload)).toEqual([[], [badError], []]);
    const after = await writeState(app);
    const table = { upsertProjects: 'projects', recordApprovals: 'approvals', submitEvaluations: 'evaluations' } as const;
    expect(after[table[mutation]]).toBe(before[table[mutation]] + 2);
    expect(await projectState(app, WUJIN, ids[1]!)).toBeNull();
    for (const id of [ids[0]!, ids[2]!]) expect((await projectState(app, WUJIN, id))!.version).toBe(mutation === 'upsertProjects' ? 1 : 2);
  });

  it('dryRun reports what the call would do and writes nothing', async () => {
    const { items, ids } = await batchWithOneBadItem(mutation);
    const good = [items[0]!, items[2]!];
    const before = await writeState(app);
    const payload = await push(app, mutation, { dryRun: true, [FIELD[mutation]]: good }, 'wujin-token');
    expect(payload).toMatchObject({ created: 2, rejected: 0 });
    expect(payload.results.map((r) => [r.externalId, r.outcome, r.errors])).toEqual([
      [ids[0], 'CREATED', []],
      [ids[2], 'CREATED', []],
    ]);
    // A project the dry run would create does not exist; a stored one shows as it is, unchanged.
    if (mutation === 'upsertProjects') expect(payload.results.map((r) => r.project)).toEqual([null, null]);
    else expect(payload.results.map((r) => r.project!.version)).toEqual([1, 1]);
    expect(await writeState(app)).toEqual(before);

    const withBad = await push(app, mutation, { dryRun: true, [FIELD[mutation]]: items }, 'wujin-token');
    expect(withBad.results.map((r) => r.outcome)).toEqual(['REJECTED', 'REJECTED', 'REJECTED']);
    expect(withBad.results[0]!.errors).toEqual([ABORTED]);
    const nonAtomic = await push(app, mutation, { dryRun: true, atomic: false, [FIELD[mutation]]: items }, 'wujin-token');
    expect(nonAtomic.results.map((r) => r.outcome)).toEqual(['CREATED', 'REJECTED', 'CREATED']);
    expect(await writeState(app)).toEqual(before);
  });

  it('refuses more than 1,000 items with BAD_USER_INPUT, writing nothing', async () => {
    const externalId = uniqueId('BATCH');
    await seedProject(app, WUJIN, externalId);
    const item = { upsertProjects: projectItem(externalId), recordApprovals: approvalItem(externalId), submitEvaluations: evaluationItem(externalId) }[mutation];
    const before = await writeState(app);
    const response = await pushRaw(app, mutation, { [FIELD[mutation]]: Array.from({ length: 1001 }, () => item) }, 'wujin-token');
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.errors![0]!.message).toMatch(/1001 items.*at most 1000/);
    expect(await writeState(app)).toEqual(before);
  });
});

it('accepts exactly 1,000 items', async () => {
  const projects = Array.from({ length: 1000 }, (_, i) => projectItem(`BATCH-1000-${String(i).padStart(4, '0')}`));
  const payload = await push(app, 'upsertProjects', { projects }, 'wujin-token');
  expect(payload).toMatchObject({ created: 1000, rejected: 0 });
  const count = await gql(app, '{ projects(filter: { nameContains: "BATCH-1000-" }) { totalCount } }');
  expect(count.body.data!.projects.totalCount).toBe(1000);
});

describe('UNCHANGED', () => {
  it('an identical project (amounts written differently) changes nothing, not even version or updatedAt', async () => {
    const externalId = uniqueId('SAME');
    const created = await push(app, 'upsertProjects', { projects: [projectItem(externalId, { company: '某某公司' })] }, 'wujin-token');
    const stored = await projectState(app, WUJIN, externalId);
    const before = await writeState(app);
    const same = projectItem(externalId, {
      company: '某某公司',
      totalInvestment: { amount: '10.000000', unit: 'YI', currency: 'CNY', qualifier: 'EXACT' },
      listings: [{ ...LISTING_2025, annualPlannedInvestment: { amount: '2.0', unit: 'YI' } }],
    });
    const payload = await push(app, 'upsertProjects', { projects: [same] }, 'wujin-token');
    expect(payload).toMatchObject({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(payload.results[0]).toMatchObject({ outcome: 'UNCHANGED', errors: [], project: { version: 1, updatedAt: created.results[0]!.project!.updatedAt } });
    expect(await projectState(app, WUJIN, externalId)).toEqual(stored);
    expect(await writeState(app)).toEqual(before);
    // Listings left out leave the stored ones alone: still identical.
    expect(await push(app, 'upsertProjects', { projects: [{ ...same, listings: undefined }] }, 'wujin-token')).toMatchObject({ unchanged: 1 });
    expect(await writeState(app)).toEqual(before);
  });

  it('the same amount in another unit is a change: the district\'s original unit is part of the record', async () => {
    const externalId = uniqueId('SAME');
    await push(app, 'upsertProjects', { projects: [projectItem(externalId)] }, 'wujin-token');
    const payload = await push(app, 'upsertProjects', { projects: [projectItem(externalId, { totalInvestment: { amount: '100000', unit: 'WAN' } })] }, 'wujin-token');
    expect(payload.results[0]).toMatchObject({ outcome: 'UPDATED', project: { version: 2 } });
  });

  it('an identical approval and an identical evaluation change nothing (no version, no revision)', async () => {
    const externalId = uniqueId('SAME');
    await seedProject(app, WUJIN, externalId);
    await push(app, 'recordApprovals', { approvals: [approvalItem(externalId)] }, 'wujin-token');
    await push(app, 'submitEvaluations', { evaluations: [evaluationItem(externalId)] }, 'wujin-token');
    const [evaluation] = await knexOf(app)('evaluation').join('project', 'project.id', 'evaluation.project_id').where('project.external_id', externalId).select('evaluation.*');
    const before = await writeState(app);
    expect(await push(app, 'recordApprovals', { approvals: [approvalItem(externalId)] }, 'wujin-token')).toMatchObject({ unchanged: 1 });
    const again = await push(app, 'submitEvaluations', {
      evaluations: [evaluationItem(externalId, { completedInvestmentYtd: { amount: '8000.00', unit: 'WAN' } })],
    }, 'wujin-token');
    expect(again).toMatchObject({ unchanged: 1 });
    expect(again.results[0]!.project!.version).toBe(3);
    expect(await writeState(app)).toEqual(before);
    const [unchanged] = await knexOf(app)('evaluation').where({ id: evaluation.id }).select('*');
    expect(unchanged).toEqual(evaluation);
  });

  it('counts every outcome of a mixed atomic: false call', async () => {
    const [same, changed, fresh] = [uniqueId('MIX'), uniqueId('MIX'), uniqueId('MIX')];
    await push(app, 'upsertProjects', { projects: [projectItem(same), projectItem(changed)] }, 'wujin-token');
    const payload = await push(app, 'upsertProjects', {
      atomic: false,
      projects: [projectItem(same), projectItem(changed, { park: '西太湖科技产业园' }), projectItem(fresh), projectItem(uniqueId('MIX'), { name: ' ' })],
    }, 'wujin-token');
    expect(payload).toMatchObject({ created: 1, updated: 1, unchanged: 1, rejected: 1 });
    expect(payload.results.map((r) => [r.outcome, r.project?.version ?? null])).toEqual([
      ['UNCHANGED', 1],
      ['UPDATED', 2],
      ['CREATED', 1],
      ['REJECTED', null],
    ]);
  });
});

describe('a ProjectInput is the whole record', () => {
  const PROJECT = `query($e: String!) { project(district: "320412", externalId: $e) {
    version company park capacity listings { year level category annualPlannedInvestment { wanYuan } } } }`;
  const read = async (externalId: string) => (await gql(app, PROJECT, { e: externalId })).body.data!.project;

  it('an optional field left out is stored as null', async () => {
    const externalId = uniqueId('WHOLE');
    await push(app, 'upsertProjects', { projects: [projectItem(externalId, { company: '某某公司', park: '某园区', capacity: '47GWh' })] }, 'wujin-token');
    const payload = await push(app, 'upsertProjects', { projects: [projectItem(externalId, { company: '某某公司' })] }, 'wujin-token');
    expect(payload.results[0]!.outcome).toBe('UPDATED');
    expect(await read(externalId)).toMatchObject({ version: 2, company: '某某公司', park: null, capacity: null });
  });

  it('derives a USD total again when the year that chooses its rate changes, and only then', async () => {
    const externalId = uniqueId('WHOLE');
    const usd = { totalInvestment: { amount: '1', unit: 'YI', currency: 'USD' }, listedOn: null, listings: [{ ...LISTING_2025, year: 2023 }] };
    const wan = async () => (await gql(app, 'query($e: String!) { project(district: "320412", externalId: $e) { version totalInvestment { wanYuan } } }', { e: externalId })).body.data!.project;
    // No actual date: the earliest listing year, 2023 (7.0467).
    await push(app, 'upsertProjects', { projects: [projectItem(externalId, usd)] }, 'wujin-token');
    expect(await wan()).toEqual({ version: 1, totalInvestment: { wanYuan: '70467.0000' } });
    // An earlier listing year chooses 2021 (6.4515) …
    const earlier = { ...usd, listings: [{ ...LISTING_2025, year: 2021 }] };
    expect((await push(app, 'upsertProjects', { projects: [projectItem(externalId, earlier)] }, 'wujin-token')).results[0]!.outcome).toBe('UPDATED');
    expect(await wan()).toEqual({ version: 2, totalInvestment: { wanYuan: '64515.0000' } });
    // … an actual date outranks every listing year: signed in 2019 (6.8985) …
    const signed = { ...earlier, listings: undefined, signedOn: '2019-05-01' };
    expect((await push(app, 'upsertProjects', { projects: [projectItem(externalId, signed)] }, 'wujin-token')).results[0]!.outcome).toBe('UPDATED');
    expect(await wan()).toEqual({ version: 3, totalInvestment: { wanYuan: '68985.0000' } });
    // … and the same record again is UNCHANGED.
    expect((await push(app, 'upsertProjects', { projects: [projectItem(externalId, signed)] }, 'wujin-token')).results[0]!.outcome).toBe('UNCHANGED');
    expect((await wan()).version).toBe(3);
  });

  it('listings replace only the years named; removeListingYears drops whole years; one call is one version', async () => {
    const externalId = uniqueId('WHOLE');
    const listing = (year: number, level: string, yi: string) => ({ ...LISTING_2025, year, level, annualPlannedInvestment: { amount: yi, unit: 'YI' } });
    await push(app, 'upsertProjects', {
      projects: [projectItem(externalId, { listings: [listing(2024, 'DISTRICT_KEY', '1'), listing(2025, 'CITY_MAJOR', '2'), listing(2025, 'DISTRICT_KEY', '2')] })],
    }, 'wujin-token');
    // 2025 now has one listing only; 2024 stays; 2026 is added: three changed parts, one version.
    const replaced = await push(app, 'upsertProjects', {
      projects: [projectItem(externalId, { listings: [listing(2025, 'PROVINCIAL_MAJOR', '3'), listing(2026, 'CITY_MAJOR', '4')], capacity: '10万台' })],
    }, 'wujin-token');
    expect(replaced.results[0]!.outcome).toBe('UPDATED');
    expect(await read(externalId)).toMatchObject({
      version: 2,
      listings: [
        { year: 2024, level: 'DISTRICT_KEY', annualPlannedInvestment: { wanYuan: '10000.0000' } },
        { year: 2025, level: 'PROVINCIAL_MAJOR', annualPlannedInvestment: { wanYuan: '30000.0000' } },
        { year: 2026, level: 'CITY_MAJOR', annualPlannedInvestment: { wanYuan: '40000.0000' } },
      ],
    });
    const removed = await push(app, 'upsertProjects', { projects: [projectItem(externalId, { listings: undefined, capacity: '10万台', removeListingYears: [2024, 2026] })] }, 'wujin-token');
    expect(removed.results[0]!.outcome).toBe('UPDATED');
    expect(await read(externalId)).toMatchObject({ version: 3, listings: [{ year: 2025, level: 'PROVINCIAL_MAJOR' }] });
    // Removing a year that holds no listing changes nothing.
    const noop = await push(app, 'upsertProjects', { projects: [projectItem(externalId, { listings: undefined, capacity: '10万台', removeListingYears: [2030] })] }, 'wujin-token');
    expect(noop.results[0]!.outcome).toBe('UNCHANGED');
    expect((await read(externalId)).version).toBe(3);
  });
});
