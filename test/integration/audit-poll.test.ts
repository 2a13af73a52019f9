/**
 * Reading the audit log by id is exact: a lower id never appears after a higher one was read, so paging
 * with `after` and polling down to the last id seen miss nothing, even while pushes of several districts
 * commit out of order. (`at`, the push transaction's start, and so `filter.since`, are not exact: see the
 * README's "Districts: pushing changes".)
 */
import { Client } from 'pg';
import { useTestApp } from '../helpers/app';
import { gql } from '../helpers/graphql';
import { knexOf, projectItem, push } from '../helpers/push-fixtures';

const app = useTestApp({ demoData: false });

const AUDIT = `query($after: String) { auditLog(first: 100, after: $after) {
  edges { cursor node { id district } } pageInfo { hasNextPage endCursor } } }`;

async function auditIds(): Promise<{ id: number; district: string }[]> {
  const response = await gql(app, AUDIT, {}, 'city-token');
  if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data!.auditLog.edges.map((edge: any) => ({ id: Number(edge.node.id), district: edge.node.district }));
}

/** Resolves when a session of the scratch database waits for a lock in a statement matching `pattern`. */
async function waitUntilBlocked(pattern: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { rows } = await knexOf(app).raw(
      "select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike ?",
      [pattern],
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no session blocked on ${pattern}`);
}

it('never lets an entry appear below one already read, while pushes of two districts commit out of order', async () => {
  // Stall a Wujin push after it has written its audit entries: its last step replaces its idempotency key, and
  // another session holds that (expired) key's row.
  const key = 'stalled-push-key';
  await knexOf(app)('idempotency_key').insert({
    district_code: '320412',
    mutation: 'upsertProjects',
    key,
    input_hash: 'old',
    response: JSON.stringify([]),
    created_at: new Date(Date.now() - 49 * 3600_000),
  });
  const holder = new Client({ connectionString: app.scratchUrl });
  await holder.connect();
  try {
    await holder.query('begin');
    await holder.query('select * from idempotency_key where key = $1 for update', [key]);
    const stalled = push(app, 'upsertProjects', { idempotencyKey: key, projects: [projectItem('POLL-WJ-1'), projectItem('POLL-WJ-2')] }, 'wujin-token');
    await waitUntilBlocked('delete from "idempotency_key"%');

    // Meanwhile Jintan pushes and commits: its entries get higher ids than Wujin's, which are not committed yet.
    await push(app, 'upsertProjects', { projects: [projectItem('POLL-JT-1')] }, 'jintan-token');

    // A reader now: it must not answer with Jintan's entries while Wujin's lower ids can still appear.
    const reading = auditIds();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await holder.query('commit');
    await stalled;
    const read = await reading;

    const later = await auditIds();
    const newest = Math.max(...read.map((entry) => entry.id));
    // Everything at or below the newest id the reader saw was in its answer: polling down to it misses nothing.
    expect(later.filter((entry) => entry.id <= newest)).toEqual(read);
    expect(new Set(later.map((entry) => entry.district))).toEqual(new Set(['320412', '320413']));
  } finally {
    await holder.end();
  }
});

it('pages with `after` through every entry once', async () => {
  const all = await auditIds();
  const seen: number[] = [];
  let after: string | null = null;
  do {
    const response = await gql(app, AUDIT.replace('first: 100', 'first: 2'), { after }, 'analyst-token');
    const page: any = response.body.data!.auditLog;
    seen.push(...page.edges.map((edge: any) => Number(edge.node.id)));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  expect(seen).toEqual(all.map((entry) => entry.id));
});
