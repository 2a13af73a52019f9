import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { TokenRegistry } from './auth/caller';
import { loadOrCreateDemoTokens } from './auth/demo-tokens';
import { openDatabase } from './bootstrap';
import { ConfigError, loadConfig, TokenGrant } from './config';
import { RunningPostgres, startEmbeddedPostgres } from './launcher';
import { createLogger } from './observability/logger';
import { createApp } from './server';

function printDemoTokens(grants: readonly TokenGrant[]): void {
  console.log('\nDemo API tokens (send as "Authorization: Bearer <token>"; kept in DATA_DIR/demo-tokens.json):');
  for (const grant of grants) {
    console.log(`  ${grant.role.padEnd(8)} ${(grant.districtCode ?? '').padEnd(6)}  ${grant.token}`);
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let embedded: RunningPostgres | null = null;
  if (config.databaseUrl === null) {
    logger.info({ dataDir: config.dataDir }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, database: 'cz_projects' });
  }
  const stopEmbedded = async () => embedded?.stop();
  try {
    const database = await openDatabase({
      url: config.databaseUrl ?? embedded!.url,
      demoData: embedded !== null,
      ragThresholds: config.ragThresholds,
      logger,
      settings: { debug: config.sqlDebug, ...config.database, logger },
    });
    const grants = config.apiTokens ?? (embedded ? await loadOrCreateDemoTokens(config.dataDir) : []);
    const app = await createApp({
      orm: database.orm,
      reference: database.reference,
      tokens: new TokenRegistry(grants),
      anonymousRead: config.anonymousRead,
      introspection: config.introspection,
      responseCacheEntries: config.responseCacheEntries,
      logger,
      shutdownGraceMs: config.shutdownGraceMs,
    });
    await new Promise<void>((resolve, reject) => {
      app.httpServer.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new ConfigError(`port ${config.port} on ${config.host} is in use (is the service already running?); stop that process or set PORT.`)
            : error,
        ),
      );
      app.httpServer.listen(config.port, config.host, resolve);
    });
    const { port } = app.httpServer.address() as AddressInfo;
    if (config.apiTokens === null && embedded) printDemoTokens(grants);
    logger.info({ anonymousRead: config.anonymousRead, ...config.database }, `serving http://${config.host}:${port}/graphql`);

    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down: finishing requests in flight');
      // apollo.stop() drains the HTTP server first: requests in flight finish, new connections are refused.
      await app.apollo.stop();
      logger.debug('http stopped');
      await database.orm.close();
      logger.debug('orm closed');
      await stopEmbedded();
      logger.info('stopped');
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
