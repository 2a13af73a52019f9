import { DEFAULT_RAG_THRESHOLDS } from '../../src/config';
import type { Knex } from '@mikro-orm/postgresql';
import { DISTRICTS } from '../../seeds/reference/districts';
import { openDatabase } from '../../src/bootstrap';
import { chinaToday } from '../../src/common/china-time';
import { initOrm } from '../../src/db/orm';
import type { ProjectInput } from '../../src/push/push.inputs';
import { BENCH_TOKENS, startService } from './bench-env';
import type { Row } from './dashboard.bench';
import { GoalTable } from './goals';
import { elapsedMs } from './http-measure';
import { createDatabase, databaseStats, sampleWaits, statsDelta, waitForNoSessions } from './pg-stats';
import { chunked, DistrictWriter, PUSH_CHUNK, PushMutation, PushTally, runWriters } from './push-client';
import { districtProjects, lastTwelveMonths, monthlyEvaluations } from './push-items';
import { verifyAfter } from './verify.bench';

/** The goals on the 2-core machine, in items a second, with the figures maintained in each push's transaction. */
const GOALS: Record<PushMutation, number> = { upsertProjects: 2_000, submitEvaluations: 10_000 };
const GOAL_PEAK_RSS_MIB = 300;
const PUSH_DATABASE = 'cz_push';

interface District {
  token: string;
  projects: ProjectInput[];
}

/**
 * One phase: a service process of its own (so its VmHWM is this phase's peak), every district's chunks pushed,
 * then the service stopped and its sessions gone, so that pg_stat_database holds all they cost. PostgreSQL's time
 * is the database's `active_time` delta: statement execution, lock waits and commits summed over the service's
 * sessions (one service start-up, a few ms of reference-data upserts, is included); sampling pg_stat_activity
 * tells roughly how much of it was lock waits.
 */
async function measurePhase(
  knex: Knex,
  database: { url: string; name: string },
  dataset: string,
  operation: string,
  mutation: PushMutation,
  writers: DistrictWriter[],
  goals: GoalTable,
): Promise<Row> {
  const before = await databaseStats(knex, database.name);
  const service = await startService(database.url);
  const tally = new PushTally();
  const waits = sampleWaits(knex, database.name);
  let wallMs: number;
  let cpuSeconds: number;
  let peakRssMiB: number;
  try {
    const cpuBefore = await service.cpuSeconds();
    const started = process.hrtime.bigint();
    await runWriters(service.url, writers, tally);
    wallMs = elapsedMs(started);
    cpuSeconds = (await service.cpuSeconds()) - cpuBefore;
    peakRssMiB = await service.peakRssMiB();
  } finally {
    await service.stop();
  }
  const { lockWaitShare, topStates } = await waits.stop();
  await waitForNoSessions(knex, database.name);
  const pg = statsDelta(before, await databaseStats(knex, database.name));
  if (tally.errorCount > 0) throw new Error(`${operation}: ${tally.errorCount} errors, e.g.\n  ${tally.errors.join('\n  ')}`);
  const itemsPerSecond = tally.items / (wallMs / 1000);
  goals.check(dataset, `${mutation}: items/s`, Math.round(itemsPerSecond).toLocaleString('en'), `≥ ${GOALS[mutation].toLocaleString('en')}`, itemsPerSecond >= GOALS[mutation]);
  goals.check(dataset, `${mutation}: service peak RSS`, `${Math.round(peakRssMiB)} MiB`, `< ${GOAL_PEAK_RSS_MIB} MiB`, peakRssMiB < GOAL_PEAK_RSS_MIB);
  return {
    dataset,
    operation,
    items: tally.items,
    calls: tally.calls,
    'KiB/call': Math.round(tally.requestBytes / tally.calls / 1024),
    'wall s': Number((wallMs / 1000).toFixed(1)),
    'items/s': Math.round(itemsPerSecond),
    goal: `≥ ${GOALS[mutation].toLocaleString('en')}: ${itemsPerSecond >= GOALS[mutation] ? 'met' : 'MISSED'}`,
    'call p50 ms': tally.p(50),
    'call p99 ms': tally.p(99),
    'SQL/call': Math.round(tally.statements / tally.calls),
    // Summed over sessions: with the three districts pushing at once it can exceed the wall time.
    'PG active s': Number((pg.activeMs / 1000).toFixed(1)),
    'PG % of call time': Math.round((100 * pg.activeMs) / tally.callMsTotal),
    // Sampled: the part of PG active time spent waiting for another district's transaction (a lock), not working.
    '~ PG lock-wait %': Math.round(100 * lockWaitShare),
    // Sampled: what the busy sessions were doing most (CPU, or the wait event).
    '~ PG top states': topStates,
    'service CPU s': Number(cpuSeconds.toFixed(1)),
    'peak RSS MiB': Math.round(peakRssMiB),
    'rows written': pg.rowsWritten,
    rejected: 0,
  };
}

/**
 * The push benchmark: `projectCount` projects with their listings, then 12 monthly evaluations of each, in chunks
 * of 1,000 (the most a call takes), sent over HTTP by the three districts at once, each with its own token, into a
 * database of its own, created empty here (schema and reference data only, like a new deployment) and dropped
 * afterwards, so that neither the dashboard datasets nor their statistics mix with it. Any REJECTED item fails it.
 * Each push maintains the figures in its own transaction, so their cost is in these figures; `indicators:verify`
 * runs on the result before the database is dropped.
 *
 * Evaluations go month by month (all of a district's projects for a month, then the next month), as districts
 * report them, so later calls find the earlier months stored.
 */
export async function benchPush(
  knex: Knex,
  clusterUrl: string,
  projectCount: number,
  goals: GoalTable,
): Promise<{ rows: Row[]; verify: Row; failures: string[] }> {
  const database = await createDatabase(knex, clusterUrl, PUSH_DATABASE);
  try {
    await (await openDatabase({ url: database.url, demoData: false, ragThresholds: DEFAULT_RAG_THRESHOLDS })).orm.close();
    const today = chinaToday();
    const districts: District[] = DISTRICTS.map((d, i) => ({
      token: BENCH_TOKENS.district[d.code]!,
      projects: districtProjects(d.code, Math.floor(projectCount / DISTRICTS.length) + (i < projectCount % DISTRICTS.length ? 1 : 0), today),
    }));
    const writers = (mutation: PushMutation, items: (district: District) => object[]): DistrictWriter[] =>
      districts.map((district) => ({ token: district.token, chunks: chunked(items(district), PUSH_CHUNK).map((chunk) => ({ mutation, items: chunk })) }));
    const months = lastTwelveMonths(today);
    const listings = districts.reduce((sum, d) => sum + d.projects.reduce((s, p) => s + p.listings!.length, 0), 0);
    const dataset = `${projectCount.toLocaleString('en')} projects, fresh DB, 3 districts`;
    const rows = [
      await measurePhase(
        knex,
        database,
        dataset,
        `upsertProjects (+${listings.toLocaleString('en')} listings)`,
        'upsertProjects',
        writers('upsertProjects', (d) => d.projects),
        goals,
      ),
      await measurePhase(
        knex,
        database,
        dataset,
        `submitEvaluations (${months[0]!.year}-${months[0]!.month}…${months[11]!.year}-${months[11]!.month})`,
        'submitEvaluations',
        writers('submitEvaluations', (d) => months.flatMap((m) => monthlyEvaluations(d.projects, m.year, m.month))),
        goals,
      ),
    ];
    // A connection of its own, opened only now: the phases' figures need every session gone (waitForNoSessions).
    const orm = await initOrm({ clientUrl: database.url });
    try {
      const verified = await verifyAfter(orm.em.getKnex(), dataset, 'the push benchmark', goals);
      return { rows, verify: verified.row, failures: verified.failures };
    } finally {
      await orm.close();
    }
  } finally {
    await database.drop();
  }
}
