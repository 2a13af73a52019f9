import { randomUUID } from 'node:crypto';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { expectedErrorIn } from '../common/errors';
import { classifyDatabaseFailure } from '../db/database-errors';
import type { Logger } from '../observability/logger';
import { tokenLimitError } from './query-limits';

/**
 * The codes of Apollo's own refusals of a request it could not run: unparsable or invalid, variables of the
 * wrong type, no such operation, a malformed HTTP request, persisted queries. Apollo does not export the
 * classes of these errors (its package's `exports` hide internalErrorClasses), so they are recognised by
 * Apollo's own exported code enum, not by a list of ours; and only on errors raised before execution (no
 * `path`), so a resolver's error is never trusted for the code it carries.
 */
const APOLLO_REQUEST_ERROR_CODES: ReadonlySet<string> = new Set(
  Object.values(ApolloServerErrorCode).filter((code) => code !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR),
);

function isApolloRequestError(error: unknown): boolean {
  return error instanceof GraphQLError && error.path === undefined && APOLLO_REQUEST_ERROR_CODES.has(String(error.extensions.code));
}

/** Extensions as the client sees them: Apollo turns `http` into the response's status and headers. */
function clientExtensions(extensions: Record<string, unknown>): Record<string, unknown> {
  const { http: _http, ...rest } = extensions;
  return rest;
}

/**
 * Apollo's formatError: an error the service raised on purpose (an ExpectedError, wherever Apollo or
 * graphql-js wrapped it) and Apollo's own request errors reach the client as they are; a database
 * failure gets its stable code (HTTP 503 is set by the request observer); anything else is logged in
 * full and reaches the client only as INTERNAL_SERVER_ERROR with an errorId to quote.
 */
export function createErrorFormatter(logger: Logger): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const expected = expectedErrorIn(error) ?? tokenLimitError(error);
    if (expected) return { ...formatted, message: expected.message, extensions: clientExtensions(expected.extensions) };
    if (isApolloRequestError(error)) return formatted;
    const original = unwrapResolverError(error);
    const failure = classifyDatabaseFailure(original);
    if (failure) {
      logger.warn({ msg: 'database failure', code: failure.code, err: original });
      return { message: failure.message, path: formatted.path, extensions: { code: failure.code } };
    }
    const errorId = randomUUID();
    logger.error({ msg: 'unexpected error', errorId, path: formatted.path, err: original });
    return {
      message: `Internal error; quote reference ${errorId} when reporting it.`,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
    };
  };
}
