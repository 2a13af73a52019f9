import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ignoreCode, waitUntil } from './wait';

// PostgreSQL's processes: which are alive and whose, shutting a postmaster down, stopping what a killed run left behind.

/** Fast shutdown first, then immediate shutdown, then SIGKILL of the whole process group. */
const SHUTDOWN_STEPS: ReadonlyArray<readonly [NodeJS.Signals, number]> = [
  ['SIGINT', 20_000],
  ['SIGQUIT', 5_000],
  ['SIGKILL', 5_000],
];

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

/** Sends each shutdown signal in turn until `gone` reports the postmaster has exited within that step's grace time. */
export async function shutDown(pid: number, gone: (timeoutMs: number) => Promise<boolean>): Promise<void> {
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
export function classifyProcess(pid: number, realCluster: string): 'postmaster' | 'foreign' | 'other' {
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
