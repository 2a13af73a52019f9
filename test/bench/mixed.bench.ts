import type { Knex } from '@mikro-orm/postgresql';
import { DISTRICTS } from '../../seeds/reference/districts';
import { BENCH_TOKENS, startService } from './bench-env';
import { DASHBOARD_OPERATION, Row } from './dashboard.bench';
import { elapsedMs, hasNoGraphqlErrors, load, timedRequest } from './http-measure';
import { loadTargets, mixedChunks } from './mixed-writes';
import { PushTally, runWriters } from './push-client';

const DASHBOARD_CONNECTIONS = 8;
/** Items a push call of the mixed load: a district sending its changes as they come, not a bulk load. */
const WRITE_CHUNK = 100;

export interface MixedResult {
  rows: Row[];
  /** Why the run failed; empty when there was no error of any kind. */
  failures: string[];
}

/**
 * Dashboards read while the districts push, for `seconds`: autocannon sends the dashboard query on
 * DASHBOARD_CONNECTIONS connections (response cache on, as deployed), while each district, with its own token,
 * pushes WRITE_CHUNK evaluation corrections then WRITE_CHUNK project updates in turn, call after call, on the
 * dataset already loaded. Every write changes something, so the readers keep meeting freshly written data.
 * Any error fails it: transport, non-2xx, GraphQL errors (also in 200 answers) and REJECTED items.
 */
export async function benchMixed(databaseUrl: string, knex: Knex, dataset: string, seconds: number): Promise<MixedResult> {
  const writers = await Promise.all(
    DISTRICTS.map(async (d) => ({ token: BENCH_TOKENS.district[d.code]!, chunks: mixedChunks(await loadTargets(knex, d.code), WRITE_CHUNK) })),
  );
  const service = await startService(databaseUrl);
  try {
    await timedRequest(service.url, DASHBOARD_OPERATION);
    const tally = new PushTally();
    const started = process.hrtime.bigint();
    const deadline = Date.now() + seconds * 1000;
    const [dashboard] = await Promise.all([
      load(service.url, DASHBOARD_OPERATION, DASHBOARD_CONNECTIONS, seconds, hasNoGraphqlErrors),
      runWriters(service.url, writers, tally, () => Date.now() >= deadline),
    ]);
    const writeSeconds = elapsedMs(started) / 1000;
    const peakRssMiB = Math.round(await service.peakRssMiB());
    const rows: Row[] = [
      {
        dataset,
        operation: 'dashboard, while 3 districts push',
        connections: DASHBOARD_CONNECTIONS,
        'req/s': Math.round(dashboard.requestsPerSecond),
        'p50 ms': dashboard.p50Ms,
        'p99 ms': dashboard.p99Ms,
        errors: dashboard.errors,
        'peak RSS MiB': peakRssMiB,
      },
      {
        dataset,
        operation: `push, ${WRITE_CHUNK} evaluations / projects a call (req/s = calls/s)`,
        connections: writers.length,
        'req/s': Number((tally.calls / writeSeconds).toFixed(1)),
        'items/s': Math.round(tally.items / writeSeconds),
        'p50 ms': tally.p(50),
        'p99 ms': tally.p(99),
        unchanged: tally.unchanged,
        errors: tally.errorCount,
        'peak RSS MiB': peakRssMiB,
      },
    ];
    const failures = [
      ...(dashboard.errors > 0 ? [`mixed load: ${dashboard.errors} dashboard errors (transport, non-2xx, timeouts or GraphQL errors)`] : []),
      ...(tally.errorCount > 0 ? [`mixed load: ${tally.errorCount} push errors, e.g.\n  ${tally.errors.join('\n  ')}`] : []),
    ];
    return { rows, failures };
  } finally {
    await service.stop();
  }
}
