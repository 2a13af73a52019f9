import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, ValidationContext, type ValidationRule } from 'graphql';
import { ExpectedError } from '../common/errors';

/**
 * How large a query may be before it is refused, unexecuted. Each is several times what the city
 * dashboard (../shared/dashboard.graphql) and the IDE's examples need: the limits-test prints and
 * checks the room left. Raising one is a code change on purpose: a limit is a security decision.
 */
export const QUERY_LIMITS = {
  /** Nesting of selections; the dashboard needs 7 (districts → projects → edges → node → industry → parent → code). */
  depth: 15,
  /** Aliased fields in one operation; the dashboard uses 4. */
  aliases: 30,
  /** graphql-armor's static cost (objects 2, scalars 1, ×1.5 per level); the dashboard costs about 2,100. */
  cost: 10_000,
  /** Lexical tokens of the document; the dashboard has 228. */
  tokens: 3_000,
  /** Directives in one operation. */
  directives: 20,
} as const;

export type QueryLimit = keyof typeof QUERY_LIMITS;

const LIMIT_CODES: Record<QueryLimit, string> = {
  depth: 'QUERY_DEPTH_LIMIT',
  aliases: 'QUERY_ALIAS_LIMIT',
  cost: 'QUERY_COST_LIMIT',
  tokens: 'QUERY_TOKEN_LIMIT',
  directives: 'QUERY_DIRECTIVE_LIMIT',
};

/** A query over one of the limits: HTTP 400, code naming the limit, message with the allowed and found sizes. */
export class QueryLimitError extends ExpectedError {
  constructor(limit: QueryLimit, detail: string) {
    super(`${detail.replace(/^Syntax Error: /, '')} Split the query into smaller ones.`, {
      extensions: { code: LIMIT_CODES[limit], limit, allowed: QUERY_LIMITS[limit] },
    });
  }
}

const report =
  (limit: QueryLimit) =>
  (context: ValidationContext | null, error: GraphQLError): void =>
    context?.reportError(new QueryLimitError(limit, error.message));

const armor = new ApolloArmor({
  maxDepth: { n: QUERY_LIMITS.depth, propagateOnRejection: false, onReject: [report('depth')] },
  maxAliases: { n: QUERY_LIMITS.aliases, propagateOnRejection: false, onReject: [report('aliases')] },
  costLimit: { maxCost: QUERY_LIMITS.cost, propagateOnRejection: false, onReject: [report('cost')] },
  maxDirectives: { n: QUERY_LIMITS.directives, propagateOnRejection: false, onReject: [report('directives')] },
  // Tokens are counted by graphql-js's own parser (parseOptions below), which Apollo reports as a 400.
  maxTokens: { enabled: false },
  // Apollo's hideSchemaDetailsFromClientErrors already drops "Did you mean …?" hints.
  blockFieldSuggestion: { enabled: false },
});

/** The validation rules and parser options that enforce QUERY_LIMITS, for ApolloServer's options. */
export function queryLimitOptions(): { validationRules: ValidationRule[]; parseOptions: { maxTokens: number } } {
  return { validationRules: armor.protect().validationRules as ValidationRule[], parseOptions: { maxTokens: QUERY_LIMITS.tokens } };
}

/**
 * The token limit as the client should see it, or null when `error` is not about it. The other limits are
 * QueryLimitErrors reported by the validation rules, shown as they are (an ExpectedError inside Apollo's
 * validation error); only the token limit is enforced by the parser, whose error says it badly.
 */
export function tokenLimitError(error: unknown): QueryLimitError | null {
  if (!(error instanceof GraphQLError)) return null;
  // graphql-js reports its token limit as a syntax error (spelled "more that N tokens" in 16.x); say it plainly.
  if (error.extensions?.code === 'GRAPHQL_PARSE_FAILED' && /Document contains more (?:than|that) \d+ tokens/.test(error.message)) {
    return new QueryLimitError('tokens', `Token limit of ${QUERY_LIMITS.tokens} exceeded: the document has more names, values and punctuation marks than that.`);
  }
  return null;
}
