import type { TestApp } from './app';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  body: { data?: T | null; errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[] };
}

/** POSTs one GraphQL operation to the running test app, as a client would. */
export async function gql<T = Record<string, any>>(
  app: Pick<TestApp, 'url'>,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T>['body'] };
}

/** The error codes of a response, in order. */
export function errorCodes(response: GraphQLResponse): string[] {
  return (response.body.errors ?? []).map((e) => String(e.extensions?.code));
}
