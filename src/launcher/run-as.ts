import { spawnSync } from 'node:child_process';

// Who runs PostgreSQL's programs (as root: the postgres OS user, as PostgreSQL refuses root), and in what environment.

export const OS_USER = 'postgres';
// C messages and locale, so log output and server behaviour do not depend on the caller's environment.
export const CHILD_ENV = { ...process.env, LC_ALL: 'C', LANG: 'C' };

export interface RunAs {
  uid: number;
  gid: number;
}

/** Null when running as an ordinary user; as root, the postgres OS user (created if missing), as PostgreSQL refuses root. */
export function serverUser(): RunAs | null {
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

export function spawnIds(runAs: RunAs | null): Partial<RunAs> {
  return runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
}
