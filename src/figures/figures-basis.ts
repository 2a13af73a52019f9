import type { Knex } from '@mikro-orm/postgresql';
import { districtWriteLock } from '../push/write-scope';
import type { Logger } from '../observability/logger';
import type { RagThresholds } from '../config';


/** Waits for every district's pushes in flight and keeps new ones out until the transaction ends. */
export async function lockEveryDistrict(trx: Knex.Transaction): Promise<void> {
  const codes = (await trx('district').orderBy('code').pluck('code')) as string[];
  for (const code of codes) await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [districtWriteLock(code)]);
}

/** Every table refresh_figures maintains (migration 20261201). */
export const MAINTAINED_TABLES = ['project_figures', 'district_figures', 'project_listed_years', 'district_year_figures'] as const;

/** Recomputes every maintained figure from the base tables (the migration's refresh_figures over every project). */
export async function recomputeEverything(trx: Knex.Transaction): Promise<void> {
  for (const table of MAINTAINED_TABLES) await trx(table).delete();
  await trx.raw('insert into figures_dirty select txid_current(), district_code, id, 0 from project');
  await trx.raw('select refresh_figures()');
}

/** Rebuilds every figure in one transaction; readers see the previous figures until it commits. */
export async function rebuildFigures(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    await lockEveryDistrict(trx);
    await recomputeEverything(trx);
  });
}

/**
 * The figures depend on the RAG thresholds as well as on the data. When the service starts with other thresholds
 * than those the figures were built with, it records the new ones and rebuilds every figure, in one transaction,
 * before it serves. Every instance on one database must run with the same RAG_* settings, or each start undoes the last.
 */
export async function ensureFiguresBasis(knex: Knex, thresholds: RagThresholds, logger: Pick<Logger, 'info'>): Promise<boolean> {
  const started = process.hrtime.bigint();
  const rebuilt = await knex.transaction(async (trx) => {
    const wanted = { red: thresholds.redPoints, yellow: thresholds.yellowPoints, days: thresholds.warningDays };
    const differs = `(red_points, yellow_points, warning_days) <> (:red::numeric, :yellow::numeric, :days::int)`;
    const { rows } = (await trx.raw(`select 1 from figures_basis where ${differs}`, wanted)) as { rows: unknown[] };
    if (rows.length === 0) return false;
    await lockEveryDistrict(trx);
    await trx.raw(`update figures_basis set red_points = :red, yellow_points = :yellow, warning_days = :days`, wanted);
    await recomputeEverything(trx);
    return true;
  });
  if (rebuilt) {
    logger.info(
      { ragThresholds: thresholds, seconds: Number(process.hrtime.bigint() - started) / 1e9 },
      'the RAG thresholds differ from those the maintained figures were built with: rebuilt every figure',
    );
  }
  return rebuilt;
}
