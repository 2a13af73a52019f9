import type { AddressInfo } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import type { OrmSettings } from '../../mikro-orm.config';
import type { Logger } from '../../src/observability/logger';
import { TokenRegistry } from '../../src/auth/caller';
import { Database, openDatabase } from '../../src/bootstrap';
import { DEFAULT_RAG_THRESHOLDS, TokenGrant } from '../../src/config';
import { App, createApp } from '../../src/server';
import { createScratchDatabase } from './test-database';

export interface TestApp extends App, Database {
  /** e.g. http://127.0.0.1:54321 */
  url: string;
  /** The scratch database's URL, for tests that reach behind the service. */
  scratchUrl: string;
  close(): Promise<void>;
}

export const TEST_TOKENS: TokenGrant[] = [
  { token: 'wujin-token', role: 'district', districtCode: '320412' },
  { token: 'jintan-token', role: 'district', districtCode: '320413' },
  { token: 'xinbei-token', role: 'district', districtCode: '320411' },
  { token: 'city-token', role: 'city', districtCode: null },
  { token: 'analyst-token', role: 'analyst', districtCode: null },
];

export interface TestAppOptions {
  demoData?: boolean;
  responseCacheEntries?: number;
  anonymousRead?: boolean;
  tokens?: TokenGrant[];
  logger?: Logger;
  database?: Omit<OrmSettings, 'clientUrl'>;
  /** A schema of the test's own (createSchema({ extraResolvers })); default the service's. */
  schema?: GraphQLSchema;
}

/** The whole service on its own scratch database, listening on a free loopback port. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const scratch = await createScratchDatabase('app');
  const database = await openDatabase({ url: scratch.url, demoData: options.demoData ?? true, ragThresholds: DEFAULT_RAG_THRESHOLDS, settings: options.database });
  const app = await createApp({
    ...database,
    tokens: new TokenRegistry(options.tokens ?? TEST_TOKENS),
    anonymousRead: options.anonymousRead ?? true,
    introspection: true,
    // Off unless a test is about it, so statement counts measure the real work.
    responseCacheEntries: options.responseCacheEntries ?? 0,
    logger: options.logger,
    schema: options.schema,
  });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  return {
    ...app,
    ...database,
    url: `http://127.0.0.1:${port}`,
    scratchUrl: scratch.url,
    async close() {
      await app.apollo.stop();
      await database.orm.close();
      await scratch.drop();
    },
  };
}

/**
 * The service for the tests of a file or a describe block: started in beforeAll, closed in afterAll. What it returns
 * stands for the started app (`app.url`, `app.orm`, `post(app, …)`); reading it before beforeAll ran is an error. The
 * file's own beforeAll, declared after this call, runs once the app is up. Options that need awaiting (a schema of
 * the test's own) come as a function.
 */
export function useTestApp(options: TestAppOptions | (() => Promise<TestAppOptions>) = {}): TestApp {
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await startTestApp(typeof options === 'function' ? await options() : options);
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
  const current = (): TestApp => {
    if (started === undefined) throw new Error('useTestApp(): the app starts in beforeAll; read it in a hook or a test, not while tests are declared.');
    return started;
  };
  return new Proxy({} as TestApp, {
    get: (_, key) => Reflect.get(current(), key),
    has: (_, key) => Reflect.has(current(), key),
  });
}
