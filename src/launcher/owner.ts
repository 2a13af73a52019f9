import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { classifyProcess, isAlive } from './processes';
import { ignoreCode } from './wait';

// Which process started the running server of a data dir, so that a second process (the import beside the
// service) shares it instead of stopping it, and only a server whose owner has gone counts as an orphan.

/** Names the process that started the server of a data dir (pid and start time, so a reused pid is not taken for it). */
export const OWNER_FILE = 'postmaster.owner';

/** The port of the cluster's postmaster when the process that started it is still alive, else null. */
export async function runningUnderLiveOwner(clusterDir: string, ownerFile: string): Promise<{ port: number; ownerPid: number } | null> {
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
export function processStartTime(pid: number): number | null {
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
