import { ChildProcess, fork } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/common/project-root';
import { RunningPostgres, startEmbeddedPostgres } from '../../src/launcher';
import { freePort } from '../../src/common/free-port';

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

/** Bearer tokens the benchmarks' services accept: the city's and one per district (API_TOKENS format of src/config.ts). */
export const BENCH_TOKENS = {
  city: 'bench-city',
  district: { '320411': 'bench-320411', '320412': 'bench-320412', '320413': 'bench-320413' } as Record<string, string>,
};
const BENCH_API_TOKENS = [
  `${BENCH_TOKENS.city}=city`,
  ...Object.entries(BENCH_TOKENS.district).map(([code, token]) => `${token}=district:${code}`),
].join(',');

export interface ServiceProcess {
  url: string;
  rssMiB(): Promise<number>;
  /** The highest resident set size the process has had (VmHWM, kept by the kernel). */
  peakRssMiB(): Promise<number>;
  /** CPU the process has used so far, user + system. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

async function procStatusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) / 1024;
}

async function procCpuSeconds(pid: number): Promise<number> {
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in clock ticks (100 a second on Linux).
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The built service (dist/src/main.js) in its own process, as production runs it, on DATABASE_URL. */
export async function startService(databaseUrl: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const port = await freePort();
  const child: ChildProcess = fork(path.join(projectRoot(), 'dist', 'src', 'main.js'), [], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), ANONYMOUS_READ: 'true', API_TOKENS: BENCH_API_TOKENS, ...env },
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
    rssMiB: () => procStatusMiB(child.pid!, 'VmRSS'),
    peakRssMiB: () => procStatusMiB(child.pid!, 'VmHWM'),
    cpuSeconds: () => procCpuSeconds(child.pid!),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
