import type { Knex } from '@mikro-orm/postgresql';
import { GENERATED_LAST_MONTH, GENERATED_YEAR } from '../../seeds/generator';
import { DISTRICTS } from '../../seeds/reference/districts';
import { Dec, formatDecimal } from '../../src/money/decimal';
import { BENCH_TOKENS, ServiceProcess, startService } from './bench-env';
import { DASHBOARD_OPERATION, dashboardFor, Row, TYPENAME_OPERATION } from './dashboard.bench';
import { fixed, GoalTable } from './goals';
import { elapsedMs, fineP50, graphqlOperation, percentile, timedRequest } from './http-measure';
import { evaluationChunks, evaluationInput, loadTargets, Target } from './mixed-writes';
import { push, PushTally, runWriters } from './push-client';

/** The issue's goals: dashboards within 10 × `{ __typename }`, p99 under pushes within 50 ms, 100k within 1.5 × 10k. */
export const GOAL_RATIO = 10;
export const GOAL_P99_MS = 50;
export const GOAL_SCALE_RATIO = 1.5;
/** Evaluations a push call of the load: a district sending its changes as they come, not a bulk load. */
const PUSH_CHUNK_UNDER_LOAD = 100;
/** Under pushes, one `{ __typename }` after every this many dashboards, for the typename's latency under the same load. */
const TYPENAME_EVERY = 10;
const FRESH_PUSHES = 10;
/** The cold months: each month of two years, each read once. */
const COLD_MONTHS = [GENERATED_YEAR - 1, GENERATED_YEAR].flatMap((year) => Array.from({ length: 12 }, (_, i) => ({ year, month: i + 1 })));

export interface FiguresResult {
  sections: { title: string; rows: Row[] }[];
  failures: string[];
  /** The cold dashboards' p50, for the ratio between dataset sizes. */
  coldP50Ms: number;
}

const spread = (samples: number[]) => ({
  'p50 ms': fixed(percentile(samples, 50), 2),
  'p90 ms': fixed(percentile(samples, 90), 2),
  'p99 ms': fixed(percentile(samples, 99), 2),
  'max ms': fixed(Math.max(...samples), 2),
});

/**
 * Issue 9's three scenarios on one service over HTTP with the response cache off (RESPONSE_CACHE_ENTRIES=0), so
 * that every read is answered from the maintained figures, never from memory:
 * - cold: the dashboard for each month of the generator's two years, each read once, against `{ __typename }`;
 * - under pushes: sequential dashboards for `seconds` while the three districts push evaluation corrections;
 * - fresh: single-evaluation pushes, each followed at once by a `cityIndicators` read that must show it exactly.
 */
export async function benchFigures(databaseUrl: string, knex: Knex, dataset: string, seconds: number, goals: GoalTable): Promise<FiguresResult> {
  const targets = await Promise.all(DISTRICTS.map((d) => loadTargets(knex, d.code, 'evaluations')));
  const service = await startService(databaseUrl, { RESPONSE_CACHE_ENTRIES: '0' });
  try {
    const cold = await coldDashboards(service, dataset, goals);
    const underPushes = await dashboardsUnderPushes(service, targets, dataset, seconds, cold.typenameP50Ms, goals);
    const fresh = await freshReads(service, knex, dataset, goals);
    return {
      sections: [
        { title: `cold dashboards at ${dataset} (cache off)`, rows: cold.rows },
        { title: `dashboards under pushes at ${dataset} for ${seconds} s (cache off)`, rows: underPushes.rows },
        { title: `fresh: ${FRESH_PUSHES} single-evaluation pushes, each read back at once, at ${dataset} (cache off)`, rows: fresh.rows },
      ],
      failures: [...underPushes.failures, ...fresh.failures],
      coldP50Ms: cold.p50Ms,
    };
  } finally {
    await service.stop();
  }
}

/**
 * Every month of two years once, in order, timed with the nanosecond clock. One dashboard of a month outside them
 * (December of the year before) goes first, unmeasured, so that the service's code paths are compiled; no measured
 * month was read before. Then `{ __typename }` on the same server (300 sequential requests after 20 to warm up).
 */
async function coldDashboards(service: ServiceProcess, dataset: string, goals: GoalTable) {
  await timedRequest(service.url, TYPENAME_OPERATION);
  await timedRequest(service.url, dashboardFor(COLD_MONTHS[0]!.year - 1, 12));
  const samples: number[] = [];
  const statements = new Set<number>();
  for (const { year, month } of COLD_MONTHS) {
    const sample = await timedRequest(service.url, dashboardFor(year, month));
    samples.push(sample.ms);
    statements.add(sample.statements);
  }
  const typename = await fineP50(service.url, TYPENAME_OPERATION, 300);
  const p50Ms = percentile(samples, 50);
  const ratio = p50Ms / typename.p50Ms;
  goals.check(dataset, 'cold dashboard p50 ÷ { __typename } p50', `${fixed(ratio, 1)} × (${fixed(p50Ms, 2)} / ${fixed(typename.p50Ms, 2)} ms)`, `≤ ${GOAL_RATIO} ×`, ratio <= GOAL_RATIO);
  const months = `${COLD_MONTHS[0]!.year}-01…${COLD_MONTHS.at(-1)!.year}-12`;
  return {
    p50Ms,
    typenameP50Ms: typename.p50Ms,
    rows: [
      { dataset, operation: `dashboard, ${months}, each once`, reads: samples.length, ...spread(samples), 'min ms': fixed(Math.min(...samples), 2), 'SQL/req': [...statements].join(', ') },
      { dataset, operation: '{ __typename }, same server', reads: 300, 'p50 ms': fixed(typename.p50Ms, 2), 'SQL/req': typename.statements },
      { dataset, operation: 'ratio dashboard p50 ÷ { __typename } p50', 'p50 ms': `${fixed(ratio, 1)} ×`, goal: `≤ ${GOAL_RATIO} ×: ${ratio <= GOAL_RATIO ? 'met' : 'MISSED'}` },
    ] as Row[],
  };
}

/**
 * Sequential dashboards (CityDashboard, its own variables) for `seconds` while each district, with its own token,
 * pushes PUSH_CHUNK_UNDER_LOAD evaluation corrections a call in a loop: the month the dashboard shows, the YTD
 * alternating between its stored value and that + 1, so every item is a change (none UNCHANGED; counted). Every
 * TYPENAME_EVERY-th dashboard is followed by a `{ __typename }`, its latency under the same load.
 */
async function dashboardsUnderPushes(
  service: ServiceProcess,
  targets: Target[][],
  dataset: string,
  seconds: number,
  quietTypenameP50Ms: number,
  goals: GoalTable,
) {
  const writers = DISTRICTS.map((d, i) => ({ token: BENCH_TOKENS.district[d.code]!, chunks: evaluationChunks(targets[i]!, PUSH_CHUNK_UNDER_LOAD) }));
  const tally = new PushTally();
  const dashboards: number[] = [];
  const typenames: number[] = [];
  const readErrors: string[] = [];
  let readErrorCount = 0;
  const deadline = Date.now() + seconds * 1000;
  const done = () => Date.now() >= deadline;
  const cpuBefore = await service.cpuSeconds();
  const started = process.hrtime.bigint();
  const read = async (operation: typeof DASHBOARD_OPERATION, into: number[]) => {
    try {
      into.push((await timedRequest(service.url, operation)).ms);
    } catch (error) {
      readErrorCount += 1;
      if (readErrors.length < 5) readErrors.push((error as Error).message);
    }
  };
  await Promise.all([
    (async () => {
      for (let i = 1; !done(); i++) {
        await read(DASHBOARD_OPERATION, dashboards);
        if (i % TYPENAME_EVERY === 0) await read(TYPENAME_OPERATION, typenames);
      }
    })(),
    runWriters(service.url, writers, tally, done),
  ]);
  const wallSeconds = elapsedMs(started) / 1000;
  const cpuSeconds = (await service.cpuSeconds()) - cpuBefore;
  const peakRssMiB = Math.round(await service.peakRssMiB());
  const p50 = percentile(dashboards, 50);
  const p99 = percentile(dashboards, 99);
  const ratio = p50 / quietTypenameP50Ms;
  goals.check(dataset, 'dashboard p50 under pushes ÷ { __typename } p50', `${fixed(ratio, 1)} × (${fixed(p50, 2)} / ${fixed(quietTypenameP50Ms, 2)} ms)`, `≤ ${GOAL_RATIO} ×`, ratio <= GOAL_RATIO);
  goals.check(dataset, 'dashboard p99 under pushes', `${fixed(p99, 1)} ms`, `≤ ${GOAL_P99_MS} ms`, p99 <= GOAL_P99_MS);
  goals.report(
    dataset,
    `pushes during that run (3 districts, ${PUSH_CHUNK_UNDER_LOAD} evaluations a call)`,
    `${fixed(tally.calls / wallSeconds, 1)} calls/s, ${Math.round(tally.items / wallSeconds).toLocaleString('en')} evaluations/s`,
  );
  const rows: Row[] = [
    {
      dataset,
      operation: 'dashboard, sequential',
      requests: dashboards.length,
      'req/s': fixed(dashboards.length / wallSeconds, 1),
      ...spread(dashboards),
      '÷ { __typename } p50 (quiet)': `${fixed(ratio, 1)} ×`,
      goal: `p50 ≤ ${GOAL_RATIO} ×: ${ratio <= GOAL_RATIO ? 'met' : 'MISSED'}; p99 ≤ ${GOAL_P99_MS} ms: ${p99 <= GOAL_P99_MS ? 'met' : 'MISSED'}`,
      errors: readErrorCount,
    },
    { dataset, operation: `{ __typename }, after every ${TYPENAME_EVERY}th dashboard`, requests: typenames.length, ...spread(typenames) },
    { dataset, operation: '{ __typename }, same server, quiet (the cold run)', 'p50 ms': fixed(quietTypenameP50Ms, 2) },
    {
      dataset,
      operation: `push, ${PUSH_CHUNK_UNDER_LOAD} evaluations a call, 3 districts in a loop`,
      requests: tally.calls,
      'req/s': fixed(tally.calls / wallSeconds, 1),
      'evaluations/s': Math.round(tally.items / wallSeconds),
      'p50 ms': fixed(percentile(tally.latenciesMs, 50), 1),
      'p90 ms': fixed(percentile(tally.latenciesMs, 90), 1),
      'p99 ms': fixed(percentile(tally.latenciesMs, 99), 1),
      'max ms': fixed(Math.max(...tally.latenciesMs), 1),
      unchanged: tally.unchanged,
      errors: tally.errorCount,
    },
    { dataset, operation: `the service over the ${fixed(wallSeconds, 1)} s`, 'CPU s': fixed(cpuSeconds, 1), 'peak RSS MiB': peakRssMiB },
  ];
  const failures = [
    ...(readErrorCount > 0 ? [`under pushes at ${dataset}: ${readErrorCount} read errors, e.g.\n  ${readErrors.join('\n  ')}`] : []),
    ...(tally.errorCount > 0 ? [`under pushes at ${dataset}: ${tally.errorCount} push errors, e.g.\n  ${tally.errors.join('\n  ')}`] : []),
    ...(tally.unchanged > 0 ? [`under pushes at ${dataset}: ${tally.unchanged} items came back UNCHANGED (each should be a change)`] : []),
  ];
  return { rows, failures };
}

const CITY_COMPLETED = graphqlOperation(
  'cityIndicators completedInvestment',
  'query Fresh($year: Int!, $month: Int) { cityIndicators(year: $year, month: $month) { completedInvestment } }',
  { year: GENERATED_YEAR, month: GENERATED_LAST_MONTH },
);

async function cityCompletedInvestment(url: string): Promise<{ value: string; ms: number }> {
  const { body, ms } = await timedRequest(url, CITY_COMPLETED);
  return { value: (JSON.parse(body) as { data: { cityIndicators: { completedInvestment: string } } }).data.cityIndicators.completedInvestment, ms };
}

/**
 * FRESH_PUSHES times, on a quiet service (after the load): read the city's completed investment of the dashboard's
 * month, push one evaluation of that month raising a project's YTD by a known amount, and read again at once. The
 * second read must be the first plus exactly that amount, compared as the service's Decimal strings. The projects
 * are generated ones, taken in turn from the three districts (each with its own token), standing in the year as
 * IMPLEMENTATION only (so their YTD counts in completedInvestment), their YTD in 万元 CNY (so the amount pushed is the
 * amount counted).
 */
async function freshReads(service: ServiceProcess, knex: Knex, dataset: string, goals: GoalTable) {
  const { rows: picked } = (await knex.raw(
    `select district_code, external_id from (
       select p.district_code, p.external_id, row_number() over (partition by p.district_code order by p.id) as n
         from project p join evaluation e on e.project_id = p.id and e.year = :year and e.month = :month
        where p.external_id like 'GEN-%' and p.status <> 'WITHDRAWN' and e.ytd_original_unit = 'WAN' and e.ytd_currency = 'CNY'
          and exists (select 1 from listing l where l.project_id = p.id and l.year = :year)
          and not exists (select 1 from listing l where l.project_id = p.id and l.year = :year and l.category <> 'IMPLEMENTATION')) t
      where n <= :each order by n, district_code`,
    { year: GENERATED_YEAR, month: GENERATED_LAST_MONTH, each: Math.ceil(FRESH_PUSHES / DISTRICTS.length) },
  )) as { rows: { district_code: string; external_id: string }[] };
  const rows: Row[] = [];
  const failures: string[] = [];
  let exact = 0;
  for (const [i, project] of picked.slice(0, FRESH_PUSHES).entries()) {
    // The stored evaluation as it is now (the load before changed it), read just before its push.
    const [target] = await loadTargets(knex, project.district_code, 'evaluations', project.external_id);
    const delta = new Dec(i + 1).times('1.0001');
    const before = await cityCompletedInvestment(service.url);
    const tally = new PushTally();
    const started = process.hrtime.bigint();
    await push(service.url, BENCH_TOKENS.district[project.district_code]!, { mutation: 'submitEvaluations', items: [evaluationInput(target!, new Dec(target!.ytd[0]).plus(delta).toFixed())] }, tally);
    const pushMs = elapsedMs(started);
    const after = await cityCompletedInvestment(service.url);
    const expected = formatDecimal(new Dec(before.value).plus(delta));
    const ok = tally.errorCount === 0 && tally.unchanged === 0 && after.value === expected;
    if (ok) exact += 1;
    else failures.push(`fresh at ${dataset}, push ${i + 1} (${project.external_id} +${delta.toFixed()}): read ${after.value}, expected ${expected}${tally.errors.length ? `; ${tally.errors.join('; ')}` : ''}`);
    rows.push({
      dataset,
      push: i + 1,
      project: `${project.district_code} ${project.external_id}`,
      'YTD + 万元': delta.toFixed(4),
      'city before': before.value,
      'read after': after.value,
      expected,
      exact: ok ? 'yes' : 'NO',
      'push ms': fixed(pushMs, 1),
      'read ms': fixed(after.ms, 2),
    });
  }
  if (picked.length < FRESH_PUSHES) failures.push(`fresh at ${dataset}: only ${picked.length} suitable projects for ${FRESH_PUSHES} pushes`);
  goals.check(dataset, 'fresh: next cityIndicators read shows the push exactly', `${exact} of ${FRESH_PUSHES}`, `${FRESH_PUSHES} of ${FRESH_PUSHES}`, exact === FRESH_PUSHES);
  return { rows, failures };
}
