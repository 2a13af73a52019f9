import { useTestApp } from '../helpers/app';
import { errorCodes } from '../helpers/graphql';
import {
  approvalItem,
  evaluationItem,
  itemFor,
  ITEMS_FIELD,
  knexOf,
  MutationName,
  MUTATIONS,
  projectItem,
  projectState,
  push,
  pushRaw,
  seedProject,
  uniqueId,
  writeState,
  WUJIN,
} from '../helpers/push-fixtures';

// idempotencyKey (api-contract.md, Writes; Precise rules): replays, reuse with another input, calls that keep no key.

const app = useTestApp({ demoData: false });

/** A valid one-item input of `mutation` for a fresh project of Wujin (stored first where the mutation needs it). */
async function freshInput(mutation: MutationName, key: string): Promise<{ externalId: string; input: Record<string, unknown> }> {
  const externalId = uniqueId('IDEM');
  if (mutation !== 'upsertProjects') await seedProject(app, WUJIN, externalId);
  return { externalId, input: { idempotencyKey: key, [ITEMS_FIELD[mutation]]: [itemFor(mutation, externalId)] } };
}

describe.each(MUTATIONS)('%s', (mutation) => {
  it('replays the same key with the same input: an identical response, and nothing written', async () => {
    const { externalId, input } = await freshInput(mutation, uniqueId('key'));
    const first = await pushRaw(app, mutation, input, 'wujin-token');
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data![mutation]).toMatchObject({ created: 1, rejected: 0 });
    const stored = await projectState(app, WUJIN, externalId);
    const before = await writeState(app);

    const second = await pushRaw(app, mutation, input, 'wujin-token');
    const third = await pushRaw(app, mutation, input, 'wujin-token');
    expect(second.body).toEqual(first.body);
    expect(third.body).toEqual(first.body);
    expect(await writeState(app)).toEqual(before);
    expect(await projectState(app, WUJIN, externalId)).toEqual(stored);
  });

  it('refuses the same key with a different input (IDEMPOTENCY_KEY_REUSED), writing nothing', async () => {
    const key = uniqueId('key');
    const { input } = await freshInput(mutation, key);
    await pushRaw(app, mutation, input, 'wujin-token');
    const before = await writeState(app);
    const { input: other } = await freshInput(mutation, key);
    const afterSeed = await writeState(app);

    const response = await pushRaw(app, mutation, other, 'wujin-token');
    expect(errorCodes(response)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors![0]!.message).toMatch(/new key/);
    expect(await writeState(app)).toEqual(afterSeed);
    expect(afterSeed.audit).toBe(before.audit);
  });

  it('refuses the same key and items with another `atomic` (the whole input must match)', async () => {
    const { input } = await freshInput(mutation, uniqueId('key'));
    await pushRaw(app, mutation, input, 'wujin-token');
    const before = await writeState(app);
    expect(errorCodes(await pushRaw(app, mutation, { ...input, atomic: false }, 'wujin-token'))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await writeState(app)).toEqual(before);
  });
});

it('replays with each project as it stands now, the outcomes as they were', async () => {
  const key = uniqueId('key');
  const externalId = uniqueId('IDEM');
  const input = { idempotencyKey: key, projects: [projectItem(externalId)] };
  const first = await push(app, 'upsertProjects', input, 'wujin-token');
  expect(first.results[0]).toMatchObject({ outcome: 'CREATED', project: { version: 1 } });
  const changed = await push(app, 'upsertProjects', { projects: [projectItem(externalId, { capacity: '年产10万台' })] }, 'wujin-token');
  expect(changed.results[0]).toMatchObject({ outcome: 'UPDATED', project: { version: 2 } });

  const replay = await push(app, 'upsertProjects', input, 'wujin-token');
  expect(replay).toEqual({
    ...first,
    results: [{ ...first.results[0]!, project: { ...first.results[0]!.project!, version: 2, updatedAt: changed.results[0]!.project!.updatedAt } }],
  });
  // Nothing was written by the replay: the change of the second call stands.
  expect((await projectState(app, WUJIN, externalId))!.version).toBe(2);
});

it('matches the input whatever the order of its fields', async () => {
  const key = uniqueId('key');
  const externalId = uniqueId('IDEM');
  const item = projectItem(externalId);
  const first = await push(app, 'upsertProjects', { idempotencyKey: key, projects: [item] }, 'wujin-token');
  const reordered = Object.fromEntries(Object.entries(item).reverse());
  const before = await writeState(app);
  expect(await push(app, 'upsertProjects', { projects: [reordered], idempotencyKey: key }, 'wujin-token')).toEqual(first);
  expect(await writeState(app)).toEqual(before);
});

it('replays the stored errors of an atomic: false call that wrote its valid items', async () => {
  const key = uniqueId('key');
  const good = uniqueId('IDEM');
  const input = {
    idempotencyKey: key,
    atomic: false,
    projects: [projectItem(good), projectItem(uniqueId('IDEM'), { industryCode: 'NO.SUCH' })],
  };
  const first = await push(app, 'upsertProjects', input, 'wujin-token');
  expect([first.created, first.rejected]).toEqual([1, 1]);
  expect(first.results[1]!.errors.map((e) => [e.field, e.code])).toEqual([['projects.1.industryCode', 'UNKNOWN_INDUSTRY']]);
  const before = await writeState(app);
  expect(await push(app, 'upsertProjects', input, 'wujin-token')).toEqual(first);
  expect(await writeState(app)).toEqual(before);
});

describe('a call that wrote nothing keeps no key', () => {
  it('an atomic call with a rejected item: the key is free for the corrected call', async () => {
    const key = uniqueId('key');
    const externalId = uniqueId('IDEM');
    const bad = await push(app, 'upsertProjects', { idempotencyKey: key, projects: [projectItem(externalId, { industryCode: 'NO.SUCH' })] }, 'wujin-token');
    expect(bad.rejected).toBe(1);
    expect(await knexOf(app)('idempotency_key').where({ key })).toEqual([]);
    const before = await writeState(app);

    // The same rejected input again is checked again (same answer), not replayed from a stored key.
    expect(await push(app, 'upsertProjects', { idempotencyKey: key, projects: [projectItem(externalId, { industryCode: 'NO.SUCH' })] }, 'wujin-token')).toEqual(bad);
    expect(await writeState(app)).toEqual(before);
    const fixed = await push(app, 'upsertProjects', { idempotencyKey: key, projects: [projectItem(externalId)] }, 'wujin-token');
    expect(fixed).toMatchObject({ created: 1, rejected: 0 });
  });

  it('a dry run: the same key then runs for real, and only then is the key taken', async () => {
    const key = uniqueId('key');
    const externalId = uniqueId('IDEM');
    const dry = { idempotencyKey: key, dryRun: true, projects: [projectItem(externalId)] };
    const before = await writeState(app);
    expect(await push(app, 'upsertProjects', dry, 'wujin-token')).toMatchObject({ created: 1 });
    expect(await push(app, 'upsertProjects', dry, 'wujin-token')).toMatchObject({ created: 1 });
    expect(await writeState(app)).toEqual(before);

    const real = await push(app, 'upsertProjects', { idempotencyKey: key, projects: [projectItem(externalId)] }, 'wujin-token');
    expect(real).toMatchObject({ created: 1 });
    expect((await writeState(app)).keys).toBe(before.keys + 1);
    // Now the key belongs to the real call: the dry run's input is another input.
    expect(errorCodes(await pushRaw(app, 'upsertProjects', dry, 'wujin-token'))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });

  it('a call whose every item was UNCHANGED', async () => {
    const externalId = uniqueId('IDEM');
    await push(app, 'upsertProjects', { projects: [projectItem(externalId)] }, 'wujin-token');
    const key = uniqueId('key');
    const before = await writeState(app);
    expect(await push(app, 'upsertProjects', { idempotencyKey: key, projects: [projectItem(externalId)] }, 'wujin-token')).toMatchObject({ unchanged: 1 });
    expect(await writeState(app)).toEqual(before);
    expect(await push(app, 'upsertProjects', { idempotencyKey: key, projects: [projectItem(externalId, { capacity: '47GWh' })] }, 'wujin-token')).toMatchObject({
      updated: 1,
    });
  });

  it('a refused call (FORBIDDEN): the key is free for the district it named', async () => {
    const key = uniqueId('key');
    const input = { district: WUJIN, idempotencyKey: key, projects: [projectItem(uniqueId('IDEM'))] };
    const before = await writeState(app);
    expect(errorCodes(await pushRaw(app, 'upsertProjects', input, 'jintan-token'))).toEqual(['FORBIDDEN']);
    expect(await writeState(app)).toEqual(before);
    expect(await push(app, 'upsertProjects', input, 'wujin-token')).toMatchObject({ created: 1 });
  });
});

describe('keys are scoped per district and per mutation', () => {
  it('the same key in two districts is two keys', async () => {
    const key = uniqueId('key');
    const wujin = await push(app, 'upsertProjects', { idempotencyKey: key, projects: [projectItem(uniqueId('IDEM'))] }, 'wujin-token');
    const jintan = await push(app, 'upsertProjects', { idempotencyKey: key, projects: [projectItem(uniqueId('IDEM'))] }, 'jintan-token');
    expect([wujin.created, jintan.created]).toEqual([1, 1]);
    expect(jintan.results[0]!.project!.district.code).toBe('320413');
  });

  it('the same key on two mutations is two keys', async () => {
    const key = uniqueId('key');
    const externalId = uniqueId('IDEM');
    expect(await push(app, 'upsertProjects', { idempotencyKey: key, projects: [projectItem(externalId)] }, 'wujin-token')).toMatchObject({ created: 1 });
    expect(await push(app, 'recordApprovals', { idempotencyKey: key, approvals: [approvalItem(externalId)] }, 'wujin-token')).toMatchObject({ created: 1 });
    expect(await push(app, 'submitEvaluations', { idempotencyKey: key, evaluations: [evaluationItem(externalId)] }, 'wujin-token')).toMatchObject({
      created: 1,
    });
    expect((await projectState(app, WUJIN, externalId))!.version).toBe(3);
  });

  it('the city writing a district replays that district\'s key when its input is the same', async () => {
    const key = uniqueId('key');
    const input = { district: WUJIN, idempotencyKey: key, projects: [projectItem(uniqueId('IDEM'))] };
    const byDistrict = await push(app, 'upsertProjects', input, 'wujin-token');
    const before = await writeState(app);
    expect(await push(app, 'upsertProjects', input, 'city-token')).toEqual(byDistrict);
    expect(await writeState(app)).toEqual(before);
  });
});

it('keeps a key at least 24 hours', async () => {
  const key = uniqueId('key');
  const input = { idempotencyKey: key, projects: [projectItem(uniqueId('IDEM'))] };
  const first = await push(app, 'upsertProjects', input, 'wujin-token');
  await knexOf(app)('idempotency_key').where({ key }).update({ created_at: knexOf(app).raw("now() - interval '25 hours'") });
  const before = await writeState(app);
  expect(await push(app, 'upsertProjects', input, 'wujin-token')).toEqual(first);
  expect(errorCodes(await pushRaw(app, 'upsertProjects', { ...input, projects: [projectItem(uniqueId('IDEM'))] }, 'wujin-token'))).toEqual([
    'IDEMPOTENCY_KEY_REUSED',
  ]);
  expect(await writeState(app)).toEqual(before);
});
