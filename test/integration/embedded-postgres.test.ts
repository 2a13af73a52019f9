import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { RunningPostgres, startEmbeddedPostgres } from '../../src/launcher';
import { freePort } from '../../src/common/free-port';
import { TS_REQUIRE_HOOK } from '../helpers/service-process';

// These tests start their own clusters against the real binaries, not the global test server.

const REPO = path.resolve(__dirname, '../..');
const TIMEOUT_MS = 60_000;
const isRoot = process.getuid?.() === 0;

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Gone: no such process, or a zombie waiting for a parent that may never reap it. */
function processGone(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}

function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh dataDir; the temp dir is opened up (mkdtemp makes it 700) so that, as root, the postgres user reaches it. */
function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cz-ep-test-'));
  fs.chmodSync(dir, 0o755);
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'data');
}

async function start(dataDir: string, options: { port?: number; log?: (line: string) => void } = {}): Promise<RunningPostgres> {
  const postgres = await startEmbeddedPostgres({ dataDir, database: 'app', ...options });
  cleanups.push(() => postgres.stop());
  return postgres;
}

describe('startEmbeddedPostgres', () => {
  it(
    'starts PostgreSQL 18 on loopback with a password, and keeps the data across a stop and a restart',
    async () => {
      const dataDir = tempDataDir();
      const first = await start(dataDir);
      expect(first.url).toMatch(new RegExp(`^postgres://postgres:[^@]+@127\\.0\\.0\\.1:${first.port}/app$`));
      const [info] = await query(first.url, "select version(), current_setting('listen_addresses') as listen, current_database() as db");
      expect(info).toMatchObject({ listen: '127.0.0.1', db: 'app' });
      expect(info.version).toContain('PostgreSQL 18');
      await query(first.url, "create table kept (note text); insert into kept values ('survives a restart')");

      const password = fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
      expect(fs.statSync(path.join(dataDir, 'pg-password')).mode & 0o777).toBe(0o600);
      expect(decodeURIComponent(new URL(first.url).password)).toBe(password);
      const wrongPassword = new URL(first.url);
      wrongPassword.password = 'wrong';
      await expect(query(wrongPassword.toString(), 'select 1')).rejects.toThrow(/password authentication failed/);

      await first.stop();
      await first.stop();
      await expect(query(first.url, 'select 1')).rejects.toThrow();

      const startedAt = Date.now();
      const second = await start(dataDir);
      expect(Date.now() - startedAt).toBeLessThan(5_000);
      expect(await query(second.url, 'select note from kept')).toEqual([{ note: 'survives a restart' }]);
    },
    TIMEOUT_MS,
  );

  it(
    'stops the orphan of a handle that was never stopped, and starts on the same cluster',
    async () => {
      const dataDir = tempDataDir();
      const forgotten = await startEmbeddedPostgres({ dataDir, database: 'app' });
      await query(forgotten.url, "create table kept (note text); insert into kept values ('outlives its parent')");
      const orphanPid = postmasterPid(dataDir);

      const next = await start(dataDir);
      expect(await eventually(() => processGone(orphanPid))).toBe(true);
      expect(postmasterPid(dataDir)).not.toBe(orphanPid);
      expect(await query(next.url, 'select note from kept')).toEqual([{ note: 'outlives its parent' }]);
      await expect(query(forgotten.url, 'select 1')).rejects.toThrow();
    },
    TIMEOUT_MS,
  );

  it(
    'stops the postmaster left behind by a SIGKILLed parent process, even on the same fixed port',
    async () => {
      const dataDir = tempDataDir();
      const port = await freePort();
      const parent = spawnLauncherProcess(dataDir, port);
      cleanups.push(() => parent.kill('SIGKILL'));
      const url = await readyUrl(parent);
      await query(url, "create table kept (note text); insert into kept values ('outlives a SIGKILL')");
      const orphanPid = postmasterPid(dataDir);

      parent.kill('SIGKILL');
      await new Promise((resolve) => parent.once('exit', resolve));
      expect(processGone(orphanPid)).toBe(false);

      const next = await start(dataDir, { port });
      expect(next.port).toBe(port);
      expect(processGone(orphanPid)).toBe(true);
      expect(await query(next.url, 'select note from kept')).toEqual([{ note: 'outlives a SIGKILL' }]);
    },
    TIMEOUT_MS,
  );

  it(
    'uses the server another live process runs on the data dir (npm run import beside npm start), and leaves it running',
    async () => {
      const dataDir = tempDataDir();
      const owner = spawnLauncherProcess(dataDir, await freePort());
      cleanups.push(() => owner.kill('SIGKILL'));
      const ownerUrl = await readyUrl(owner);
      const ownerPostmaster = postmasterPid(dataDir);

      const second = await start(dataDir);
      expect(second.port).toBe(Number(new URL(ownerUrl).port));
      await query(second.url, "create table shared (note text); insert into shared values ('one server')");
      await second.stop();
      expect(postmasterPid(dataDir)).toBe(ownerPostmaster);
      expect(processGone(ownerPostmaster)).toBe(false);
      expect(await query(ownerUrl, 'select note from shared')).toEqual([{ note: 'one server' }]);
    },
    TIMEOUT_MS,
  );

  it(
    'starts despite a stale postmaster.pid naming a dead pid or an unrelated live process, which it leaves alone',
    async () => {
      const dataDir = tempDataDir();
      await (await start(dataDir)).stop();
      const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');

      const exited = spawn('true');
      await new Promise((resolve) => exited.once('exit', resolve));
      fs.writeFileSync(pidFile, `${exited.pid}\n${path.join(dataDir, 'pg')}\n`);
      await (await start(dataDir)).stop();

      const bystander = spawn('sleep', ['60']);
      cleanups.push(() => bystander.kill('SIGKILL'));
      fs.writeFileSync(pidFile, `${bystander.pid}\n${path.join(dataDir, 'pg')}\n`);
      const postgres = await start(dataDir);
      expect(await query(postgres.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      expect(bystander.exitCode).toBeNull();
      expect(processGone(bystander.pid!)).toBe(false);
    },
    TIMEOUT_MS,
  );

  it(
    'fails with PostgreSQL’s own log lines when the given port is taken, and leaves no server behind',
    async () => {
      const dataDir = tempDataDir();
      // It hangs up at once: the launcher's readiness probes reach it while the server fails to bind.
      const blocker = net.createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));
      const { port } = blocker.address() as net.AddressInfo;

      await expect(startEmbeddedPostgres({ dataDir, database: 'app', port })).rejects.toThrow(/could not (bind|create any TCP\/IP sockets)/);
      expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    },
    TIMEOUT_MS,
  );

  (isRoot ? it : it.skip)(
    'as root, keeps the cluster in a reachable directory when an ancestor of dataDir is mode 700',
    async () => {
      const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'x-700-'));
      cleanups.push(() => fs.rmSync(privateDir, { recursive: true, force: true }));
      fs.chmodSync(privateDir, 0o700);
      const dataDir = path.join(privateDir, 'nested', 'data');
      const relocated = path.join('/var/lib/cz-major-projects', createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
      cleanups.push(() => fs.rmSync(relocated, { recursive: true, force: true }));

      const lines: string[] = [];
      const first = await start(dataDir, { log: (line) => lines.push(line) });
      expect(fs.readlinkSync(path.join(dataDir, 'pg'))).toBe(relocated);
      expect(lines.filter((line) => line.includes(relocated))).toHaveLength(1);
      await query(first.url, "create table kept (note text); insert into kept values ('behind a 700 ancestor')");
      await first.stop();

      const second = await start(dataDir);
      expect(await query(second.url, 'select note from kept')).toEqual([{ note: 'behind a 700 ancestor' }]);
      expect(fs.statSync(relocated).uid).not.toBe(0);
    },
    TIMEOUT_MS,
  );
});

/** A separate Node process running the launcher (from its TypeScript source), as the service would. */
function spawnLauncherProcess(dataDir: string, port: number): ChildProcess {
  const script = `${TS_REQUIRE_HOOK}
    require(${JSON.stringify(path.join(REPO, 'src/launcher/index.ts'))})
      .startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, database: 'app', port: ${port} })
      .then((postgres) => console.log('READY ' + postgres.url), (error) => { console.error(error); process.exit(1); });
    setInterval(() => {}, 1000);
  `;
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], cwd: REPO });
}

function readyUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the launcher process exited (${code}) before its server was ready: ${output}`)));
  });
}
