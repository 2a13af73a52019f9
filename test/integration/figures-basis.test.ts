/**
 * The thresholds basis of the maintained figures (src/figures/figures-basis.ts): a start with other RAG thresholds
 * than those the figures were built with rebuilds every figure, once, and says so; the same thresholds again
 * change nothing.
 *
 * On the demo database at 2026-10 (序时进度 10/12 = 83.333 %), the 实施 projects stand as follows (rate = YTD ÷
 * annual plan; dates of their 2026 listing):
 *   武进 320412  WJ-001 85.000 %            WJ-002 63.333 %            WJ-003 planned start 05-15 unmet   WJ-004 94.667 %
 *   金坛 320413  JT-001 88.000 %            JT-002 86.667 %, planned completion 11-25 (E + 25)
 *               JT-003 planned start 04-30, started 04-18, 40.000 %                                   JT-004 96.842 %
 *   新北 320411  XB-001 87.333 %            XB-002 60.000 %            XB-003 planned start 08-31 unmet
 *               XB-004 81.667 %, planned completion 11-20 (E + 20)
 * Defaults (30 / 10 points, 30 days): RED below 53.333 %, YELLOW below 73.333 % or a date due by E + 30.
 * Thresholds 5 / 2 points, 20 days: RED below 78.333 %, YELLOW below 81.333 % or a date due by E + 20 (inclusive).
 */
import type { Knex } from '@mikro-orm/postgresql';
import { ensureFiguresBasis } from '../../src/figures/figures-basis';
import { verifyFigures } from '../../src/figures/figures-verify';
import { DEFAULT_RAG_THRESHOLDS, RagThresholds } from '../../src/config';
import type { Logger } from '../../src/observability/logger';
import { useTestApp } from '../helpers/app';
import { gql } from '../helpers/graphql';

let knex: Knex;

const app = useTestApp({ demoData: true });

beforeAll(async () => {
  knex = app.orm.em.getKnex();
});

const STRICT: RagThresholds = { redPoints: '5', yellowPoints: '2', warningDays: 20 };

type Colours = { red: number; yellow: number; green: number };

/** Each district's colours at 2026-10 as the maintained figures hold them (all levels), and the city's as read. */
async function colours(): Promise<Record<string, Colours>> {
  const rows = (await knex('district_figures')
    .where({ year: 2026, month: 10, level_view: 'ALL' })
    .orderBy('district_code')
    .select('district_code', 'red_count', 'yellow_count', 'green_count')) as Record<string, any>[];
  const { body } = await gql(app, '{ cityIndicators(year: 2026, month: 10) { redCount yellowCount greenCount } }');
  expect(body.errors).toBeUndefined();
  const city = body.data!.cityIndicators;
  return {
    ...Object.fromEntries(rows.map((r) => [r.district_code, { red: r.red_count, yellow: r.yellow_count, green: r.green_count }])),
    CITY: { red: city.redCount, yellow: city.yellowCount, green: city.greenCount },
  };
}

/** Project.ragStatus of the demo projects whose colour the thresholds move. */
async function projectColours(): Promise<Record<string, string | null>> {
  const ids = [['320412', 'DEMO-WJ-002'], ['320413', 'DEMO-JT-002'], ['320411', 'DEMO-XB-002'], ['320411', 'DEMO-XB-004']] as const;
  const { body } = await gql(
    app,
    `{ ${ids.map(([d, e], i) => `p${i}: project(district: "${d}", externalId: "${e}") { externalId ragStatus(year: 2026, month: 10) }`).join(' ')} }`,
  );
  expect(body.errors).toBeUndefined();
  return Object.fromEntries(ids.map((_, i) => [body.data![`p${i}`].externalId, body.data![`p${i}`].ragStatus]));
}

async function basisRow(): Promise<{ red: number; yellow: number; days: number }> {
  const [row] = (await knex('figures_basis').select('red_points', 'yellow_points', 'warning_days')) as Record<string, any>[];
  return { red: Number(row!.red_points), yellow: Number(row!.yellow_points), days: row!.warning_days };
}

function recordingLogger() {
  const calls: unknown[][] = [];
  const logger = { info: (...args: unknown[]) => void calls.push(args) } as unknown as Pick<Logger, 'info'>;
  return { logger, calls };
}

describe('ensureFiguresBasis', () => {
  it('rebuilds every figure, once and logged, when the RAG thresholds differ; not again for the same ones', async () => {
    expect(await basisRow()).toEqual({ red: 30, yellow: 10, days: 30 });
    expect(await colours()).toEqual({
      '320411': { red: 1, yellow: 2, green: 1 },
      '320412': { red: 1, yellow: 1, green: 2 },
      '320413': { red: 1, yellow: 1, green: 2 },
      CITY: { red: 3, yellow: 4, green: 5 },
    });
    expect(await projectColours()).toEqual({ 'DEMO-WJ-002': 'YELLOW', 'DEMO-JT-002': 'YELLOW', 'DEMO-XB-002': 'YELLOW', 'DEMO-XB-004': 'YELLOW' });

    const { logger, calls } = recordingLogger();
    expect(await ensureFiguresBasis(knex, STRICT, logger)).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toMatchObject({ ragThresholds: STRICT });
    expect(String(calls[0]![1])).toMatch(/rebuilt every figure/);
    expect(await basisRow()).toEqual({ red: 5, yellow: 2, days: 20 });

    // WJ-002 and XB-002 fall below 78.333 %: RED. JT-002's completion (E + 25) is no longer within the warning
    // days and its rate is above 81.333 %: GREEN. XB-004's completion on E + 20 still is: YELLOW.
    expect(await colours()).toEqual({
      '320411': { red: 2, yellow: 1, green: 1 },
      '320412': { red: 2, yellow: 0, green: 2 },
      '320413': { red: 1, yellow: 0, green: 3 },
      CITY: { red: 5, yellow: 1, green: 6 },
    });
    expect(await projectColours()).toEqual({ 'DEMO-WJ-002': 'RED', 'DEMO-JT-002': 'GREEN', 'DEMO-XB-002': 'RED', 'DEMO-XB-004': 'YELLOW' });
    // Every figure (each month, each level view, each project) was rebuilt with the new thresholds, not just these.
    const report = await verifyFigures(knex);
    expect({ differences: report.differences, first: report.first }).toEqual({ differences: 0, first: [] });

    // The same thresholds again (the amounts written otherwise, equal in value): nothing to do, nothing logged.
    expect(await ensureFiguresBasis(knex, { ...STRICT, redPoints: '5.0' }, logger)).toBe(false);
    expect(await ensureFiguresBasis(knex, STRICT, logger)).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('rebuilds back to the figures of the default thresholds', async () => {
    const { logger, calls } = recordingLogger();
    expect(await ensureFiguresBasis(knex, DEFAULT_RAG_THRESHOLDS, logger)).toBe(true);
    expect(calls).toHaveLength(1);
    expect(await colours()).toEqual({
      '320411': { red: 1, yellow: 2, green: 1 },
      '320412': { red: 1, yellow: 1, green: 2 },
      '320413': { red: 1, yellow: 1, green: 2 },
      CITY: { red: 3, yellow: 4, green: 5 },
    });
    expect((await verifyFigures(knex)).differences).toBe(0);
    expect(await ensureFiguresBasis(knex, DEFAULT_RAG_THRESHOLDS, logger)).toBe(false);
    expect(calls).toHaveLength(1);
  });
});
