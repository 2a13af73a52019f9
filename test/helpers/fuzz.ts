/**
 * Shared pieces of the property-based (fuzz) suites: the seed, raw HTTP calls, the checks every
 * response must pass (no 5xx, no masked internal error, nothing internal leaked), and hostile but
 * schema-shaped values.
 */
import os from 'node:os';
import fc from 'fast-check';
import { createLogger, Logger } from '../../src/observability/logger';
import type { TestApp } from './app';

/**
 * The run's seed: fixed by default, so `npm test` (and CI) explores the same inputs every time and a
 * failure is always reproducible; FUZZ_SEED=<n> replays another run, FUZZ_SEED=random explores new
 * inputs. Every property of a file runs from it; a failure names it, with fast-check's counterexample path.
 */
const DEFAULT_FUZZ_SEED = 20261129;
export const FUZZ_SEED: number =
  process.env.FUZZ_SEED === 'random'
    ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0
    : process.env.FUZZ_SEED
      ? Number.parseInt(process.env.FUZZ_SEED, 10)
      : DEFAULT_FUZZ_SEED;

/** FUZZ_RUNS scales every property's number of runs (e.g. 10 for a long local hunt); default 1. */
const RUN_SCALE = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 1;

const SHRINK_LIMIT_MS = 100_000;

/** fc.assert with the run's seed; the error says how to replay it. */
export async function checkProperty<T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  const runs = Math.max(1, Math.round(numRuns * RUN_SCALE));
  try {
    await fc.assert(property, {
      seed: FUZZ_SEED,
      numRuns: runs,
      includeErrorInReport: true,
      // Each run is a network call against a database: shrinking a failure is bounded in time (the
      // smallest counterexample found by then is reported), and FUZZ_SHRINK=0 skips it.
      endOnFailure: process.env.FUZZ_SHRINK === '0',
      interruptAfterTimeLimit: SHRINK_LIMIT_MS,
    });
  } catch (error) {
    const message = `Replay with FUZZ_SEED=${FUZZ_SEED} (fast-check's seed and path are below).\n${(error as Error).message}`;
    throw Object.assign(new Error(message), { stack: message });
  }
}

export interface RawResponse {
  status: number;
  text: string;
  json: { data?: Record<string, any> | null; errors?: { message: string; path?: unknown[]; extensions?: Record<string, any> }[] } | null;
}

/** One POST to /graphql with an arbitrary body (an object is sent as JSON, a string as it is). */
export async function post(app: Pick<TestApp, 'url'>, body: unknown, token?: string | null, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token != null ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: RawResponse['json'] = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, text, json };
}

/**
 * What a response body may never show: stack traces, SQL and driver messages, paths and names of the
 * code or the machine. The hostile strings below are built without these, so an echo of the input is
 * never mistaken for a leak.
 */
const LEAK_MARKERS: string[] = [
  'select ',
  'insert into',
  'update project',
  'delete from',
  'violates',
  'relation ',
  'duplicate key',
  'syntax error at',
  'invalid input syntax',
  'out of range for type',
  'numeric field overflow',
  'invalid byte sequence',
  'unsupported unicode escape',
  'index row size',
  'postgres',
  'sqlstate',
  '/work/',
  'node_modules',
  '/tmp/',
  'knex',
  'mikro',
  'stacktrace',
  '127.0.0.1',
  'localhost',
  ...(os.hostname().length >= 4 ? [os.hostname().toLowerCase()] : []),
];
/** "    at fn (file.ts:12:5)" and the like. */
const STACK_FRAME = /\bat\s+\S*\s*\(?[^()\s]+\.(?:ts|js|mjs|cjs):\d+:\d+/;

/** Whether a string contains any leak marker (hostile strings are filtered with it). */
export const containsLeakMarker = (value: string): boolean => {
  const lower = value.toLowerCase();
  return LEAK_MARKERS.some((marker) => lower.includes(marker)) || STACK_FRAME.test(value);
};

/**
 * The checks every response passes: no 5xx, no INTERNAL_SERVER_ERROR (a hostile input is the caller's
 * error, never the service's), and nothing internal in the body. Throws with the request and response.
 */
export function assertCleanResponse(response: RawResponse, request: unknown, serverLog: Record<string, unknown>[] = []): void {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`HTTP ${response.status}`);
  const lower = response.text.toLowerCase();
  const leaked = LEAK_MARKERS.filter((marker) => lower.includes(marker));
  if (leaked.length > 0) problems.push(`leaks ${leaked.map((m) => JSON.stringify(m)).join(', ')}`);
  if (STACK_FRAME.test(response.text)) problems.push('leaks a stack frame');
  const internal = (response.json?.errors ?? []).filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
  if (internal.length > 0) problems.push(`INTERNAL_SERVER_ERROR x${internal.length}`);
  if (problems.length > 0) {
    const logged = serverLog
      .filter((event) => event.err)
      .slice(-2)
      .map((event) => {
        const err = event.err as Record<string, unknown>;
        const message = String(err.message ?? '');
        return JSON.stringify({ msg: event.msg, type: err.type, code: err.code, detail: err.detail, message: message.length > 600 ? `…${message.slice(-600)}` : message });
      });
    throw new Error(
      `${problems.join('; ')}\nrequest: ${JSON.stringify(request).slice(0, 3000)}\nresponse (${response.status}): ${response.text.slice(0, 3000)}` +
        (logged.length > 0 ? `\nserver log:\n${logged.join('\n')}` : ''),
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// Hostile values

/** Strings a district system or an attacker might send; none contains a leak marker. */
const NASTY_STRINGS = [
  '',
  ' ',
  '   \t\n',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ufeff',
  '\u200b',
  '\u202e回退',
  'Ω≈ç√∫',
  '𠜎𠜱𠝹',
  '🏗️👷‍♀️',
  '常州武进',
  '智电汽车',
  "'; DROP TABLE project; --",
  "1' OR '1'='1",
  '" OR ""="',
  '\\',
  'a\\',
  '%',
  '_',
  '%_%',
  '$1',
  '?',
  '??',
  ':name',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  'null',
  'undefined',
  'NaN',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '0',
  '-1',
  '1e309',
  'true',
  '[]',
  '{}',
  '\r\n\r\n',
];

/** A hostile string: the classics above, arbitrary code points (surrogate halves included), or very long. */
export const hostileString = (maxLength = 40): fc.Arbitrary<string> =>
  fc
    .oneof(
      { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
      { weight: 3, arbitrary: fc.string({ maxLength }) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength }) },
      { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '\udc00', '%', '_', '\\', "'", '"', 'é', '中'), maxLength: 8 }) },
      // Past what a b-tree index entry may hold (2,704 bytes), compressible and not.
      { weight: 1, arbitrary: fc.constantFrom('x'.repeat(3000), 'é'.repeat(5000)) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 2800, maxLength: 4000 }) },
    )
    .filter((s) => !containsLeakMarker(s));

/** A value of a given kind, or occasionally one of a hostile kind: for free-text fields. */
export const textOrHostile = (normal: fc.Arbitrary<string>, hostileWeight = 1): fc.Arbitrary<string> =>
  fc.oneof({ weight: 6, arbitrary: normal }, { weight: hostileWeight, arbitrary: hostileString() });

/**
 * A Decimal as clients send it: plain, precise, huge or negative; `wild` adds what GraphQL itself
 * refuses (exponents, 7 decimals, separators, JSON numbers it cannot take exactly).
 */
export const decimalInput = (wild = false): fc.Arbitrary<string | number> =>
  fc.oneof(
    { weight: 10, arbitrary: fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 0, max: 6 })).map(([n, places]) => plain(n, places)) },
    { weight: 2, arbitrary: fc.constantFrom('0', '0.0', '0.000001', '12.5', '12.500000', '1500000.0000', '000012', '-0', '-0.0', 0, 1, 12.5, 0.1, -3) },
    // Larger than the columns hold: numeric(20,4) 万元 and numeric(24,6) as written, with YI (×10,000) on top.
    { weight: 2, arbitrary: fc.tuple(fc.bigInt({ min: 10n ** 11n, max: 10n ** 40n }), fc.integer({ min: 0, max: 6 })).map(([n, places]) => plain(n, places)) },
    { weight: 1, arbitrary: fc.constantFrom('9999999999999999.9999', '99999999999999999999', '999999999999999999.999999', '1' + '0'.repeat(60), '0.' + '0'.repeat(5) + '1') },
    { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 12n), max: -1n }).map((n) => plain(n, 2)) },
    ...(wild
      ? [
          { weight: 2, arbitrary: fc.constantFrom('1.1234567', '1e5', '1E-3', '.5', '5.', '1,000', ' 12', '0x10', 'NaN', 'Infinity', '１２', '', '+5', '--1') },
          { weight: 1, arbitrary: fc.constantFrom(1e21, 12345678901234567890, Number.MAX_SAFE_INTEGER, 5e-7, 1.5e300) },
        ]
      : []),
  );

function plain(n: bigint, places: number): string {
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

/** An ISO date: mostly real past dates, some in the future; `wild` adds some that are not dates at all. */
export const dateInput = (today: string, wild = false): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 10, arbitrary: fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date(`${today}T00:00:00Z`), noInvalidDate: true }).map(isoDay) },
    { weight: 1, arbitrary: fc.date({ min: new Date(`${today}T00:00:00Z`), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map(isoDay) },
    { weight: 1, arbitrary: fc.constantFrom('2000-01-01', '1999-12-31', '0001-01-01', '9999-12-31', '2024-02-29', '1900-02-28', today) },
    ...(wild
      ? [{ weight: 3, arbitrary: fc.constantFrom('2023-02-29', '2024-13-01', '2024-00-10', '2024-1-5', '20240105', '2024-01-05T00:00:00Z', 'today', '', '+002024-01-01', '10000-01-01') }]
      : []),
  );

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** An Int as GraphQL allows it (32-bit): mostly in `normal`, some at the edges. */
export const intInput = (normal: fc.Arbitrary<number>): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 8, arbitrary: normal },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 1999, 2101, 13, 101, 2147483647, -2147483648) },
    { weight: 1, arbitrary: fc.integer() },
  );

/** Something a well-typed client would never send: wrong types, deep nesting, unknown fields. */
export const garbage = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(null, 2147483648, 1.5, -0, true, [], {}, '', [[[[[[]]]]]], JSON.parse('{"__proto__": {"polluted": true}}'), { constructor: { prototype: { x: 1 } } }),
    fc.integer({ min: 20, max: 60 }).map((depth) => {
      let value: unknown = 'deep';
      for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { nested: value };
      return value;
    }),
  );

/** Replaces one value somewhere inside `value` with garbage, or adds an unknown field to one object. */
export function mangled<T>(value: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.tuple(value, fc.nat(), garbage(), fc.boolean(), hostileString(12)).map(([original, pick, junk, addField, fieldName]) => {
    const copy = JSON.parse(JSON.stringify(original)) as unknown;
    const slots: { parent: any; key: string | number }[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach((child, i) => (slots.push({ parent: node, key: i }), walk(child)));
      else if (node !== null && typeof node === 'object') for (const [k, child] of Object.entries(node)) (slots.push({ parent: node, key: k }), walk(child));
    };
    walk(copy);
    if (slots.length === 0) return junk;
    const slot = slots[pick % slots.length]!;
    if (addField) {
      const target = slot.parent[slot.key];
      const holder = target !== null && typeof target === 'object' && !Array.isArray(target) ? target : slot.parent;
      if (!Array.isArray(holder)) holder[fieldName || 'extra'] = junk;
      else slot.parent[slot.key] = junk;
    } else {
      slot.parent[slot.key] = junk;
    }
    return copy;
  });
}

/** Today's date in China (UTC+8), as the service sees it. */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A logger that keeps the service's error lines (the masked errors' originals) for failure messages. */
export function collectingLogger(into: Record<string, unknown>[]): Logger {
  return createLogger('warn', {
    write(line: string) {
      into.push(JSON.parse(line) as Record<string, unknown>);
      if (into.length > 50) into.shift();
    },
  });
}
