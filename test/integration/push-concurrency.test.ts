import type { Knex } from '@mikro-orm/postgresql';
import { useTestApp } from '../helpers/app';
import {
  auditRowsAfter,
  evaluationItem,
  knexOf,
  lastAuditId,
  projectItem,
  projectState,
  push,
  pushRaw,
  uniqueId,
  writeState,
  WUJIN,
} from '../helpers/push-fixtures';

// Pushes that race (api-contract.md, Writes): expectedVersion lets exactly one of two writers win, versions count
// every change, and a key whose first call is still running makes the second wait and replay it.

// Each race waits (up to 10 s) for its calls to come to a lock: more than Jest's default on a busy machine.
jest.setTimeout(30_000);

const app = useTestApp({ demoData: false });

/** Resolves once `count` other sessions of the test database are waiting for a lock. */
async function waitForLockWaiters(count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rows } = (await knexOf(app).raw(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
    )) as { rows: { n: number }[] };
    if (rows[0]!.n >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${rows[0]!.n} of ${count} sessions came to wait for a lock`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Locks a Wujin project's row from another transaction, as a long-running writer would; `release` ends it. */
async function lockRow(externalId: string): Promise<{ release: () => Promise<void> }> {
  let release!: () => void;
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = knexOf(app).transaction(async (trx: Knex.Transaction) => {
    await trx('project').where({ district_code: WUJIN, external_id: externalId }).forUpdate().select('id');
    locked();
    await new Promise<void>((resolve) => (release = resolve));
  });
  await isLocked;
  return {
    release: async () => {
      release();
      await holder;
    },
  };
}

/**
 * Runs `calls` while the project row is locked, so each call is in flight, blocked, before any finishes:
 * started one by one (each waiting before the next starts), then all let go at once.
 */
async function whileLocked<T>(externalId: string, calls: (() => Promise<T>)[]): Promise<T[]> {
  const lock = await lockRow(externalId);
  const running: Promise<T>[] = [];
  try {
    for (const call of calls) {
      running.push(call());
      await waitForLockWaiters(running.length);
    }
  } finally {
    await lock.release();
  }
  return Promise.all(running);
}

async function created(externalId: string): Promise<void> {
  expect(await push(app, 'upsertProjects', { projects: [projectItem(externalId)] }, 'wujin-token')).toMatchObject({ created: 1 });
}

describe('the same expectedVersion from two writers: exactly one wins', () => {
  it('both in flight at once: one UPDATED, the other VERSION_CONFLICT, one version and one audit entry more', async () => {
    const id = uniqueId('RACE');
    await created(id);
    const auditBefore = await lastAuditId(app);
    const [a, b] = await whileLocked(id, [
      () => push(app, 'upsertProjects', { projects: [projectItem(id, { capacity: 'A', expectedVersion: 1 })] }, 'wujin-token'),
      () => push(app, 'upsertProjects', { projects: [projectItem(id, { capacity: 'B', expectedVersion: 1 })] }, 'wujin-token'),
    ]);
    // The first in is the first served: it wins, the second finds version 2.
    expect(a!.results[0]).toMatchObject({ outcome: 'UPDATED', errors: [], project: { version: 2 } });
    expect(b!.results[0]).toMatchObject({
      outcome: 'REJECTED',
      errors: [{ field: 'projects.0.expectedVersion', code: 'VERSION_CONFLICT', message: expect.stringContaining('is at version 2, not 1') }],
      project: { version: 2 },
    });
    expect((await projectState(app, WUJIN, id))!.version).toBe(2);
    const audit = await auditRowsAfter(app, auditBefore);
    expect(audit.map((row) => [row.entity, row.before.capacity, row.after.capacity])).toEqual([['Project', null, 'A']]);
  });

  it('five at once, unsynchronised: still exactly one', async () => {
    const id = uniqueId('RACE');
    await created(id);
    const payloads = await Promise.all(
      ['1', '2', '3', '4', '5'].map((n) => push(app, 'upsertProjects', { projects: [projectItem(id, { capacity: n, expectedVersion: 1 })] }, 'wujin-token')),
    );
    expect(payloads.map((p) => p.updated).reduce((x, y) => x + y)).toBe(1);
    expect(payloads.map((p) => p.rejected).reduce((x, y) => x + y)).toBe(4);
    payloads.filter((p) => p.rejected === 1).forEach((p) => expect(p.results[0]!.errors.map((e) => e.code)).toEqual(['VERSION_CONFLICT']));
    expect((await projectState(app, WUJIN, id))!.version).toBe(2);
  });
});

describe('different changes without expectedVersion: all succeed, each adds 1 to the version', () => {
  it('two upserts of the same project', async () => {
    const id = uniqueId('RACE');
    await created(id);
    const [a, b] = await whileLocked(id, [
      () => push(app, 'upsertProjects', { projects: [projectItem(id, { capacity: 'A' })] }, 'wujin-token'),
      () => push(app, 'upsertProjects', { projects: [projectItem(id, { capacity: 'B' })] }, 'wujin-token'),
    ]);
    expect([a!.results[0]!.outcome, b!.results[0]!.outcome]).toEqual(['UPDATED', 'UPDATED']);
    expect([a!.results[0]!.project!.version, b!.results[0]!.project!.version]).toEqual([2, 3]);
    expect((await projectState(app, WUJIN, id))!.version).toBe(3);
  });

  it('an upsert, an approval and an evaluation of the same project', async () => {
    const id = uniqueId('RACE');
    await created(id);
    const payloads = await whileLocked(id, [
      () => push(app, 'upsertProjects', { projects: [projectItem(id, { capacity: 'A' })] }, 'wujin-token'),
      () => push(app, 'recordApprovals', { approvals: [{ externalId: id, kind: 'CONSTRUCTION_PERMIT', issuedOn: '2025-05-01' }] }, 'wujin-token'),
      () => push(app, 'submitEvaluations', { evaluations: [evaluationItem(id)] }, 'wujin-token'),
    ]);
    expect(payloads.map((p) => [p.updated + p.created, p.rejected])).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
    expect((await projectState(app, WUJIN, id))!.version).toBe(4);
  });

  it('a district push does not wait for a push of another district', async () => {
    const id = uniqueId('RACE');
    await created(id);
    const lock = await lockRow(id);
    let wujin: ReturnType<typeof push>;
    try {
      wujin = push(app, 'upsertProjects', { projects: [projectItem(id, { capacity: 'A' })] }, 'wujin-token');
      await waitForLockWaiters(1);
      // Wujin's push is blocked on the locked row; Jintan's goes through meanwhile.
      const jintan = await push(app, 'upsertProjects', { projects: [projectItem(uniqueId('RACE'))] }, 'jintan-token');
      expect(jintan).toMatchObject({ created: 1, results: [{ project: { district: { code: '320413' } } }] });
      await waitForLockWaiters(1);
    } finally {
      await lock.release();
    }
    expect(await wujin).toMatchObject({ updated: 1 });
  });
});

describe('the same idempotencyKey twice at once: one write, and the second replays the first', () => {
  it('the second waits while the first is still running, then gives the identical response', async () => {
    const id = uniqueId('RACE');
    await created(id);
    const input = { idempotencyKey: uniqueId('key'), projects: [projectItem(id, { capacity: 'A' })] };
    const auditBefore = await lastAuditId(app);
    const [first, second] = await whileLocked(id, [
      () => pushRaw(app, 'upsertProjects', input, 'wujin-token'),
      () => pushRaw(app, 'upsertProjects', input, 'wujin-token'),
    ]);
    expect(first!.body.errors).toBeUndefined();
    expect(first!.body.data!.upsertProjects.results[0]).toMatchObject({ outcome: 'UPDATED', project: { version: 2 } });
    expect(second!.body).toEqual(first!.body);
    expect((await projectState(app, WUJIN, id))!.version).toBe(2);
    expect((await auditRowsAfter(app, auditBefore)).length).toBe(1);
  });

  it('four identical creating calls at once: one project, four identical responses', async () => {
    const id = uniqueId('RACE');
    const input = { idempotencyKey: uniqueId('key'), projects: [projectItem(id)] };
    const before = await writeState(app);
    const responses = await Promise.all([1, 2, 3, 4].map(() => pushRaw(app, 'upsertProjects', input, 'wujin-token')));
    expect(responses[0]!.body.data!.upsertProjects).toMatchObject({ created: 1 });
    for (const response of responses) expect(response.body).toEqual(responses[0]!.body);
    const after = await writeState(app);
    expect([after.projects, after.listings, after.audit, after.keys]).toEqual([before.projects + 1, before.listings + 1, before.audit + 2, before.keys + 1]);
  });

  it('a different input under the same key, while the first runs, is refused once the first has written', async () => {
    const id = uniqueId('RACE');
    await created(id);
    const key = uniqueId('key');
    const [first, second] = await whileLocked(id, [
      () => pushRaw(app, 'upsertProjects', { idempotencyKey: key, projects: [projectItem(id, { capacity: 'A' })] }, 'wujin-token'),
      () => pushRaw(app, 'upsertProjects', { idempotencyKey: key, projects: [projectItem(id, { capacity: 'B' })] }, 'wujin-token'),
    ]);
    expect(first!.body.data!.upsertProjects.updated).toBe(1);
    expect(second!.body.errors!.map((e) => e.extensions!.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect((await projectState(app, WUJIN, id))!.version).toBe(2);
  });
});
