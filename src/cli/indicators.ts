import 'reflect-metadata';
import { loadConfig } from '../config';
import { rebuildFigures } from '../figures/figures-basis';
import { verifyFigures } from '../figures/figures-verify';
import { withCommandDatabase } from './command-database';

const USAGE = 'usage: npm run indicators:verify   |   npm run indicators:rebuild';

/**
 * `npm run indicators:verify`: recomputes every maintained figure from the base tables and compares; prints the
 * first differences; exits 1 on any, 0 when all match. `npm run indicators:rebuild`: recomputes them in place.
 * Both on DATABASE_URL, or on the embedded database (beside a running service, they use its server).
 */
async function main(): Promise<number> {
  const command = process.argv[2];
  if (command !== 'verify' && command !== 'rebuild') {
    console.error(USAGE);
    return 2;
  }
  return withCommandDatabase(loadConfig(), async ({ orm }) => {
    const knex = orm.em.getKnex();
    const started = process.hrtime.bigint();
    const seconds = () => (Number(process.hrtime.bigint() - started) / 1e9).toFixed(1);
    if (command === 'rebuild') {
      await rebuildFigures(knex);
      console.log(`rebuilt every maintained figure in ${seconds()} s`);
      return 0;
    }
    const report = await verifyFigures(knex);
    const sizes = Object.entries(report.rows).map(([table, rows]) => `${table} ${rows}`).join(', ');
    if (report.differences === 0) {
      console.log(`all maintained figures match the base tables (${sizes}; ${seconds()} s)`);
      return 0;
    }
    console.log(`${report.differences} maintained rows differ from the base tables (${sizes}); the first ${report.first.length}:`);
    for (const difference of report.first) {
      console.log(`  ${difference.table} ${JSON.stringify(difference.key)}`);
      console.log(`    maintained: ${JSON.stringify(difference.stored)}`);
      console.log(`    recomputed: ${JSON.stringify(difference.recomputed)}`);
    }
    console.log('`npm run indicators:rebuild` recomputes them; a difference after pushes alone is a bug worth reporting.');
    return 1;
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
