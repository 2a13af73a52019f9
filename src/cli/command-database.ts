import { Database, openDatabase } from '../bootstrap';
import type { Config } from '../config';
import { startEmbeddedPostgres } from '../launcher';

/**
 * A command's database: DATABASE_URL, else the embedded one under DATA_DIR (the running service's server when it
 * is up, else started for the command and stopped after it), migrated and with the figures built for the configured
 * RAG thresholds. An empty embedded database gets the demo data first, as `npm start` gives it.
 */
export async function withCommandDatabase<T>(config: Config, work: (database: Database) => Promise<T>): Promise<T> {
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir, database: 'cz_projects' });
  try {
    const database = await openDatabase({
      url: config.databaseUrl ?? embedded!.url,
      demoData: embedded !== null,
      ragThresholds: config.ragThresholds,
    });
    try {
      return await work(database);
    } finally {
      await database.orm.close();
    }
  } finally {
    await embedded?.stop();
  }
}
