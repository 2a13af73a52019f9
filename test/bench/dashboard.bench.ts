import { fineP50, graphqlOperation, load, Operation } from './http-measure';
import { startService } from './bench-env';
import { DASHBOARD_QUERY, DASHBOARD_VARIABLES } from '../helpers/dashboard-query';

export const DASHBOARD_OPERATION = graphqlOperation('dashboard', DASHBOARD_QUERY, DASHBOARD_VARIABLES);
export const TYPENAME_OPERATION = graphqlOperation('{ __typename }', '{ __typename }');

/** The dashboard (the IDE's CityDashboard example) for another (year, month). */
export const dashboardFor = (year: number, month: number): Operation =>
  graphqlOperation(`dashboard ${year}-${String(month).padStart(2, '0')}`, DASHBOARD_QUERY, { ...DASHBOARD_VARIABLES, year, month });

export interface Row {
  [column: string]: string | number;
}

/**
 * Throughput: the dashboard and `{ __typename }` under autocannon at 1 and 10 connections, with the response cache
 * on (as deployed) and off (every read answered from the maintained figures), over HTTP against the built service.
 */
export async function benchDashboard(databaseUrl: string, dataset: string, seconds: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const cache of [true, false]) {
    const service = await startService(databaseUrl, cache ? {} : { RESPONSE_CACHE_ENTRIES: '0' });
    try {
      for (const operation of [TYPENAME_OPERATION, DASHBOARD_OPERATION]) {
        const fine = await fineP50(service.url, operation, 300);
        for (const connections of [1, 10]) {
          const figures = await load(service.url, operation, connections, seconds);
          rows.push({
            dataset,
            operation: operation.name,
            cache: cache ? 'on' : 'off',
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
  return rows;
}
