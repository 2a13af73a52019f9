import 'reflect-metadata';
import { generateProjects } from '../../seeds/generator';
import { openDatabase } from '../../src/bootstrap';
import { DEFAULT_RAG_THRESHOLDS } from '../../src/config';
import { startBenchDatabase } from './bench-env';
import { benchDashboard, DASHBOARD_OPERATION, Row } from './dashboard.bench';
import { explainOperation } from './explain.bench';
import { benchFigures, GOAL_SCALE_RATIO } from './figures.bench';
import { fixed, GoalTable } from './goals';
import { elapsedMs, graphqlOperation } from './http-measure';
import { benchMixed } from './mixed.bench';
import { benchPush } from './push.bench';
import { tableSizes } from './sizes.bench';
import { verifyAfter } from './verify.bench';

/**
 * The benchmarks, in order: the push benchmark (on a fresh database of its own, then `indicators:verify` on it), then
 * each dataset size loaded one after another (3 × 10,000 then 3 × 100,000 projects), and on each: the sizes of the
 * maintained figures, issue 9's scenarios with the response cache off (cold dashboards, dashboards under pushes,
 * fresh reads after single pushes) followed by `indicators:verify`, the dashboards under autocannon with the cache on
 * and off, EXPLAIN ANALYZE of three reads, and on the first size the mixed load (cache on) followed by
 * `indicators:verify`. The end prints every table, then the issue's figures next to their goals.
 *
 * BENCH_SIZES=1000 makes a smoke run of a few minutes; BENCH_SECONDS, BENCH_PUSH_PROJECTS and BENCH_LOAD_SECONDS
 * shorten it further; BENCH_PARTS picks parts (push, sizes, figures, verify, dashboard, explain, mixed).
 */
const numbers = (name: string, fallback: number[]) => (process.env[name] ? process.env[name]!.split(',').map(Number) : fallback);
const SIZES = numbers('BENCH_SIZES', [10_000, 100_000]);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PUSH_PROJECTS = Number(process.env.BENCH_PUSH_PROJECTS ?? 10_000);
/** The loads while the districts push: dashboards under pushes (cache off) and the mixed load (cache on). */
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'push,sizes,figures,verify,dashboard,explain,mixed').split(','));

/** Reads off the dashboard's beaten path: another (year, month, level) of the maintained figures; a filtered ranking, computed on read over its filtered set. */
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

const datasetName = (size: number) => `3 × ${size.toLocaleString('en')}`;

async function main(): Promise<void> {
  const runStarted = process.hrtime.bigint();
  const database = await startBenchDatabase();
  const sections: Section[] = [];
  const failures: string[] = [];
  const goals = new GoalTable();
  const loads: Row[] = [];
  const verifications: Row[] = [];
  const coldP50 = new Map<number, number>();
  // A part that fails is reported at the end; the others still run.
  const part = async (title: string, run: () => Promise<Section[]>) => {
    const started = process.hrtime.bigint();
    console.log(`running: ${title}`);
    try {
      sections.push(...(await run()));
    } catch (error) {
      failures.push(`${title}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    console.log(`  done in ${fixed(elapsedMs(started) / 1000, 1)} s`);
  };
  try {
    const { orm } = await openDatabase({ url: database.url, demoData: false, ragThresholds: DEFAULT_RAG_THRESHOLDS });
    const knex = orm.em.getKnex();
    const verify = async (dataset: string, after: string) => {
      if (!PARTS.has('verify')) return;
      await part(`indicators:verify at ${dataset} after ${after}`, async () => {
        const result = await verifyAfter(knex, dataset, after, goals);
        verifications.push(result.row);
        failures.push(...result.failures);
        return [];
      });
    };
    // Pushes need a fresh, district-neutral state: they run first, into a database of their own in the same cluster,
    // dropped afterwards. So the dashboard datasets stay exactly what the generator makes, pg_stat_database's row of
    // that database counts the pushes' work alone, and no 100k dataset fills the shared buffers before them.
    if (PARTS.has('push')) {
      await part(`push ${PUSH_PROJECTS.toLocaleString('en')} projects, then 12 evaluations each`, async () => {
        const result = await benchPush(knex, database.url, PUSH_PROJECTS, goals);
        if (PARTS.has('verify')) verifications.push(result.verify);
        failures.push(...result.failures);
        return [{ title: `push ${PUSH_PROJECTS.toLocaleString('en')} projects, then 12 evaluations each (figures maintained in each push)`, rows: result.rows }];
      });
    }
    let loaded = 0;
    for (const [index, size] of SIZES.entries()) {
      const dataset = datasetName(size);
      console.log(`loading ${dataset}`);
      const started = process.hrtime.bigint();
      const counts = await generateProjects(knex, size - loaded);
      const generateSeconds = elapsedMs(started) / 1000;
      const vacuumStarted = process.hrtime.bigint();
      await knex.raw('vacuum analyze');
      const vacuumSeconds = elapsedMs(vacuumStarted) / 1000;
      loads.push({
        dataset,
        added: `${(size - loaded).toLocaleString('en')} a district`,
        projects: counts.projects.toLocaleString('en'),
        listings: counts.listings.toLocaleString('en'),
        approvals: counts.approvals.toLocaleString('en'),
        evaluations: counts.evaluations.toLocaleString('en'),
        'generateProjects s (figures built at its commit)': fixed(generateSeconds, 1),
        'vacuum analyze s': fixed(vacuumSeconds, 1),
      });
      console.log(`  loaded ${JSON.stringify(counts)} in ${fixed(generateSeconds, 1)} s, vacuum analyze ${fixed(vacuumSeconds, 1)} s`);
      loaded = size;
      if (PARTS.has('sizes')) {
        await part(`table sizes at ${dataset}`, async () => {
          const { tables, indexes } = await tableSizes(knex, dataset);
          return [
            { title: `table sizes at ${dataset} (after the generator and vacuum analyze)`, rows: tables },
            { title: `indexes of the maintained figures at ${dataset}`, rows: indexes },
          ];
        });
      }
      if (PARTS.has('figures')) {
        await part(`cold, under pushes and fresh at ${dataset} (cache off)`, async () => {
          const result = await benchFigures(database.url, knex, dataset, LOAD_SECONDS, goals);
          coldP50.set(size, result.coldP50Ms);
          failures.push(...result.failures);
          return result.sections;
        });
        await verify(dataset, 'the dashboards under pushes and the fresh pushes');
      }
      if (PARTS.has('dashboard')) {
        await part(`dashboards under autocannon at ${dataset}`, async () => [
          { title: `dashboards under autocannon at ${dataset}, ${SECONDS} s a row`, rows: await benchDashboard(database.url, dataset, SECONDS) },
        ]);
      }
      if (PARTS.has('explain')) {
        for (const operation of [DASHBOARD_OPERATION, ...OTHER_READS]) {
          const title = `EXPLAIN ANALYZE of each statement of ${operation.name} at ${dataset}`;
          await part(title, async () => [{ title, rows: await explainOperation(orm, database.url, dataset, operation) }]);
        }
      }
      // The mixed load on the first size only (3 × 10,000 by default); its writes change figures by 1 万元 at most.
      if (index === 0 && PARTS.has('mixed')) {
        const title = `mixed load at ${dataset} for ${LOAD_SECONDS} s (cache on)`;
        await part(title, async () => {
          const result = await benchMixed(database.url, knex, dataset, LOAD_SECONDS);
          failures.push(...result.failures);
          return [{ title, rows: result.rows }];
        });
        await verify(dataset, 'the mixed load');
      }
    }
    await orm.close();
  } finally {
    await database.dispose();
  }
  const sizes = [...coldP50.keys()];
  if (sizes.length >= 2) {
    const [small, large] = [sizes[0]!, sizes.at(-1)!];
    const ratio = coldP50.get(large)! / coldP50.get(small)!;
    goals.check(
      `${datasetName(large)} vs ${datasetName(small)}`,
      'cold dashboard p50, larger ÷ smaller',
      `${fixed(ratio, 2)} × (${fixed(coldP50.get(large)!, 2)} / ${fixed(coldP50.get(small)!, 2)} ms)`,
      `≤ ${GOAL_SCALE_RATIO} ×`,
      ratio <= GOAL_SCALE_RATIO,
    );
  }
  const tables: Section[] = [
    ...(loads.length ? [{ title: 'datasets loaded (seeds/generator.ts generateProjects)', rows: loads }] : []),
    ...sections,
    ...(verifications.length ? [{ title: 'indicators:verify (every maintained figure recomputed from the base tables)', rows: verifications }] : []),
    ...(goals.rows.length ? [{ title: "issue 9's figures and goals", rows: goals.rows }] : []),
  ];
  for (const section of tables) {
    console.log(`\n### ${section.title}\n`);
    printTable(section.rows);
  }
  console.log(`\nthe whole run took ${fixed(elapsedMs(runStarted) / 60_000, 1)} min`);
  if (failures.length > 0) {
    console.error(`\nFAILED:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
