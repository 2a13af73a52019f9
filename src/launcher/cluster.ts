import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { CHILD_ENV, OS_USER, RunAs, spawnIds } from './run-as';
import { ignoreCode } from './wait';

// The cluster on disk: where it lives (reachable by the server user), initdb on first use, its password.

export const SUPERUSER = 'postgres';
/** Clusters whose `${dataDir}/pg` the postgres OS user cannot reach (a mode-700 ancestor) live here instead. */
const RELOCATED_CLUSTERS_DIR = '/var/lib/cz-major-projects';
const INITDB_TIMEOUT_MS = 120_000;

const execFileAsync = promisify(execFile);

/** `${dataDir}/pg`, or when the server user cannot reach it, a reachable directory that `${dataDir}/pg` links to. */
export async function locateCluster(dataDir: string, runAs: RunAs | null, log: (line: string) => void): Promise<string> {
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
export async function ensureCluster(clusterDir: string, passwordFile: string, nativeDir: string, runAs: RunAs | null): Promise<string> {
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
