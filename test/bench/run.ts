import 'reflect-metadata';
import { generateProjects } from '../../seeds/generator';
import { openDatabase } from '../../src/bootstrap';
import { startBenchDatabase } from './bench-env';
import { benchDashboard, Row } from './dashboard.bench';

/** Loads one dataset size after another (3 × 10,000 then 3 × 100,000 projects) and measures each. */
const SIZES = [10_000, 100_000];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

function printTable(rows: Row[]): void {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const width = (column: string) => Math.max(column.length, ...rows.map((row) => String(row[column] ?? '').length));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log(line(columns.map((c) => c.padEnd(width(c)))));
  console.log(line(columns.map((c) => '-'.repeat(width(c)))));
  for (const row of rows) console.log(line(columns.map((c) => String(row[c] ?? '').padEnd(width(c)))));
}

async function main(): Promise<void> {
  const database = await startBenchDatabase();
  const rows: Row[] = [];
  try {
    const { orm } = await openDatabase({ url: database.url, demoData: false });
    const knex = orm.em.getKnex();
    let loaded = 0;
    for (const size of SIZES) {
      const started = process.hrtime.bigint();
      const counts = await generateProjects(knex, size - loaded);
      loaded = size;
      await knex.raw('vacuum analyze');
      console.log(`loaded ${JSON.stringify(counts)} in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
      const dataset = `3 × ${size.toLocaleString('en')}`;
      rows.push(...(await benchDashboard(database.url, orm.em.fork(), knex, dataset, SECONDS)));
    }
    await orm.close();
  } finally {
    await database.dispose();
  }
  printTable(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
