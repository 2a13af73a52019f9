import { READ_TIMEOUT_MESSAGE } from './read-timeout';

/**
 * Failures of the database rather than of the request: the client gets a stable code, a message it can
 * act on and HTTP 503 with Retry-After, never the driver's text (it names hosts, SQL and internals).
 */
export interface DatabaseFailure {
  code: 'DATABASE_UNAVAILABLE' | 'DATABASE_BUSY' | 'QUERY_TIMEOUT';
  message: string;
}

export const DATABASE_FAILURE_CODES: ReadonlySet<string> = new Set<DatabaseFailure['code']>(['DATABASE_UNAVAILABLE', 'DATABASE_BUSY', 'QUERY_TIMEOUT']);

/** Seconds a client should wait before retrying after a database failure. */
export const RETRY_AFTER_SECONDS = 5;

const UNAVAILABLE: DatabaseFailure = {
  code: 'DATABASE_UNAVAILABLE',
  message:
    'The database is unavailable; retry in a few seconds. A push whose answer was lost can be resent with the same idempotencyKey: it is written at most once.',
};
const BUSY: DatabaseFailure = {
  code: 'DATABASE_BUSY',
  message: 'Every database connection is in use; retry in a few seconds.',
};
const TIMEOUT: DatabaseFailure = {
  code: 'QUERY_TIMEOUT',
  message: 'The request took too long in the database and was stopped, writing nothing; ask for less (a smaller page, a narrower filter, fewer items a push).',
};

/** SQLSTATE classes and codes (https://www.postgresql.org/docs/current/errcodes-appendix.html) and Node socket errors. */
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const isConnectionSqlState = (code: string) =>
  code.startsWith('08') || // connection exception
  ['57P01', '57P02', '57P03', '53300', '25P03'].includes(code); // shutdown, crash, starting up, too many connections, idle-in-transaction timeout

function classifyOne(error: { code?: unknown; name?: unknown; message?: unknown }): DatabaseFailure | null {
  const code = typeof error.code === 'string' ? error.code : '';
  const message = typeof error.message === 'string' ? error.message : '';
  if (code === '57014') return TIMEOUT; // query_canceled: statement_timeout
  // pg's query_timeout (DB_QUERY_TIMEOUT_MS): PostgreSQL did not answer a query in time (frozen, or the network lost).
  // knex puts the statement before the driver's message ('select … - Query read timeout').
  if (message.endsWith(READ_TIMEOUT_MESSAGE)) return TIMEOUT;
  if (error.name === 'KnexTimeoutError' || /Timeout acquiring a connection/.test(message)) return BUSY;
  if (CONNECTION_ERRNOS.has(code) || isConnectionSqlState(code)) return UNAVAILABLE;
  if (/Connection terminated|terminating connection|Client has encountered a connection error|connect ECONNREFUSED/.test(message)) return UNAVAILABLE;
  // pg's connectionTimeoutMillis: the server accepted the TCP connection but did not answer the start-up in time.
  if (message === 'timeout expired') return UNAVAILABLE;
  return null;
}

/** The database failure behind `error` (following `cause` and `originalError`), or null when it is something else. */
export function classifyDatabaseFailure(error: unknown): DatabaseFailure | null {
  const seen = new Set<unknown>();
  for (let current = error; current !== null && typeof current === 'object' && !seen.has(current); ) {
    seen.add(current);
    const failure = classifyOne(current as Record<string, unknown>);
    if (failure) return failure;
    // graphql-js wraps a thrown value that is not an Error of its own realm in NonErrorThrown (thrownValue).
    const next = current as { cause?: unknown; originalError?: unknown; thrownValue?: unknown };
    current = next.originalError ?? next.cause ?? next.thrownValue;
  }
  return null;
}
