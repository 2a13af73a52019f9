import type { Client } from 'pg';

/** pg's error for a query PostgreSQL has not answered within query_timeout. */
export const READ_TIMEOUT_MESSAGE = 'Query read timeout';

type Callback = (error: unknown, result?: unknown) => void;

/**
 * pg's query_timeout fails a query PostgreSQL has not answered in time, but leaves the session as it was: the
 * statement may still run, its transaction stays open with its locks, and the pool would lend the connection to
 * the next request inside that transaction (whose COMMIT would commit the abandoned work too). So the first read
 * timeout closes the connection at once: PostgreSQL rolls back what the session held as soon as it notices, and
 * the pool drops the connection. Whatever is still sent on it (the request's ROLLBACK) fails with that same
 * timeout rather than a closed-connection error, so the request reports QUERY_TIMEOUT.
 */
export function closeAfterReadTimeout(client: Client): void {
  const query = client.query as (...args: unknown[]) => unknown;
  let timedOut = false;
  // A new error each time: knex prefixes the failed statement to the message of the error it is given.
  const timeoutError = () => new Error(READ_TIMEOUT_MESSAGE);
  const noteError = (error: unknown): unknown => {
    if (!timedOut && error instanceof Error && error.message === READ_TIMEOUT_MESSAGE) {
      timedOut = true;
      // With a query still awaiting its answer, end() destroys the socket instead of waiting for the server.
      client.end().catch(() => undefined);
      return error;
    }
    // Once timed out, every failure on this connection is the timeout's doing (we closed it).
    return error && timedOut ? timeoutError() : error;
  };
  const wrapped = function (this: Client, ...args: unknown[]): unknown {
    const callback = args[args.length - 1];
    if (timedOut) {
      if (typeof callback !== 'function') return Promise.reject(timeoutError());
      process.nextTick(() => (callback as Callback)(timeoutError()));
      return undefined;
    }
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: unknown, result: unknown) => (callback as Callback)(noteError(error), result);
      return query.apply(this, args);
    }
    const result = query.apply(this, args);
    return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(noteError(error))) : result;
  };
  client.query = wrapped as Client['query'];
}
