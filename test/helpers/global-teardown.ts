import fs from 'node:fs/promises';
import { TEST_SERVER_KEY, TestServer } from './global-setup';

/** Stops the embedded test PostgreSQL started by global setup (if any) and removes its files. */
export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as Record<string, unknown>;
  const server = globals[TEST_SERVER_KEY] as TestServer | undefined;
  if (!server) return;
  delete globals[TEST_SERVER_KEY];
  try {
    await server.postgres.stop();
  } finally {
    await fs.rm(server.dir, { recursive: true, force: true });
    await fs.rm(server.urlFile, { force: true });
  }
}
