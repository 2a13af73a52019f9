import { QUERY_LIMITS } from '../../src/http/query-limits';
import { useTestApp } from '../helpers/app';
import { gql } from '../helpers/graphql';
import { DASHBOARD_QUERY, DASHBOARD_VARIABLES } from '../helpers/dashboard-query';

const app = useTestApp({ demoData: false });

/** `{ industries { parent { … code } } }`, `depth` selections deep. */
const industryChain = (depth: number) => `{ industries { ${'parent { '.repeat(depth - 2)}code${' }'.repeat(depth - 2)} } }`;

it('runs the city dashboard within the limits', async () => {
  const response = await gql(app, DASHBOARD_QUERY, DASHBOARD_VARIABLES);
  expect([response.status, response.body.errors]).toEqual([200, undefined]);
});

const overLimit: [string, string, string, RegExp][] = [
  ['depth', industryChain(QUERY_LIMITS.depth + 1), 'QUERY_DEPTH_LIMIT', /^Query depth limit of 15 exceeded, found 16\. Split the query/],
  [
    'aliases',
    `{ ${Array.from({ length: QUERY_LIMITS.aliases + 1 }, (_, i) => `a${i}: districts { code }`).join(' ')} }`,
    'QUERY_ALIAS_LIMIT',
    /^Aliases limit of 30 exceeded, found 31\./,
  ],
  [
    'cost',
    `{ ${Array.from({ length: 25 }, (_, i) => `a${i}: projects(first: 100) { edges { node { name industry { code parent { code name } } district { code name } } } }`).join(' ')} }`,
    'QUERY_COST_LIMIT',
    /^Query Cost limit of 10000 exceeded, found \d+\./,
  ],
  ['tokens', `{ ${'__typename '.repeat(QUERY_LIMITS.tokens)}}`, 'QUERY_TOKEN_LIMIT', /^Token limit of 3000 exceeded: the document has more/],
  [
    'directives',
    `{ ${'__typename @include(if: true) '.repeat(QUERY_LIMITS.directives + 1)} }`,
    'QUERY_DIRECTIVE_LIMIT',
    /^Directives limit of 20 exceeded, found 21\./,
  ],
];

it.each(overLimit)('refuses a query over the %s limit with HTTP 400 and a code naming the limit', async (limit, query, code, message) => {
  const response = await gql(app, query);
  expect(response.status).toBe(400);
  expect(response.body.data).toBeUndefined();
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors!;
  expect(error!.extensions).toEqual({ code, limit, allowed: QUERY_LIMITS[limit as keyof typeof QUERY_LIMITS] });
  expect(error!.message).toMatch(message);
});

it('accepts a query exactly at the depth limit', async () => {
  const response = await gql(app, industryChain(QUERY_LIMITS.depth));
  expect([response.status, response.body.errors]).toEqual([200, undefined]);
});

it('refuses a mutation sent over GET, and batched requests', async () => {
  const get = await fetch(`${app.url}/graphql?query=${encodeURIComponent('mutation { __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
  expect(get.status).toBe(405);
  const batch = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
  });
  expect(batch.status).toBe(400);
});
