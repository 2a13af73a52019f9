import type { MikroORM } from '@mikro-orm/postgresql';
import { seedDemoData, seedReferenceData } from '../seeds';
import { loadReferenceCodes, ReferenceCodes } from './common/reference';
import type { OrmSettings } from '../mikro-orm.config';
import { initOrm, migrate } from './db/orm';
import { ensureFiguresBasis } from './figures/figures-basis';
import type { RagThresholds } from './config';
import { Logger, silentLogger } from './observability/logger';

export interface Database {
  orm: MikroORM;
  reference: ReferenceCodes;
}

/**
 * Connects, applies migrations, writes the reference data and, when asked, the demo data into an empty database,
 * and makes sure the maintained figures were built with these RAG thresholds (rebuilding them if not).
 */
export async function openDatabase(options: {
  url: string;
  demoData: boolean;
  ragThresholds: RagThresholds;
  logger?: Pick<Logger, 'info'>;
  settings?: Omit<OrmSettings, 'clientUrl'>;
}): Promise<Database> {
  const orm = await initOrm({ ...options.settings, clientUrl: options.url });
  try {
    await migrate(orm);
    const knex = orm.em.getKnex();
    await seedReferenceData(knex);
    if (options.demoData) await seedDemoData(knex);
    await ensureFiguresBasis(knex, options.ragThresholds, options.logger ?? silentLogger);
    return { orm, reference: await loadReferenceCodes(orm.em) };
  } catch (error) {
    await orm.close();
    throw error;
  }
}
