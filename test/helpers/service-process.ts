import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/common/project-root';
import { freePort } from '../../src/common/free-port';

/**
 * The start of a `node -e` script that runs TypeScript sources: a require hook compiles each .ts file with
 * @swc/core (as Jest's @swc/jest does), so child processes need no prior `npm run build`.
 */
export const TS_REQUIRE_HOOK = `
const fs = require('node:fs');
const { transformSync } = require('@swc/core');
require.extensions['.ts'] = function (module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
`;
/** Runs src/main.ts in a real child process, straight from the TypeScript sources. */
const REQUIRE_HOOK = `${TS_REQUIRE_HOOK}require(process.env.CZ_CHILD_ENTRY);`;

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  /** What the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILLs the process if it is still running (cleanup after a failed test). */
  kill(): Promise<void>;
}

/** Starts the service (src/main.ts) on `databaseUrl` and a free loopback port, and waits until /ready answers 200. */
export async function startServiceProcess(databaseUrl: string, env: Record<string, string> = {}, readyTimeoutMs = 30_000): Promise<ServiceProcess> {
  const port = await freePort();
  const root = projectRoot();
  const child = spawn(process.execPath, ['-e', REQUIRE_HOOK], {
    cwd: root,
    env: {
      ...process.env,
      CZ_CHILD_ENTRY: path.join(root, 'src', 'main.ts'),
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const service: ServiceProcess = {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const exitedInTime = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))]);
      clearTimeout(timer);
      if (!exitedInTime) await service.kill();
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the service exited during start (${child.signalCode ?? `exit code ${child.exitCode}`}):\n${output}`);
    }
    try {
      if ((await fetch(`${service.url}/ready`, { signal: AbortSignal.timeout(2_000) })).ok) return service;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await service.kill();
      throw new Error(`the service was not ready within ${readyTimeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
