/**
 * The 三色 (RAG) rule, api-contract.md 'Indicators': its one implementation is the SQL function `rag_status`
 * (migration 20261201), which the maintained figures, the rankings and Project.ragStatus all use. These are the
 * cases the TypeScript rule was tested with, run against the function on a scratch database; the last block checks
 * the month ends (E) that `figure_rows` judges the rule at, through Project.ragStatus.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { RagStatus } from '../../src/evaluation/rag-status.enum';
import { DEFAULT_RAG_THRESHOLDS, RagThresholds } from '../../src/config';
import { useTestApp } from '../helpers/app';
import { insertListing, insertProject } from '../helpers/fixtures';
import { gql } from '../helpers/graphql';

let knex: Knex;

const app = useTestApp({ demoData: false });

beforeAll(async () => {
  knex = app.orm.em.getKnex();
});

interface RagCase {
  implementation: boolean;
  plannedStartOn: string | null;
  plannedCompletionOn: string | null;
  startedOn: string | null;
  completedOn: string | null;
  /** The annual plan, 万元. */
  plan: string;
  /** completedInvestmentYtd of the latest evaluation with month ≤ m, 万元. */
  ytd: string;
  month: number;
  /** E: the last day of month m. */
  endOn: string;
}

// Month 6 of 2026: E = 2026-06-30; the plan of 1200 has 600 as 序时进度, 30 points behind is 240, 10 points behind is 480.
const base: RagCase = {
  implementation: true,
  plannedStartOn: null,
  plannedCompletionOn: null,
  startedOn: null,
  completedOn: null,
  plan: '1200',
  ytd: '0',
  month: 6,
  endOn: '2026-06-30',
};

/**
 * rag_status(...) for one case. Without thresholds, the basis is the `figures_basis` row as stored (the defaults,
 * which the service built the figures with); with them, a `figures_basis` row value built in the query.
 */
async function rag(input: Partial<RagCase>, thresholds?: RagThresholds): Promise<string | null> {
  const c = { ...base, ...input };
  const basis = thresholds ? 'row(1, ?::numeric, ?::numeric, ?::integer)::figures_basis' : '(select b from figures_basis b)';
  const { rows } = (await knex.raw(
    `select rag_status(?::boolean, ?::date, ?::date, ?::date, ?::date, ?::numeric, ?::numeric, ?::integer, ?::date, ${basis}) as rag`,
    [
      c.implementation,
      c.plannedStartOn,
      c.plannedCompletionOn,
      c.startedOn,
      c.completedOn,
      c.plan,
      c.ytd,
      c.month,
      c.endOn,
      ...(thresholds ? [thresholds.redPoints, thresholds.yellowPoints, thresholds.warningDays] : []),
    ],
  )) as { rows: { rag: string | null }[] };
  return rows[0]!.rag;
}

describe('三色 RAG status: rag_status', () => {
  it('reads the default thresholds from the figures_basis row the figures were built with', async () => {
    const { rows } = (await knex.raw(
      'select id, red_points::text as red, yellow_points::text as yellow, warning_days as days from figures_basis',
    )) as { rows: { id: number; red: string; yellow: string; days: number }[] };
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.red)).toBe(Number(DEFAULT_RAG_THRESHOLDS.redPoints));
    expect(Number(rows[0]!.yellow)).toBe(Number(DEFAULT_RAG_THRESHOLDS.yellowPoints));
    expect(rows[0]!.days).toBe(DEFAULT_RAG_THRESHOLDS.warningDays);
  });

  it.each([
    ['exactly 30 points behind is YELLOW (not RED)', '240', RagStatus.YELLOW],
    ['just over 30 points behind is RED', '239.9999', RagStatus.RED],
    ['exactly 10 points behind is GREEN', '480', RagStatus.GREEN],
    ['just over 10 points behind is YELLOW', '479.9999', RagStatus.YELLOW],
    ['ahead of schedule is GREEN', '900', RagStatus.GREEN],
  ])('%s', async (_case, ytd, expected) => {
    expect(await rag({ ytd })).toBe(expected);
  });

  it('gives the same colours with the defaults passed as a figures_basis row value', async () => {
    const cases: [string, RagStatus][] = [
      ['240', RagStatus.YELLOW],
      ['239.9999', RagStatus.RED],
      ['480', RagStatus.GREEN],
      ['479.9999', RagStatus.YELLOW],
    ];
    for (const [ytd, expected] of cases) expect(await rag({ ytd }, DEFAULT_RAG_THRESHOLDS)).toBe(expected);
  });

  it('a zero plan skips the rate rule', async () => {
    expect(await rag({ plan: '0', ytd: '0' })).toBe(RagStatus.GREEN);
  });

  it('a planned start on the last day of the month, not met, is RED; met that day is not', async () => {
    const onTrack = { ytd: '600' };
    expect(await rag({ ...onTrack, plannedStartOn: '2026-06-30' })).toBe(RagStatus.RED);
    expect(await rag({ ...onTrack, plannedStartOn: '2026-06-30', startedOn: '2026-06-30' })).toBe(RagStatus.GREEN);
    expect(await rag({ ...onTrack, plannedStartOn: '2026-06-30', startedOn: '2026-07-01' })).toBe(RagStatus.RED);
  });

  it('a planned date within the 30 days after the month end is YELLOW; 31 days after is GREEN', async () => {
    const onTrack = { ytd: '600' };
    expect(await rag({ ...onTrack, plannedCompletionOn: '2026-07-01' })).toBe(RagStatus.YELLOW);
    expect(await rag({ ...onTrack, plannedCompletionOn: '2026-07-30' })).toBe(RagStatus.YELLOW);
    expect(await rag({ ...onTrack, plannedCompletionOn: '2026-07-31' })).toBe(RagStatus.GREEN);
    expect(await rag({ ...onTrack, plannedCompletionOn: '2026-07-30', startedOn: '2026-01-01', completedOn: '2026-06-15' })).toBe(RagStatus.GREEN);
  });

  it('takes configured thresholds', async () => {
    const thresholds = { redPoints: '50', yellowPoints: '40', warningDays: 10 };
    expect(await rag({ ytd: '240' }, thresholds)).toBe(RagStatus.GREEN);
    expect(await rag({ ytd: '100' }, thresholds)).toBe(RagStatus.YELLOW);
    expect(await rag({ ytd: '600', plannedStartOn: '2026-07-15' }, thresholds)).toBe(RagStatus.GREEN);
  });

  it('is null unless the listing is IMPLEMENTATION', async () => {
    expect(await rag({ implementation: false, ytd: '0', plannedStartOn: '2026-01-01' })).toBeNull();
  });
});

describe('三色 RAG status: the month ends figure_rows judges at', () => {
  /** A project's colour at each month of `year`, as Project.ragStatus reads it from the maintained figures. */
  async function colours(externalId: string, year: number): Promise<Record<number, string | null>> {
    const months = Array.from({ length: 12 }, (_, i) => i + 1);
    const { body } = await gql(
      app,
      `query($e: String!, $y: Int!) { project(district: "320412", externalId: $e) { ${months.map((m) => `m${m}: ragStatus(year: $y, month: ${m})`).join(' ')} } }`,
      { e: externalId, y: year },
    );
    expect(body.errors).toBeUndefined();
    return Object.fromEntries(months.map((m) => [m, body.data!.project[`m${m}`]]));
  }

  /** A project listed in `year` with a zero plan (the rate rule is skipped), not started nor completed. */
  async function milestoneProject(externalId: string, year: number, dates: { plannedStartOn?: string; plannedCompletionOn?: string }) {
    const id = await insertProject(knex, { externalId });
    await insertListing(knex, id, { year, plannedWan: '0', ...dates });
    return colours(externalId, year);
  }

  it('knows February 29 in a leap year: a start planned that day is due at the end of February 2024', async () => {
    const rag = await milestoneProject('E-2024-02-29', 2024, { plannedStartOn: '2024-02-29' });
    // E(2024, 1) = 2024-01-31: 29 days before the plan, a warning; E(2024, 2) = 2024-02-29: due and unmet.
    expect([rag[1], rag[2], rag[3]]).toEqual([RagStatus.YELLOW, RagStatus.RED, RagStatus.RED]);
  });

  it('knows February 28 in 2026: a start planned on March 1 is not yet due at the end of February', async () => {
    expect((await milestoneProject('E-2026-03-01', 2026, { plannedStartOn: '2026-03-01' }))[2]).toBe(RagStatus.YELLOW);
    expect((await milestoneProject('E-2026-02-28', 2026, { plannedStartOn: '2026-02-28' }))[2]).toBe(RagStatus.RED);
  });

  it('knows December 31: a completion planned that day is 31 days after the end of November and due at the end of December', async () => {
    const rag = await milestoneProject('E-2026-12-31', 2026, { plannedCompletionOn: '2026-12-31' });
    expect([rag[10], rag[11], rag[12]]).toEqual([RagStatus.GREEN, RagStatus.GREEN, RagStatus.RED]);
  });
});
