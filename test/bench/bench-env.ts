import { ChildProcess, fork } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/common/project-root';
import { RunningPostgres, startEmbeddedPostgres } from '../../src/db/embedded-postgres';

/** A private embedded PostgreSQL for one benchmark run, in a temp dir removed afterwards. */
export async function startBenchDatabase(): Promise<RunningPostgres & { dispose(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cz-bench-'));
  const postgres = await startEmbeddedPostgres({ dataDir, database: 'cz_bench' });
  return {
    ...postgres,
    async dispose() {
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface ServiceProcess {
  url: string;
  rssMiB(): Promise<number>;
  stop(): Promise<void>;
}

/** The built service (dist/src/main.js) in its own process, as production runs it, on DATABASE_URL. */
export async function startService(databaseUrl: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const port = await freePort();
  const child: ChildProcess = fork(path.join(projectRoot(), 'dist', 'src', 'main.js'), [], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), ANONYMOUS_READ: 'true', API_TOKENS: 'bench-city=city', ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${url}/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 300 || child.exitCode !== null) throw new Error('the service did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async rssMiB() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
