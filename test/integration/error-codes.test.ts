/**
 * Every top-level error code of the contract (../shared/api-contract.md) and of the README's error table
 * reaches the client as documented: its code, its HTTP status, and nothing of the internals. The
 * formatter trusts only errors raised on purpose (ExpectedError), Apollo's own request errors and the
 * database failures; everything else is masked with an errorId, even when it carries a code.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import { Client } from 'pg';
import { Query, Resolver } from 'type-graphql';
import { ExpectedError } from '../../src/common/errors';
import { freePort } from '../../src/common/free-port';
import { projectRoot } from '../../src/common/project-root';
import { QUERY_LIMITS } from '../../src/http/query-limits';
import { createLogger } from '../../src/observability/logger';
import { createSchema } from '../../src/schema';
import { useTestApp } from '../helpers/app';
import { projectItem, uniqueId } from '../helpers/push-fixtures';

/** A code the formatter has never heard of: an ExpectedError needs no registration to be shown. */
class ReportNotFoundError extends ExpectedError {
  constructor() {
    super('No monthly report 2026-13: the month must be 1–12.', { extensions: { code: 'NOT_FOUND', argument: 'month' } });
  }
}

let closedPort = 0;
const SECRET = 'db.internal:5432 /srv/app/src/secret.ts select token from api_token';

@Resolver()
class FaultResolver {
  @Query(() => String, { nullable: true, description: 'test only: a bug' })
  unexpectedFailure(): string {
    throw new Error(`unexpected: ${SECRET}`);
  }

  @Query(() => String, { nullable: true, description: 'test only: a library error that carries a trusted-looking code' })
  untrustedCode(): string {
    throw new GraphQLError(`library: ${SECRET}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }

  @Query(() => String, { nullable: true, description: 'test only: an expected error with a new code' })
  newExpectedCode(): string {
    throw new ReportNotFoundError();
  }

  @Query(() => String, { nullable: true, description: 'test only: PostgreSQL unreachable' })
  async unreachableDatabase(): Promise<string> {
    const client = new Client({ host: '127.0.0.1', port: closedPort, user: 'nobody', database: 'nothing', connectionTimeoutMillis: 2000 });
    await client.connect();
    return 'reached';
  }
}

const lines: Record<string, any>[] = [];

const app = useTestApp(async () => ({
  demoData: false,
  logger: createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) }),
  schema: await createSchema({ extraResolvers: [FaultResolver] }),
  // One connection, given up on quickly, and short statements: DATABASE_BUSY and QUERY_TIMEOUT are cheap to provoke.
  database: { poolMax: 1, acquireTimeoutMs: 300, statementTimeoutMs: 500 },
}));

beforeAll(async () => {
  closedPort = await freePort();
});

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, any> }[] };
}

async function send(body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

const request = (query: string, variables?: Record<string, unknown>, token?: string, extra: Record<string, unknown> = {}) =>
  send(JSON.stringify({ query, variables, ...extra }), token ? { authorization: `Bearer ${token}` } : {});

const UPSERT = 'mutation($input: UpsertProjectsInput!) { upsertProjects(input: $input) { created } }';

/** Runs `fn` while another session holds Wujin's push lock, so a push waits in PostgreSQL until its statement times out. */
async function withPushLockHeld<T>(fn: () => Promise<T>): Promise<T> {
  const blocker = new Client({ connectionString: app.scratchUrl });
  await blocker.connect();
  try {
    await blocker.query("select pg_advisory_lock(hashtext('cz-push:320412'))");
    return await fn();
  } finally {
    await blocker.end();
  }
}

/** Runs `fn` while the service's only connection is taken. */
async function withPoolExhausted<T>(fn: () => Promise<T>): Promise<T> {
  const held = await app.orm.em.getKnex().transaction();
  try {
    await held.raw('select 1');
    return await fn();
  } finally {
    await held.commit();
  }
}

async function reusedKey(): Promise<Answer> {
  const key = uniqueId('reused');
  const first = await request(UPSERT, { input: { idempotencyKey: key, projects: [projectItem(uniqueId('E'))] } }, 'wujin-token');
  expect(first.body.errors).toBeUndefined();
  return request(UPSERT, { input: { idempotencyKey: key, projects: [projectItem(uniqueId('E'))] } }, 'wujin-token');
}

interface Case {
  /** The documented code. */
  code: string;
  /** The documented HTTP status. */
  status: number;
  /** What provokes it. */
  send: () => Promise<Answer>;
  /** What else the error carries (extensions beyond the code). */
  extensions?: Record<string, unknown>;
  /** The response's Retry-After header, when documented. */
  retryAfter?: string;
}

const cases: [string, Case][] = [
  // The request is wrong.
  ['an argument checked while running', { code: 'BAD_USER_INPUT', status: 200, send: () => request('{ projects(first: 1000) { totalCount } }'), extensions: { argument: 'first' } }],
  ['a variable of the wrong type', { code: 'BAD_USER_INPUT', status: 400, send: () => request('query($y: Int!) { cityIndicators(year: $y) { year } }', { y: 'soon' }) }],
  ['an unknown field', { code: 'GRAPHQL_VALIDATION_FAILED', status: 400, send: () => request('{ districts { nope } }') }],
  ['unparsable GraphQL', { code: 'GRAPHQL_PARSE_FAILED', status: 400, send: () => request('{ districts { code }') }],
  ['a body without a query', { code: 'BAD_REQUEST', status: 400, send: () => send(JSON.stringify({ variables: {} })) }],
  ['malformed JSON', { code: 'BAD_REQUEST', status: 400, send: () => send('{"query": ') }],
  ['an operation name the document lacks', { code: 'OPERATION_RESOLUTION_FAILURE', status: 400, send: () => request('query A { districts { code } }', undefined, undefined, { operationName: 'B' }) }],
  [
    'an automatic persisted query the service has not seen',
    {
      code: 'PERSISTED_QUERY_NOT_FOUND',
      status: 200,
      send: () => send(JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } })),
    },
  ],
  // Over a limit.
  ['too deep', { code: 'QUERY_DEPTH_LIMIT', status: 400, send: () => request(`{ industries { ${'parent { '.repeat(14)}code${' }'.repeat(14)} } }`), extensions: { limit: 'depth', allowed: QUERY_LIMITS.depth } }],
  [
    'too many aliases',
    {
      code: 'QUERY_ALIAS_LIMIT',
      status: 400,
      send: () => request(`{ ${Array.from({ length: QUERY_LIMITS.aliases + 1 }, (_, i) => `a${i}: districts { code }`).join(' ')} }`),
      extensions: { limit: 'aliases', allowed: QUERY_LIMITS.aliases },
    },
  ],
  [
    'too costly',
    {
      code: 'QUERY_COST_LIMIT',
      status: 400,
      send: () => request(`{ ${Array.from({ length: 25 }, (_, i) => `a${i}: projects(first: 100) { edges { node { name industry { code parent { code name } } district { code name } } } }`).join(' ')} }`),
      extensions: { limit: 'cost', allowed: QUERY_LIMITS.cost },
    },
  ],
  ['too many tokens', { code: 'QUERY_TOKEN_LIMIT', status: 400, send: () => request(`{ ${'__typename '.repeat(QUERY_LIMITS.tokens)}}`), extensions: { limit: 'tokens', allowed: QUERY_LIMITS.tokens } }],
  [
    'too many directives',
    {
      code: 'QUERY_DIRECTIVE_LIMIT',
      status: 400,
      send: () => request(`{ ${'__typename @include(if: true) '.repeat(QUERY_LIMITS.directives + 1)} }`),
      extensions: { limit: 'directives', allowed: QUERY_LIMITS.directives },
    },
  ],
  ['a body over 2 MB', { code: 'PAYLOAD_TOO_LARGE', status: 413, send: () => send(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2_100_000) } })) }],
  // Who is calling.
  ['an unknown token', { code: 'UNAUTHENTICATED', status: 401, send: () => request('{ districts { code } }', undefined, 'no-such-token') }],
  ['a push without a token', { code: 'UNAUTHENTICATED', status: 401, send: () => request(UPSERT, { input: { projects: [projectItem('ANON-1')] } }) }],
  ['an analyst pushing', { code: 'FORBIDDEN', status: 403, send: () => request(UPSERT, { input: { district: '320412', projects: [projectItem('AN-1')] } }, 'analyst-token') }],
  ['a district token naming another district', { code: 'FORBIDDEN', status: 403, send: () => request(UPSERT, { input: { district: '320413', projects: [projectItem('WJ-1')] } }, 'wujin-token') }],
  ['an idempotency key used with another input', { code: 'IDEMPOTENCY_KEY_REUSED', status: 200, send: reusedKey, extensions: { argument: 'input.idempotencyKey' } }],
  // The database.
  ['PostgreSQL unreachable', { code: 'DATABASE_UNAVAILABLE', status: 503, retryAfter: '5', send: () => request('{ unreachableDatabase }') }],
  ['every connection taken', { code: 'DATABASE_BUSY', status: 503, retryAfter: '5', send: () => withPoolExhausted(() => request('{ districts { code } }')) }],
  [
    'a statement over DB_STATEMENT_TIMEOUT_MS',
    { code: 'QUERY_TIMEOUT', status: 503, retryAfter: '5', send: () => withPushLockHeld(() => request(UPSERT, { input: { projects: [projectItem(uniqueId('T'))] } }, 'wujin-token')) },
  ],
  // An ExpectedError with a code no list names.
  ['an expected error with a new code', { code: 'NOT_FOUND', status: 200, send: () => request('{ newExpectedCode }'), extensions: { argument: 'month' } }],
];

it.each(cases)('%s: reaches the client as documented', async (_what, expected) => {
  const answer = await expected.send();
  const errors = answer.body.errors ?? [];
  expect([answer.status, errors.map((error) => error.extensions?.code)]).toEqual([expected.status, [expected.code]]);
  expect(errors[0]!.message).not.toMatch(/Internal error|Unexpected error|db\.internal/);
  if (expected.extensions) expect(errors[0]!.extensions).toEqual({ code: expected.code, ...expected.extensions });
  if (expected.retryAfter) expect(answer.headers.get('retry-after')).toBe(expected.retryAfter);
  // No stack traces or other internals in any extension.
  expect(JSON.stringify(errors)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
});

it.each([
  ['a bug in a resolver', '{ unexpectedFailure }'],
  ['an error carrying a trusted code it was not raised with', '{ untrustedCode }'],
])('masks %s as INTERNAL_SERVER_ERROR with an errorId the log carries', async (_what, query) => {
  lines.length = 0;
  const answer = await request(query);
  expect(answer.status).toBe(200);
  const [error] = answer.body.errors!;
  expect(error!.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(error!.message).toBe(`Internal error; quote reference ${error!.extensions!.errorId} when reporting it.`);
  expect(JSON.stringify(answer.body)).not.toContain('db.internal');
  const logged = lines.find((line) => line.errorId === error!.extensions!.errorId);
  expect(logged?.msg).toBe('unexpected error');
  expect(JSON.stringify(logged)).toContain('db.internal');
});

it('tests every code of the README error table, and documents every code it tests', async () => {
  const readme = await readFile(path.join(projectRoot(), 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Errors'), readme.indexOf('## Performance'));
  // The first cell of each table row names the codes.
  const documented = new Set(
    section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([A-Z_]+)`/g)].map((match) => match[1]!)),
  );
  const tested = new Set([...cases.map(([, c]) => c.code), 'INTERNAL_SERVER_ERROR']);
  tested.delete('NOT_FOUND'); // the test's own code
  expect([...documented].filter((code) => !tested.has(code))).toEqual([]);
  expect([...tested].filter((code) => !documented.has(code))).toEqual([]);
});
