/**
 * Writers other than a push keep the maintained figures exact too: TRUNCATE (no transition table), and a
 * hand-written fix committed beside a push of the same project (both refresh against the same ledger rows unless
 * the refresh serialises them on the project's row lock).
 */
import type { Knex } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { verifyFigures } from '../../src/figures/figures-verify';
import { useTestApp } from '../helpers/app';

let knex: Knex;

const app = useTestApp({ demoData: true });

beforeAll(async () => {
  knex = app.orm.em.getKnex();
});

async function differences(): Promise<unknown> {
  const report = await verifyFigures(knex);
  return { differences: report.differences, first: report.first.slice(0, 2) };
}

it('keeps the figures exact when a base table is truncated', async () => {
  const quickStarts = async () =>
    Number(((await knex('district_figures').where({ year: 2026, month: 12, level_view: 'ALL' }).sum({ n: 'quick_start_count' })) as [{ n: string }])[0].n);
  expect(await quickStarts()).toBeGreaterThan(0);
  await knex.raw('truncate approval');
  expect(await differences()).toEqual({ differences: 0, first: [] });
  expect(await quickStarts()).toBe(0);
});

it('serialises a push and a hand-written fix of the same project, so neither undoes the other', async () => {
  const [{ id }] = (await knex('project').where({ district_code: '320412', external_id: 'DEMO-WJ-003' }).select('id')) as [{ id: string }];
  const push = new Client({ connectionString: app.scratchUrl });
  const fix = new Client({ connectionString: app.scratchUrl });
  await Promise.all([push.connect(), fix.connect()]);
  try {
    // The push refreshes first (constraints immediate) and holds the project until it commits.
    await push.query('begin');
    await push.query("select set_config('cz.write_scope', '320412', true)");
    await push.query('update evaluation set ytd_wan_yuan = ytd_wan_yuan + 1 where project_id = $1 and year = 2026', [id]);
    await push.query('set constraints all immediate');
    // The fix commits meanwhile: its refresh waits for the push's commit, then sees the push's ledger.
    await fix.query('begin');
    await fix.query('update listing set planned_wan_yuan = planned_wan_yuan + 1 where project_id = $1 and year = 2026', [id]);
    const fixCommitted = fix.query('commit');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await push.query('commit');
    await fixCommitted;
  } finally {
    await Promise.all([push.end(), fix.end()]);
  }
  expect(await differences()).toEqual({ differences: 0, first: [] });
});
