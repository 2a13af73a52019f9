import { useTestApp } from '../helpers/app';

const app = useTestApp({ demoData: false });

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

it('answers /health and /ready', async () => {
  expect((await fetch(`${app.url}/health`)).status).toBe(200);
  const ready = await fetch(`${app.url}/ready`);
  expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
});

it('answers malformed JSON with 400 and a JSON error', async () => {
  const response = await post('{"query": ');
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
});

it('answers a body over 2 MB with 413 and a JSON error', async () => {
  const response = await post(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2_100_000) } }));
  expect(response.status).toBe(413);
  expect(((await response.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
});

it('gives no "did you mean" hints about the schema', async () => {
  const response = await post(JSON.stringify({ query: '{ district(code: "320412") { nam } }' }));
  const body = (await response.json()) as any;
  expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(body.errors[0].message).not.toMatch(/did you mean/i);
});

it('refuses mutations over GET and batched requests', async () => {
  const get = await fetch(`${app.url}/graphql?query=${encodeURIComponent('mutation { __typename }')}`, {
    headers: { 'apollo-require-preflight': 'true' },
  });
  expect(get.status).toBe(405);
  const batch = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
  expect(batch.status).toBe(400);
});

it('refuses a simple cross-site GET query (CSRF prevention)', async () => {
  const response = await fetch(`${app.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
  expect(response.status).toBe(400);
});
