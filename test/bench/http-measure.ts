/* eslint-disable @typescript-eslint/no-require-imports */
// autocannon ships no type declarations; this is the small part of its API the benchmarks use.
const autocannon: (options: Record<string, unknown>) => Promise<AutocannonResult> = require('autocannon');

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
  timeouts: number;
}

export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export interface Operation {
  name: string;
  body: string;
}

export const graphqlOperation = (name: string, query: string, variables?: Record<string, unknown>): Operation => ({
  name,
  body: JSON.stringify({ query, variables }),
});

/** autocannon at a given concurrency for `seconds` (its latencies have 1 ms steps: use fineP50 for small ones). */
export async function load(url: string, operation: Operation, connections: number, seconds: number): Promise<LoadFigures> {
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: operation.body,
    connections,
    duration: seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

/** One request as a client sends it, timed with the nanosecond clock; returns ms and the SQL it cost. */
export async function timedRequest(url: string, operation: Operation): Promise<{ ms: number; statements: number }> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: operation.body });
  const text = await response.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!response.ok || text.includes('"errors"')) throw new Error(`${operation.name} failed: ${text.slice(0, 300)}`);
  return { ms, statements: Number(response.headers.get('x-sql-statements')) };
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** p50 of `count` sequential requests with a sub-millisecond clock, after a warm-up. */
export async function fineP50(url: string, operation: Operation, count: number): Promise<{ p50Ms: number; statements: number }> {
  for (let i = 0; i < 20; i++) await timedRequest(url, operation);
  const samples: number[] = [];
  let statements = 0;
  for (let i = 0; i < count; i++) {
    const sample = await timedRequest(url, operation);
    samples.push(sample.ms);
    statements = sample.statements;
  }
  return { p50Ms: median(samples), statements };
}
