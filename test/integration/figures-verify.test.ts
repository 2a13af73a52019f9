/**
 * verifyFigures (src/figures/figures-verify.ts, behind `npm run indicators:verify`): it recomputes every maintained
 * figure from the base tables inside a rolled-back transaction and reports the rows that differ. Here it must find
 * exactly what was broken: a maintained row tampered with, a row missing, and the figures left stale by a write
 * whose trigger is gone; and leave the database as it was.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { rebuildFigures } from '../../src/figures/figures-basis';
import { verifyFigures } from '../../src/figures/figures-verify';
import { useTestApp } from '../helpers/app';
import { gql } from '../helpers/graphql';
import { push } from '../helpers/push-fixtures';

let knex: Knex;

const app = useTestApp({ demoData: true });

beforeAll(async () => {
  knex = app.orm.em.getKnex();
});

const WUJIN_2026_10 = { district_code: '320412', year: 2026, month: 10, level_view: 'ALL' };

async function expectClean(): Promise<void> {
  const report = await verifyFigures(knex);
  expect({ differences: report.differences, first: report.first }).toEqual({ differences: 0, first: [] });
}

describe('verifyFigures', () => {
  it('finds nothing on the demo database, and counts the rows it compared', async () => {
    const report = await verifyFigures(knex);
    expect(report.differences).toBe(0);
    expect(report.first).toEqual([]);
    expect(report.rows.district_figures).toBeGreaterThan(0);
    expect(report.rows.project_figures).toBeGreaterThan(0);
    expect(report.rows.district_year_figures).toBeGreaterThan(0);
    const [{ n }] = (await knex('district_figures').count({ n: '*' })) as { n: string }[];
    expect(report.rows.district_figures).toBe(Number(n));
  });

  it('reports a tampered district sum with its table, key and both values, and repairs nothing', async () => {
    const [before] = (await knex('district_figures').where(WUJIN_2026_10).select('listed_count')) as { listed_count: number }[];
    await knex('district_figures').where(WUJIN_2026_10).update({ listed_count: knex.raw('listed_count + 1') });
    try {
      const report = await verifyFigures(knex);
      expect(report.differences).toBe(1);
      expect(report.first).toHaveLength(1);
      const [difference] = report.first;
      expect(difference!.table).toBe('district_figures');
      expect(difference!.key).toEqual(WUJIN_2026_10);
      expect(difference!.stored).toMatchObject({ ...WUJIN_2026_10, listed_count: before!.listed_count + 1 });
      expect(difference!.recomputed).toMatchObject({ ...WUJIN_2026_10, listed_count: before!.listed_count });
      // Only the count differs.
      const { listed_count: _stored, ...storedRest } = difference!.stored!;
      const { listed_count: _recomputed, ...recomputedRest } = difference!.recomputed!;
      expect(storedRest).toEqual(recomputedRest);
      // The verification's transaction was rolled back: the tampered row is still there, and found again.
      const [after] = (await knex('district_figures').where(WUJIN_2026_10).select('listed_count')) as { listed_count: number }[];
      expect(after!.listed_count).toBe(before!.listed_count + 1);
      expect((await verifyFigures(knex)).differences).toBe(1);
    } finally {
      await knex('district_figures').where(WUJIN_2026_10).update({ listed_count: knex.raw('listed_count - 1') });
    }
    await expectClean();
  });

  it('reports a missing maintained row as stored null', async () => {
    const [row] = (await knex('district_figures').where(WUJIN_2026_10).select('*')) as Record<string, any>[];
    await knex('district_figures').where(WUJIN_2026_10).delete();
    try {
      const report = await verifyFigures(knex);
      expect(report.differences).toBe(1);
      expect(report.first).toHaveLength(1);
      expect(report.first[0]).toMatchObject({ table: 'district_figures', key: WUJIN_2026_10, stored: null });
      expect(report.first[0]!.recomputed).toMatchObject({ ...WUJIN_2026_10, listed_count: row!.listed_count, red_count: row!.red_count });
    } finally {
      await knex('district_figures').insert(row!);
    }
    await expectClean();
  });

  // project_listed_years has no column outside its key: its rows are compared as they are, not taken for zeros.
  it('reports a missing project_listed_years row (the ledger of projects(filter: { year }).totalCount)', async () => {
    const [row] = (await knex('project_listed_years').where({ district_code: '320413', year: 2026 }).orderBy('project_id').limit(1).select('*')) as Record<string, any>[];
    await knex('project_listed_years').where(row!).delete();
    try {
      const report = await verifyFigures(knex);
      expect(report.differences).toBe(1);
      expect(report.first[0]).toMatchObject({ table: 'project_listed_years', stored: null });
    } finally {
      await knex('project_listed_years').insert(row!);
    }
  });

  it('catches a write whose maintenance is broken (the trigger on evaluation updates dropped), until the figures are rebuilt', async () => {
    const read = async () => {
      const { body } = await gql(
        app,
        `{ district(code: "320412") { indicators(year: 2026, month: 10) { completedInvestment } }
           project(district: "320412", externalId: "DEMO-WJ-001") { evaluations(year: 2026) { month completedInvestmentYtd { wanYuan } } } }`,
      );
      expect(body.errors).toBeUndefined();
      return body.data!;
    };
    const before = await read();
    const october = before.project.evaluations.find((e: any) => e.month === 10).completedInvestmentYtd.wanYuan as string;
    const resubmit = async (wan: string) => {
      const payload = await push(
        app,
        'submitEvaluations',
        { evaluations: [{ externalId: 'DEMO-WJ-001', year: 2026, month: 10, completedInvestmentYtd: { amount: wan, unit: 'WAN' } }] },
        'wujin-token',
      );
      expect(payload.results.map((r) => r.outcome)).toEqual(['UPDATED']);
    };

    await knex.raw('drop trigger evaluation_updates_mark_figures on evaluation');
    try {
      await resubmit(String(Number(october) + 1000));
      const report = await verifyFigures(knex);
      expect(report.differences).toBeGreaterThan(0);
      // The district's October sum kept the old amount; recomputed, it is 1000 万元 more.
      const october2026 = report.first.find(
        (d) => d.table === 'district_figures' && Object.entries(WUJIN_2026_10).every(([column, value]) => d.key[column] === value),
      );
      expect(october2026).toBeDefined();
      expect(Number(october2026!.recomputed!.completed_investment) - Number(october2026!.stored!.completed_investment)).toBe(1000);
      expect((await read()).district.indicators.completedInvestment).toBe(before.district.indicators.completedInvestment);
    } finally {
      await knex.raw(`create trigger evaluation_updates_mark_figures after update on evaluation
        referencing new table as new_rows old table as old_rows for each statement execute function mark_figures_dirty()`);
    }
    await rebuildFigures(knex);
    await expectClean();
    const rebuilt = Number((await read()).district.indicators.completedInvestment);
    expect(rebuilt - Number(before.district.indicators.completedInvestment)).toBe(1000);

    // With the trigger back, a resubmission is maintained in its own commit.
    await resubmit(october);
    await expectClean();
    expect((await read()).district.indicators.completedInvestment).toBe(before.district.indicators.completedInvestment);
  });
});
