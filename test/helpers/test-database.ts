import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/** Where global setup writes the test server's URL for Jest worker processes, keyed by the Jest main process's pid. */
export function testUrlFile(jestPid: number): string {
  return path.join(os.tmpdir(), `cz-test-db-url-${jestPid}`);
}

/** The test PostgreSQL server: the embedded one from global setup, else TEST_DATABASE_URL. Never DATABASE_URL. */
export function testDatabaseUrl(): string {
  if (process.env.TEST_PG_URL) return process.env.TEST_PG_URL;
  // A Jest worker is a child of the process that ran global setup.
  const fromFile = readIfExists(testUrlFile(process.ppid));
  if (fromFile) return fromFile;
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  throw new Error(
    'No test database: run the tests through Jest (its global setup starts an embedded PostgreSQL), or set TEST_DATABASE_URL to a PostgreSQL server the tests may create and drop databases on.',
  );
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** A fresh, uniquely named database on the test server, so each test file works in isolation. */
export async function createScratchDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = testDatabaseUrl();
  const safePrefix = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 30);
  const name = `${safePrefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await execSql(serverUrl, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    // FORCE: connections a test left open (a pool not yet closed) must not keep the database alive.
    drop: () => (dropped ??= execSql(serverUrl, `drop database if exists "${name}" with (force)`)),
  };
}

/** Runs statements one by one on a short-lived connection. */
export async function execSql(url: string, ...statements: string[]): Promise<void> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}
