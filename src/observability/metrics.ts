import type { MikroORM } from '@mikro-orm/postgresql';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Operation names are chosen by clients: past this many distinct ones, new names are counted as "other". */
const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface RequestObservation {
  operationName: string | null;
  operationType: string;
  seconds: number;
  errorCodes: readonly string[];
}

export interface Metrics {
  registry: Registry;
  observeRequest(observation: RequestObservation): void;
}

/** The knex pool (tarn) behind MikroORM; its counters are read at scrape time. */
interface PoolCounters {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  max: number;
}

/** Prometheus metrics of one service instance, served at /metrics. */
export function createMetrics(orm: MikroORM): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL requests by operation name and type, from the start of the request to the response.',
    labelNames: ['operation', 'type'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors in GraphQL responses by code (BAD_USER_INPUT, UNAUTHENTICATED, DATABASE_UNAVAILABLE, INTERNAL_SERVER_ERROR…).',
    labelNames: ['code'],
    registers: [registry],
  });
  const pool = () => (orm.em.getKnex().client as { pool?: PoolCounters }).pool;
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database connections of this instance by state: used, free, pending (requests waiting for one), creating.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counters = pool();
      this.set({ state: 'used' }, counters?.numUsed() ?? 0);
      this.set({ state: 'free' }, counters?.numFree() ?? 0);
      this.set({ state: 'pending' }, counters?.numPendingAcquires() ?? 0);
      this.set({ state: 'creating' }, counters?.numPendingCreates() ?? 0);
    },
  });
  new Gauge({
    name: 'db_pool_max_connections',
    help: 'The pool size (DB_POOL_MAX).',
    registers: [registry],
    collect() {
      this.set(pool()?.max ?? 0);
    },
  });

  const operations = new Set<string>();
  const operationLabel = (name: string | null): string => {
    if (name === null) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (!operations.has(name)) {
      if (operations.size >= MAX_OPERATION_LABELS) return 'other';
      operations.add(name);
    }
    return name;
  };

  return {
    registry,
    observeRequest({ operationName, operationType, seconds, errorCodes }) {
      duration.observe({ operation: operationLabel(operationName), type: operationType }, seconds);
      for (const code of errorCodes) errors.inc({ code });
    },
  };
}
