import { useTestApp } from '../helpers/app';
import { errorCodes, gql } from '../helpers/graphql';
import {
  actorKeyOf,
  auditRowsAfter,
  itemFor,
  ITEMS_FIELD,
  lastAuditId,
  MUTATIONS,
  push,
  pushRaw,
  seedProject,
  uniqueId,
  writeState,
} from '../helpers/push-fixtures';

// Who may write which district (api-contract.md, Credentials and Writes): every caller × mutation × target.

const app = useTestApp({ demoData: false, anonymousRead: true });

const DISTRICTS = ['320412', '320413', '320411'] as const;

interface CallerCase {
  name: string;
  token: string | undefined;
  role: 'district' | 'city' | 'analyst' | null;
  district: string | null;
}
const CALLERS: CallerCase[] = [
  { name: 'wujin token', token: 'wujin-token', role: 'district', district: '320412' },
  { name: 'jintan token', token: 'jintan-token', role: 'district', district: '320413' },
  { name: 'xinbei token', token: 'xinbei-token', role: 'district', district: '320411' },
  { name: 'city token', token: 'city-token', role: 'city', district: null },
  { name: 'analyst token', token: 'analyst-token', role: 'analyst', district: null },
  { name: 'no token', token: undefined, role: null, district: null },
  { name: 'unknown token', token: 'not-a-configured-token', role: null, district: null },
];

/** The contract's answer: the district written, or the top-level code that refuses the call. */
function expected(caller: CallerCase, target: string | null): { writes: string } | { refused: string } {
  if (caller.role === null) return { refused: 'UNAUTHENTICATED' };
  if (caller.role === 'analyst') return { refused: 'FORBIDDEN' };
  if (caller.role === 'district') return target === null || target === caller.district ? { writes: caller.district! } : { refused: 'FORBIDDEN' };
  return target === null ? { refused: 'BAD_USER_INPUT' } : { writes: target };
}

const MATRIX = CALLERS.flatMap((caller) =>
  MUTATIONS.flatMap((mutation) =>
    [...DISTRICTS, null].map((target) => {
      const outcome = expected(caller, target);
      const label = 'writes' in outcome ? `writes ${outcome.writes}` : `refused ${outcome.refused}`;
      return [caller.name, mutation, target ?? '(omitted)', label, caller, target, outcome] as const;
    }),
  ),
);

test.each(MATRIX)('%s · %s · district %s → %s', async (_name, mutation, _target, _label, caller, target, outcome) => {
  // The project the item is about: new for upsertProjects, stored (in the district that would be written) for the others.
  const externalId = uniqueId('AUTH');
  const home = 'writes' in outcome ? outcome.writes : (target ?? caller.district ?? '320412');
  const seededId = mutation === 'upsertProjects' ? null : await seedProject(app, home, externalId);
  const input = { ...(target === null ? {} : { district: target }), [ITEMS_FIELD[mutation]]: [itemFor(mutation, externalId)] };
  const before = await writeState(app);
  const auditBefore = await lastAuditId(app);

  const response = await pushRaw(app, mutation, input, caller.token);

  if ('refused' in outcome) {
    expect(errorCodes(response)).toEqual([outcome.refused]);
    expect(response.body.data ?? null).toBeNull();
    expect(await writeState(app)).toEqual(before);
    return;
  }
  expect(response.body.errors).toBeUndefined();
  const payload = response.body.data![mutation];
  expect(payload).toMatchObject({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
  expect(payload.results).toEqual([
    {
      index: 0,
      externalId,
      outcome: 'CREATED',
      errors: [],
      project: expect.objectContaining({ externalId, district: { code: outcome.writes }, version: mutation === 'upsertProjects' ? 1 : 2 }),
    },
  ]);
  if (seededId !== null) expect(payload.results[0].project.id).toBe(seededId);

  const after = await writeState(app);
  const added = {
    upsertProjects: { projects: 1, listings: 1, audit: 2, versions: 1 },
    recordApprovals: { approvals: 1, audit: 1, versions: 1 },
    submitEvaluations: { evaluations: 1, revisions: 1, audit: 1, versions: 1 },
  }[mutation];
  expect(after).toEqual({
    ...before,
    ...Object.fromEntries(Object.entries(added).map(([key, n]) => [key, (before as any)[key] + n])),
    lastUpdate: expect.any(String),
  });
  const audit = await auditRowsAfter(app, auditBefore);
  expect(audit.map((row) => [row.actor_role, row.actor_district, row.actor_key, row.district_code, row.mutation])).toEqual(
    audit.map(() => [caller.role, caller.district, actorKeyOf(caller.token!), outcome.writes, mutation]),
  );
});

it('refuses a city token naming an unknown district, writing nothing', async () => {
  const before = await writeState(app);
  const response = await pushRaw(app, 'upsertProjects', { district: '320402', projects: [itemFor('upsertProjects', uniqueId('AUTH'))] }, 'city-token');
  expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  expect(response.body.errors![0]!.message).toMatch(/320412/);
  expect(await writeState(app)).toEqual(before);
});

it("tells a city token without a district to name one, and a district token which district it may write", async () => {
  const item = itemFor('upsertProjects', uniqueId('AUTH'));
  const city = await pushRaw(app, 'upsertProjects', { projects: [item] }, 'city-token');
  expect(city.body.errors![0]!.message).toMatch(/input\.district/);
  const district = await pushRaw(app, 'upsertProjects', { district: '320411', projects: [item] }, 'wujin-token');
  expect(district.body.errors![0]!.message).toMatch(/320412/);
});

it('keeps districts apart: the same externalId pushed by the city into two districts is two projects', async () => {
  const externalId = uniqueId('AUTH-SHARED');
  const wujin = await push(app, 'upsertProjects', { district: '320412', projects: [itemFor('upsertProjects', externalId)] }, 'city-token');
  const jintan = await push(app, 'upsertProjects', { district: '320413', projects: [itemFor('upsertProjects', externalId)] }, 'city-token');
  expect([wujin.created, jintan.created]).toEqual([1, 1]);
  expect(wujin.results[0]!.project!.id).not.toBe(jintan.results[0]!.project!.id);
  // A district token cannot reach the other district's project by its externalId.
  const approval = await push(app, 'recordApprovals', { approvals: [itemFor('recordApprovals', externalId)] }, 'xinbei-token');
  expect(approval.results[0]!.errors.map((e) => [e.field, e.code])).toEqual([['approvals.0.externalId', 'UNKNOWN_PROJECT']]);
});

describe('an unknown or malformed token is refused, never read as anonymous (anonymous reads are on here)', () => {
  it.each([
    ['an unknown token', 'Bearer not-a-configured-token'],
    ['a token of another scheme', 'Basic d3VqaW4tdG9rZW4='],
    ['"Bearer" without a token', 'Bearer'],
  ])('%s: reads and writes alike get UNAUTHENTICATED', async (_name, authorization) => {
    const send = (query: string, variables?: Record<string, unknown>) =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query, variables }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const before = await writeState(app);
    const read = await send('{ districts { code } }');
    expect(read.body.errors.map((e: any) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(read.body.data ?? null).toBeNull();
    const write = await send(
      'mutation($input: UpsertProjectsInput!) { upsertProjects(input: $input) { created } }',
      { input: { district: '320412', projects: [itemFor('upsertProjects', uniqueId('AUTH'))] } },
    );
    expect(write.body.errors.map((e: any) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(await writeState(app)).toEqual(before);
  });

  it('while the same read without any token is answered', async () => {
    const read = await gql(app, '{ districts { code } }');
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data!.districts.map((d: any) => d.code)).toEqual(['320411', '320412', '320413']);
  });
});

it('refuses before counting items: a forbidden call of 1,001 items is FORBIDDEN, not BAD_USER_INPUT', async () => {
  const approvals = Array.from({ length: 1001 }, (_, i) => ({ externalId: `X-${i}`, kind: 'LAND_CONTRACT', issuedOn: '2025-01-01' }));
  expect(errorCodes(await pushRaw(app, 'recordApprovals', { district: '320413', approvals }, 'wujin-token'))).toEqual(['FORBIDDEN']);
  expect(errorCodes(await pushRaw(app, 'recordApprovals', { district: '320413', approvals }, 'analyst-token'))).toEqual(['FORBIDDEN']);
  expect(errorCodes(await pushRaw(app, 'recordApprovals', { district: '320413', approvals }))).toEqual(['UNAUTHENTICATED']);
});
