import { DEFAULT_RAG_THRESHOLDS } from '../../src/indicators/indicator.rules';
import 'reflect-metadata';
import { generateProjects } from '../../seeds/generator';
import { openDatabase } from '../../src/bootstrap';
import { startBenchDatabase } from './bench-env';
import { benchDashboard, DASHBOARD_OPERATION, Row } from './dashboard.bench';
import { explainOperation } from './explain.bench';
import { graphqlOperation } from './http-measure';
import { benchMixed } from './mixed.bench';
import { benchPush } from './push.bench';

/**
 * The benchmarks, in order: the push benchmark (on a fresh database of its own), then each dataset size loaded one
 * after another (3 × 10,000 then 3 × 100,000 projects) with the dashboards measured on it, and the mixed load
 * (dashboards read while the districts push) on the first size. Smaller values make a quick smoke run, e.g.
 * BENCH_SIZES=1000 BENCH_SECONDS=2 BENCH_PUSH_PROJECTS=1000 BENCH_MIXED_SECONDS=5; BENCH_PARTS picks parts.
 */
const numbers = (name: string, fallback: number[]) => (process.env[name] ? process.env[name]!.split(',').map(Number) : fallback);
const SIZES = numbers('BENCH_SIZES', [10_000, 100_000]);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PUSH_PROJECTS = Number(process.env.BENCH_PUSH_PROJECTS ?? 10_000);
const MIXED_SECONDS = Number(process.env.BENCH_MIXED_SECONDS ?? 30);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'push,dashboard,explain,mixed').split(','));

/** Reads off the dashboard's beaten path, computed on every read (other year, month and level; a filtered ranking). */
const OTHER_READS = [
  graphqlOperation(
    'RED_COUNT ranking, CITY_MAJOR, 2026-06',
    '{ districtRanking(indicator: RED_COUNT, year: 2026, month: 6, level: CITY_MAJOR) { rank value district { code } } }',
  ),
  graphqlOperation(
    'projectRanking, Wujin new-energy vehicles ≥ 1亿',
    '{ projectRanking(indicator: INVESTMENT_COMPLETION_RATE, year: 2026, top: 20, filter: { districts: ["320412"], industry: "NEV", minTotalInvestment: "10000" }) { rank value project { name } } }',
  ),
];

interface Section {
  title: string;
  rows: Row[];
}

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
  const sections: Section[] = [];
  const failures: string[] = [];
  // A part that fails is reported at the end; the others still run.
  const part = async (title: string, run: () => Promise<Row[]>) => {
    console.log(`running: ${title}`);
    try {
      sections.push({ title, rows: await run() });
    } catch (error) {
      failures.push(`${title}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  try {
    const { orm } = await openDatabase({ url: database.url, demoData: false, ragThresholds: DEFAULT_RAG_THRESHOLDS });
    const knex = orm.em.getKnex();
    // Pushes need a fresh, district-neutral state: they run first, into a database of their own in the same cluster,
    // dropped afterwards. So the dashboard datasets stay exactly what the generator makes, pg_stat_database's row of
    // that database counts the pushes' work alone, and no 100k dataset fills the shared buffers before them.
    if (PARTS.has('push')) {
      await part(`push ${PUSH_PROJECTS.toLocaleString('en')} projects, then 12 evaluations each`, () => benchPush(knex, database.url, PUSH_PROJECTS));
    }
    let loaded = 0;
    for (const [index, size] of SIZES.entries()) {
      const started = process.hrtime.bigint();
      const counts = await generateProjects(knex, size - loaded);
      loaded = size;
      await knex.raw('vacuum analyze');
      console.log(`loaded ${JSON.stringify(counts)} in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
      const dataset = `3 × ${size.toLocaleString('en')}`;
      if (PARTS.has('dashboard')) await part(`dashboards at ${dataset}`, () => benchDashboard(database.url, orm.em.fork(), knex, dataset, SECONDS));
      if (PARTS.has('explain')) {
        for (const operation of [DASHBOARD_OPERATION, ...OTHER_READS]) {
          await part(`EXPLAIN ANALYZE of each statement of ${operation.name} at ${dataset}`, () => explainOperation(orm, database.url, dataset, operation));
        }
      }
      // The mixed load on the first size only (3 × 10,000 by default); its writes change figures by 1 万元 at most.
      if (index === 0 && PARTS.has('mixed')) {
        await part(`mixed load at ${dataset} for ${MIXED_SECONDS} s`, async () => {
          const result = await benchMixed(database.url, knex, dataset, MIXED_SECONDS);
          failures.push(...result.failures);
          return result.rows;
        });
      }
    }
    await orm.close();
  } finally {
    await database.dispose();
  }
  for (const section of sections) {
    console.log(`\n### ${section.title}\n`);
    printTable(section.rows);
  }
  if (failures.length > 0) {
    console.error(`\nFAILED:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
