import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLSchema, parse, specifiedRules, TokenKind, Lexer, Source, validate, ValidationRule } from 'graphql';
import { IDE_EXAMPLES } from '../../src/ide/ide.examples';
import { QUERY_LIMITS, QueryLimit, queryLimitOptions } from '../../src/http/query-limits';
import { createSchema } from '../../src/schema';
import { DASHBOARD_QUERY } from '../helpers/dashboard-query';


function countTokens(source: string): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

/** What graphql-armor measures of a document, through the same rules with the limits out of the way. */
function measure(schema: GraphQLSchema, source: string): Record<QueryLimit, number> {
  const found: Partial<Record<QueryLimit, number>> = {};
  const record = (limit: QueryLimit) => [(_: unknown, { n }: { n: number }) => void (found[limit] = n)];
  const measuring = new ApolloArmor({
    maxDepth: { n: Infinity, onAccept: record('depth') },
    maxAliases: { n: Infinity, onAccept: record('aliases') },
    costLimit: { maxCost: Infinity, onAccept: record('cost') },
    maxDirectives: { n: Infinity, onAccept: record('directives') },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  expect(validate(schema, parse(source), [...specifiedRules, ...(measuring.protect().validationRules as ValidationRule[])])).toEqual([]);
  return { ...(found as Record<QueryLimit, number>), tokens: countTokens(source) };
}

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

// The city dashboard is the IDE's CityDashboard example.
const documents = IDE_EXAMPLES.map((example) => [`IDE example ${example.name}`, example.query] as const);

test.each(documents)('%s stays within half of every query limit', (_name, source) => {
  const sizes = measure(schema, source);
  for (const limit of Object.keys(QUERY_LIMITS) as QueryLimit[]) {
    // Room to spare: a dashboard that grows a little must not start failing.
    expect({ limit, size: sizes[limit], fits: sizes[limit] * 2 <= QUERY_LIMITS[limit] }).toEqual({ limit, size: sizes[limit], fits: true });
  }
});

test('the dashboard measures as the limits document it', () => {
  expect(measure(schema, DASHBOARD_QUERY)).toMatchInlineSnapshot(`
{
  "aliases": 4,
  "cost": 2075.09375,
  "depth": 7,
  "directives": 0,
  "tokens": 228,
}
`);
});

/** `{ industries { parent { … code } } }`, `depth` selections deep. */
const industryChain = (depth: number) => `{ industries { ${'parent { '.repeat(depth - 2)}code${' }'.repeat(depth - 2)} } }`;

test('the service rules accept a document at the depth limit and refuse one level deeper, naming the limit', () => {
  const { validationRules } = queryLimitOptions();
  expect(measure(schema, industryChain(QUERY_LIMITS.depth)).depth).toBe(QUERY_LIMITS.depth);
  expect(validate(schema, parse(industryChain(QUERY_LIMITS.depth)), validationRules)).toEqual([]);
  const errors = validate(schema, parse(industryChain(QUERY_LIMITS.depth + 1)), validationRules);
  expect(errors.map((error) => [error.extensions.code, error.message])).toEqual([
    ['QUERY_DEPTH_LIMIT', `Query depth limit of ${QUERY_LIMITS.depth} exceeded, found ${QUERY_LIMITS.depth + 1}. Split the query into smaller ones.`],
  ]);
});
