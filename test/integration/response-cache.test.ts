/**
 * The response cache shares an answer between callers only when the schema says it may: every field the
 * operation selects is marked public (@cacheControl(scope: PUBLIC)). A field depending on the caller and
 * left unmarked is never answered from the cache; and a cached answer never skips authentication.
 */
import { Ctx, Int, Query, Resolver } from 'type-graphql';
import { Public } from '../../src/cache/cache-control';
import type { Context } from '../../src/context';
import { createSchema } from '../../src/schema';
import { TestApp, useTestApp } from '../helpers/app';

/** How many times a resolver of this test ran: a served answer runs none. */
let runs = 0;

@Resolver()
class CallerDependentResolver {
  // Depends on the caller, and (as a newcomer might) left without a cache hint: it must stay private.
  @Query(() => String, { description: 'Who is asking (test only).' })
  whoAmI(@Ctx() ctx: Context): string {
    runs += 1;
    return `${ctx.caller.role}:${ctx.caller.districtCode ?? '-'}`;
  }

  @Public()
  @Query(() => Int, { description: 'Runs so far (test only): public, so a repeated read is served from the cache.' })
  runs(): number {
    runs += 1;
    return runs;
  }
}

const post = async (app: TestApp, query: string, token?: string) => {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, statements: Number(response.headers.get('x-sql-statements')), body: (await response.json()) as any };
};
const codes = (response: { body: any }): string[] => (response.body.errors ?? []).map((e: any) => e.extensions.code);

describe('with anonymous reads on', () => {
  const app = useTestApp(async () => ({
    demoData: false,
    responseCacheEntries: 100,
    schema: await createSchema({ extraResolvers: [CallerDependentResolver] }),
  }));

  it('serves a repeated public read from the cache (the control: this app does cache)', async () => {
    const first = await post(app, '{ runs }');
    const again = await post(app, '{ runs }', 'analyst-token');
    expect(again.body).toEqual(first.body);
    expect(again.statements).toBe(1); // only the data version
  });

  it('never serves an unmarked, caller-dependent field from the cache, alone or beside public fields', async () => {
    const queries = [
      '{ whoAmI }',
      '{ districts { code } whoAmI }',
      '{ ...Me } fragment Me on Query { me: whoAmI }',
      'query Named { runs who: whoAmI }',
    ];
    for (const query of queries) {
      const answers = [];
      for (const token of ['city-token', 'analyst-token', 'wujin-token', undefined, 'wujin-token']) {
        const before = runs;
        const response = await post(app, query, token);
        expect(response.body.errors).toBeUndefined();
        expect(runs).toBeGreaterThan(before); // computed, not served
        answers.push(response.body.data.whoAmI ?? response.body.data.me ?? response.body.data.who);
      }
      expect([query, answers]).toEqual([query, ['city:-', 'analyst:-', 'district:320412', 'anonymous:-', 'district:320412']]);
    }
  });

  it('keeps auditLog out of the cache: its authorization runs for every caller', async () => {
    const query = '{ auditLog(first: 5) { edges { node { district } } } }';
    expect((await post(app, query, 'city-token')).body.errors).toBeUndefined();
    expect(codes(await post(app, query))).toEqual(['UNAUTHENTICATED']);
    const otherDistrict = '{ auditLog(filter: { district: "320413" }) { edges { node { id } } } }';
    expect((await post(app, otherDistrict, 'city-token')).body.errors).toBeUndefined();
    expect(codes(await post(app, otherDistrict, 'wujin-token'))).toEqual(['FORBIDDEN']);
  });

  it('refuses an unknown token (401) even when the answer is cached', async () => {
    const query = '{ districts { code name } }';
    await post(app, query);
    expect((await post(app, query, 'city-token')).statements).toBe(1);
    const refused = await post(app, query, 'no-such-token');
    expect([refused.status, refused.body.data, codes(refused)]).toEqual([401, undefined, ['UNAUTHENTICATED']]);
  });
});

describe('with anonymous reads off', () => {
  const app = useTestApp({ demoData: false, responseCacheEntries: 100, anonymousRead: false });

  it('refuses a missing or unknown token (401) on a cached answer', async () => {
    const query = '{ industries { code } }';
    await post(app, query, 'analyst-token');
    expect((await post(app, query, 'city-token')).statements).toBe(1);
    for (const token of [undefined, 'no-such-token']) {
      const refused = await post(app, query, token);
      expect([refused.status, refused.body.data, codes(refused)]).toEqual([401, undefined, ['UNAUTHENTICATED']]);
    }
  });
});
