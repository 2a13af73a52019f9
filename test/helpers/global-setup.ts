import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isAlive, RunningPostgres, startEmbeddedPostgres, stopOrphanedPostgres } from '../../src/launcher';
import { execSql, testUrlFile } from './test-database';

/** What global teardown needs; global setup and teardown share the Jest main process's globals. */
export interface TestServer {
  postgres: RunningPostgres;
  dir: string;
  urlFile: string;
}
export const TEST_SERVER_KEY = '__czTestPostgres';
const TEMP_PREFIX = 'cz-test-pg-';
const OWNER_FILE = 'owner.pid';

/** Starts the embedded test PostgreSQL, unless TEST_DATABASE_URL names a server to use instead. */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_PG_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  await reapAbandonedServers();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), TEMP_PREFIX));
  // mkdtemp makes it mode 700; as root, the postgres OS user must reach the cluster inside it.
  await fs.chmod(dir, 0o755);
  await fs.writeFile(path.join(dir, OWNER_FILE), `${process.pid}\n`);
  const postgres = await startEmbeddedPostgres({ dataDir: dir, database: 'cz_test' });
  try {
    // The cluster is thrown away after the run: trade crash safety for speed.
    await execSql(postgres.url, ...['fsync', 'synchronous_commit', 'full_page_writes'].map((setting) => `alter system set ${setting} = off`), 'select pg_reload_conf()');
    const urlFile = testUrlFile(process.pid);
    await fs.writeFile(urlFile, `${postgres.url}\n`, { mode: 0o600 });
    process.env.TEST_PG_URL = postgres.url;
    (globalThis as Record<string, unknown>)[TEST_SERVER_KEY] = { postgres, dir, urlFile } satisfies TestServer;
  } catch (error) {
    await postgres.stop();
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A Jest run that was killed leaves its server running in its temp dir: stop those whose Jest process has gone. */
async function reapAbandonedServers(): Promise<void> {
  for (const entry of await fs.readdir(os.tmpdir(), { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(TEMP_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), entry.name);
    const owner = Number.parseInt(await fs.readFile(path.join(dir, OWNER_FILE), 'utf8').catch(() => ''), 10);
    if (!Number.isInteger(owner) || isAlive(owner)) continue;
    try {
      await stopOrphanedPostgres(path.join(dir, 'pg'));
      await fs.rm(dir, { recursive: true, force: true });
      await fs.rm(testUrlFile(owner), { force: true });
    } catch {
      // Best effort: another user's leftovers, say, are theirs to clean up.
    }
  }
}
