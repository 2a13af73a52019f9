/* eslint-disable @typescript-eslint/no-require-imports */
// autocannon ships no type declarations; this is the small part of its API the benchmarks use.
const autocannon: (options: Record<string, unknown>) => Promise<AutocannonResult> = require('autocannon');

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
  timeouts: number;
  mismatches: number;
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

/** A 200 answer can still carry GraphQL errors: `verifyBody` (below) counts those as errors too. */
export const hasNoGraphqlErrors = (body: string): boolean => !body.includes('"errors":');

/**
 * autocannon at a given concurrency for `seconds` (its latencies have 1 ms steps: use fineP50 for small ones).
 * Errors are transport errors, non-2xx answers, timeouts and bodies `verifyBody` refuses.
 */
export async function load(
  url: string,
  operation: Operation,
  connections: number,
  seconds: number,
  verifyBody?: (body: string) => boolean,
): Promise<LoadFigures> {
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: operation.body,
    connections,
    duration: seconds,
    ...(verifyBody ? { verifyBody } : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    // A non-2xx answer of the service carries GraphQL errors too, so the larger of the two counts, not their sum.
    errors: result.errors + result.timeouts + Math.max(result.non2xx, result.mismatches ?? 0),
  };
}

/** One request as a client sends it, timed with the nanosecond clock; returns ms, the SQL it cost and the answer. */
export async function timedRequest(url: string, operation: Operation): Promise<{ ms: number; statements: number; body: string }> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: operation.body });
  const text = await response.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!response.ok || text.includes('"errors"')) throw new Error(`${operation.name} failed: ${text.slice(0, 300)}`);
  return { ms, statements: Number(response.headers.get('x-sql-statements')), body: text };
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** The nearest-rank percentile (p from 0 to 100); NaN for no values. */
export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};

export const elapsedMs = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e6;

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
