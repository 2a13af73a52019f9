import type { Knex } from '@mikro-orm/postgresql';
import { computeIndicatorCounts } from '../../src/indicators/indicators.repository';
import { DEFAULT_RAG_THRESHOLDS } from '../../src/indicators/indicator.rules';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ProjectLevel } from '../../src/project/project.enums';
import { fineP50, graphqlOperation, load, median } from './http-measure';
import { startService } from './bench-env';
import { DASHBOARD_QUERY, DASHBOARD_VARIABLES } from '../helpers/dashboard-query';

export const DASHBOARD_OPERATION = graphqlOperation('dashboard', DASHBOARD_QUERY, DASHBOARD_VARIABLES);
const TYPENAME_OPERATION = graphqlOperation('{ __typename }', '{ __typename }');

export interface Row {
  [column: string]: string | number;
}

/**
 * The floor of computing the dashboard on every read: its answer from hand-written SQL with no
 * precomputation and no GraphQL (indicators at both levels, each district's top 10, the top 10 projects),
 * timed with the fine clock.
 */
async function computeOnReadFloorMs(em: EntityManager, knex: Knex, runs: number): Promise<number> {
  const once = async () => {
    const started = process.hrtime.bigint();
    await Promise.all([
      computeIndicatorCounts(em, 2026, 10, null, DEFAULT_RAG_THRESHOLDS),
      computeIndicatorCounts(em, 2026, 10, ProjectLevel.PROVINCIAL_MAJOR, DEFAULT_RAG_THRESHOLDS),
      knex.raw(`select * from (select p.*, row_number() over (partition by p.district_code
                  order by p.total_investment_wan_yuan desc nulls last, p.id) as n
                from project p where exists (select 1 from listing l where l.project_id = p.id and l.year = 2026)) t where n <= 10`),
      knex.raw(`select p.id, (select e.ytd_wan_yuan from evaluation e where e.project_id = p.id and e.year = 2026 and e.month <= 10
                  order by e.month desc limit 1) as v
                from project p where p.status <> 'WITHDRAWN' and exists (select 1 from listing l where l.project_id = p.id and l.year = 2026)
                order by v desc nulls last, p.district_code, p.external_id limit 10`),
    ]);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  await once();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once());
  return median(samples);
}

/** The dashboard and `{ __typename }` over HTTP against the built service, cache on and off, plus the SQL floor. */
export async function benchDashboard(databaseUrl: string, em: EntityManager, knex: Knex, dataset: string, seconds: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const cache of [true, false]) {
    const service = await startService(databaseUrl, cache ? {} : { RESPONSE_CACHE_ENTRIES: '0' });
    try {
      const operations = cache ? [TYPENAME_OPERATION, DASHBOARD_OPERATION] : [DASHBOARD_OPERATION];
      for (const operation of operations) {
        const fine = await fineP50(service.url, operation, cache ? 300 : 20);
        for (const connections of [1, 10]) {
          const figures = await load(service.url, operation, connections, seconds);
          rows.push({
            dataset,
            operation: `${operation.name}${cache ? '' : ' (cache off)'}`,
            connections,
            'req/s': Math.round(figures.requestsPerSecond),
            'p50 ms': figures.p50Ms,
            'p99 ms': figures.p99Ms,
            'fine p50 ms': Number(fine.p50Ms.toFixed(3)),
            'SQL/req': fine.statements,
            errors: figures.errors,
            'RSS MiB': Math.round(await service.rssMiB()),
          });
        }
      }
    } finally {
      await service.stop();
    }
  }
  rows.push({ dataset, operation: 'compute-on-read floor (hand-written SQL)', connections: 1, 'fine p50 ms': Number((await computeOnReadFloorMs(em, knex, 10)).toFixed(3)) });
  return rows;
}
