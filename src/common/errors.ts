import { GraphQLError, type GraphQLErrorOptions } from 'graphql';

/** An expected error names its stable upper-case code (api-contract.md, the README's error table). */
export interface ExpectedErrorOptions extends GraphQLErrorOptions {
  extensions: { code: string; [key: string]: unknown };
}

/**
 * An error the service raises on purpose, written for the client: its message and extensions are safe
 * to show, and the error formatter shows them as they are. It is the one thing the formatter trusts
 * (besides Apollo's own request errors and the database failures of db/database-errors.ts): any other
 * error is masked with an errorId. A new code needs no registration: throw a subclass of this.
 */
export class ExpectedError extends GraphQLError {
  constructor(message: string, options: ExpectedErrorOptions) {
    super(message, options);
  }
}

/** The expected error behind `error` (itself, or the one a GraphQL wrapper carries as originalError), or null. */
export function expectedErrorIn(error: unknown): ExpectedError | null {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); current = (current as GraphQLError).originalError) {
    if (current instanceof ExpectedError) return current;
    seen.add(current);
  }
  return null;
}

/** An error the caller caused and can fix; carries the argument path it is about. */
export class BadUserInputError extends ExpectedError {
  constructor(message: string, argument?: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argument } : {}) } });
  }
}

export class UnauthenticatedError extends ExpectedError {
  constructor(message = 'Send a valid API token as "Authorization: Bearer <token>".') {
    super(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

export class ForbiddenError extends ExpectedError {
  constructor(message: string) {
    super(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
  }
}
