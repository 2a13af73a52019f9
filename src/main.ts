import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { TokenRegistry } from './auth/caller';
import { loadOrCreateDemoTokens } from './auth/demo-tokens';
import { openDatabase } from './bootstrap';
import { ConfigError, loadConfig, TokenGrant } from './config';
import { RunningPostgres, startEmbeddedPostgres } from './db/embedded-postgres';
import { createApp } from './server';

const log = (event: Record<string, unknown>) => console.log(JSON.stringify({ time: new Date().toISOString(), ...event }));

function printDemoTokens(grants: readonly TokenGrant[]): void {
  console.log('\nDemo API tokens (send as "Authorization: Bearer <token>"; kept in DATA_DIR/demo-tokens.json):');
  for (const grant of grants) {
    console.log(`  ${grant.role.padEnd(8)} ${(grant.districtCode ?? '').padEnd(6)}  ${grant.token}`);
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  let embedded: RunningPostgres | null = null;
  if (config.databaseUrl === null) {
    log({ level: 'info', msg: 'starting embedded PostgreSQL', dataDir: config.dataDir });
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, database: 'cz_projects' });
  }
  const stopEmbedded = async () => embedded?.stop();
  try {
    const database = await openDatabase({
      url: config.databaseUrl ?? embedded!.url,
      demoData: embedded !== null,
      debug: config.sqlDebug,
      poolMax: config.dbPoolMax,
    });
    const grants = config.apiTokens ?? (embedded ? await loadOrCreateDemoTokens(config.dataDir) : []);
    const app = await createApp({
      orm: database.orm,
      reference: database.reference,
      tokens: new TokenRegistry(grants),
      anonymousRead: config.anonymousRead,
      introspection: config.introspection,
      settings: { ragThresholds: config.ragThresholds },
      responseCacheEntries: config.responseCacheEntries,
    });
    await new Promise<void>((resolve) => app.httpServer.listen(config.port, config.host, resolve));
    const { port } = app.httpServer.address() as AddressInfo;
    if (config.apiTokens === null && embedded) printDemoTokens(grants);
    log({ level: 'info', msg: `serving http://${config.host}:${port}/graphql`, anonymousRead: config.anonymousRead });

    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log({ level: 'info', msg: 'shutting down: finishing requests in flight', signal });
      // apollo.stop() drains the HTTP server first: requests in flight finish, new connections are refused.
      await app.apollo.stop();
      log({ level: 'debug', msg: 'http stopped' });
      await database.orm.close();
      log({ level: 'debug', msg: 'orm closed' });
      await stopEmbedded();
      log({ level: 'info', msg: 'stopped' });
      process.exit(0);
    };
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    process.on('SIGINT', () => void shutdown('SIGINT'));
  } catch (error) {
    await stopEmbedded();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
