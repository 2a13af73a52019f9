import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { Client } from 'pg';
import { SUPERUSER } from './cluster';
import { shutDown } from './processes';
import { CHILD_ENV, RunAs, spawnIds } from './run-as';
import { delay, POLL_INTERVAL_MS, settlesWithin } from './wait';

// The postmaster process: spawned on a cluster and port, waited for until it accepts connections, stopped.

const SERVER_SETTINGS = [
  'listen_addresses=127.0.0.1',
  // No Unix socket: its directory would need to be writable by the server user, and TCP is all we use.
  'unix_socket_directories=',
  'shared_buffers=128MB',
  'max_connections=100',
];
// Crash recovery after an unclean stop can take a while on a large cluster.
const READY_TIMEOUT_MS = 60_000;

export interface ServerProcess {
  child: ChildProcess;
  /** Resolves once the postmaster has exited and its output is drained. */
  closed: Promise<void>;
  spawnError: () => Error | null;
  stop(): Promise<void>;
}

export function spawnServer(nativeDir: string, clusterDir: string, port: number, runAs: RunAs | null, onLine: (line: string) => void): ServerProcess {
  const args = ['-D', clusterDir, '-p', String(port), ...SERVER_SETTINGS.flatMap((setting) => ['-c', setting])];
  // Detached: its own process group, so a Ctrl-C to the terminal's foreground group reaches only us and our graceful shutdown.
  const child = spawn(path.join(nativeDir, 'bin', 'postgres'), args, {
    ...spawnIds(runAs),
    cwd: '/',
    env: CHILD_ENV,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let spawnError: Error | null = null;
  const closed = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    // A failed spawn (EACCES...) emits 'error' and maybe no 'close'; an unhandled 'error' would crash the process.
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });
  // Backends inherit the output pipes: once the postmaster has gone, do not wait on stragglers to close them.
  child.once('exit', () => {
    setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, 2_000).unref();
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
  }
  let stopping: Promise<void> | undefined;
  const hasExited = () => spawnError !== null || child.exitCode !== null || child.signalCode !== null;
  const stop = () =>
    (stopping ??= (async () => {
      if (!hasExited() && child.pid !== undefined) {
        await shutDown(child.pid, (timeoutMs) => settlesWithin(closed, timeoutMs));
      }
      await closed;
    })());
  return { child, closed, spawnError: () => spawnError, stop };
}

/** Polls a real connection until the server accepts it; fails early if the server exits or rejects our credentials. */
export async function waitUntilAccepting(
  server: ServerProcess,
  target: { port: number; password: string; database: string },
): Promise<Client> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const spawnError = server.spawnError();
    if (spawnError) throw new Error(`PostgreSQL could not be started: ${spawnError.message}`);
    const { exitCode, signalCode } = server.child;
    if (exitCode !== null || signalCode !== null) throw new Error(`PostgreSQL exited during start (${signalCode ?? `exit code ${exitCode}`})`);
    const client = new Client({ host: '127.0.0.1', user: SUPERUSER, connectionTimeoutMillis: 2_000, ...target });
    // Errors after connect (the server going away) would otherwise be unhandled 'error' events.
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      // 28P01/28000: wrong password or no such role, e.g. pg-password does not belong to this cluster.
      const code = (error as { code?: string }).code;
      if (code === '28P01' || code === '28000') {
        // When ours could not bind, another server on the port answers instead: then report ours exiting.
        if (await settlesWithin(server.closed, 1_000)) continue;
        throw new Error(`PostgreSQL refused our credentials: ${(error as Error).message}`, { cause: error });
      }
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000} s: ${(error as Error).message}`);
    }
    await Promise.race([delay(POLL_INTERVAL_MS), server.closed]);
  }
}

export async function createDatabaseIfMissing(client: Client, database: string): Promise<void> {
  const { rows } = await client.query('select 1 from pg_database where datname = $1', [database]);
  if (rows.length > 0) return;
  try {
    await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } catch (error) {
    // 42P04 duplicate_database / 23505 unique_violation: a concurrent start created it first.
    const code = (error as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw error;
  }
}
