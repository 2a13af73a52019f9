import type { Knex } from '@mikro-orm/postgresql';
import { verifyFigures } from '../../src/figures/figures-verify';
import type { Row } from './dashboard.bench';
import { GoalTable } from './goals';
import { elapsedMs } from './http-measure';

/**
 * `npm run indicators:verify` in-process: every maintained figure recomputed from the base tables and compared with
 * what the writes maintained (src/figures/figures-verify.ts; rolled back, the database is left as it was). Any
 * difference fails the run, with the first few printed.
 */
export async function verifyAfter(knex: Knex, dataset: string, after: string, goals: GoalTable): Promise<{ row: Row; failures: string[] }> {
  const started = process.hrtime.bigint();
  const report = await verifyFigures(knex, 5);
  const seconds = elapsedMs(started) / 1000;
  const compared = Object.values(report.rows).reduce((sum, n) => sum + n, 0);
  goals.check(dataset, `indicators:verify after ${after}`, `${report.differences} differences`, '0', report.differences === 0);
  const first = report.first.map((d) => `${d.table} ${JSON.stringify(d.key)}: maintained ${JSON.stringify(d.stored)}, recomputed ${JSON.stringify(d.recomputed)}`);
  return {
    row: {
      dataset,
      after,
      'rows recomputed': compared.toLocaleString('en'),
      differences: report.differences,
      's': Number(seconds.toFixed(1)),
      'first differences': first.length === 0 ? '—' : first.slice(0, 2).join('; ').slice(0, 300),
    },
    failures: report.differences === 0 ? [] : [`indicators:verify at ${dataset} after ${after}: ${report.differences} differences, the first:\n  ${first.join('\n  ')}`],
  };
}
