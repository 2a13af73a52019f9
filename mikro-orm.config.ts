import { defineConfig, Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Client } from 'pg';
import type { Logger } from './src/observability/logger';
import { Approval } from './src/approval/approval.entity';
import { District } from './src/district/district.entity';
import { Evaluation } from './src/evaluation/evaluation.entity';
import { IndustryLabelMapping } from './src/industry/industry-label.entity';
import { Industry } from './src/industry/industry.entity';
import { Migration20261122000000_initial } from './src/migrations/Migration20261122000000_initial';
import { Migration20261122000100_data_version } from './src/migrations/Migration20261122000100_data_version';
import { Migration20261129000000_data_version_per_writer } from './src/migrations/Migration20261129000000_data_version_per_writer';
import { Migration20261129000100_evaluation_month_index } from './src/migrations/Migration20261129000100_evaluation_month_index';
import { Migration20261201000000_maintained_figures } from './src/migrations/Migration20261201000000_maintained_figures';
import { Migration20261201000100_row_level_security } from './src/migrations/Migration20261201000100_row_level_security';
import { closeAfterReadTimeout } from './src/db/read-timeout';
import { Money } from './src/money/money.embeddable';
import { Listing } from './src/project/listing.entity';
import { Project } from './src/project/project.entity';

export interface OrmSettings {
  clientUrl: string;
  debug?: boolean;
  /** The service passes its DB_* configuration; command-line tools keep these defaults (no statement timeout). */
  poolMax?: number;
  acquireTimeoutMs?: number;
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
  /** The driver gives up on a query not answered in this long (pg's query_timeout; 0 or unset = never). */
  queryTimeoutMs?: number;
  /** Where the driver's own warnings go (a lost connection…); knex prints them to the console otherwise. */
  logger?: Pick<Logger, 'warn' | 'error' | 'debug'>;
}

/** knex's own messages (a lost connection…) as log lines at the matching level. */
function driverLog(logger: NonNullable<OrmSettings['logger']>) {
  const at = (level: 'warn' | 'error' | 'debug') => (message: unknown) => logger[level]({ msg: 'database driver', detail: String(message) });
  return { warn: at('warn'), error: at('error'), deprecate: at('debug'), debug: at('debug') };
}

/** The one MikroORM configuration of the service, its tests and its command-line tools. */
export function createOrmConfig(settings: OrmSettings): Options {
  return defineConfig({
    clientUrl: settings.clientUrl,
    entities: [District, Industry, IndustryLabelMapping, Project, Listing, Approval, Evaluation, Money],
    extensions: [Migrator],
    migrations: {
      // Listed explicitly so the compiled service and the TypeScript tests load the same migrations.
      migrationsList: [
        { name: 'Migration20261122000000_initial', class: Migration20261122000000_initial },
        { name: 'Migration20261122000100_data_version', class: Migration20261122000100_data_version },
        { name: 'Migration20261129000000_data_version_per_writer', class: Migration20261129000000_data_version_per_writer },
        { name: 'Migration20261129000100_evaluation_month_index', class: Migration20261129000100_evaluation_month_index },
        { name: 'Migration20261201000000_maintained_figures', class: Migration20261201000000_maintained_figures },
        { name: 'Migration20261201000100_row_level_security', class: Migration20261201000100_row_level_security },
      ],
      transactional: true,
      silent: true,
      // No per-database snapshot files: the migrations are hand-written and listed above.
      snapshot: false,
      allOrNothing: true,
    },
    // Every request forks its own EntityManager; the global one must never be used by accident.
    allowGlobalContext: false,
    debug: settings.debug ?? false,
    forceUtcTimezone: true,
    pool: {
      min: 0,
      max: settings.poolMax ?? 10,
      // A connection whose query timed out is closed, never lent again (see closeAfterReadTimeout).
      ...(settings.queryTimeoutMs && {
        afterCreate: (connection: Client, done: (error: Error | null, connection: Client) => void) => {
          closeAfterReadTimeout(connection);
          done(null, connection);
        },
      }),
    },
    driverOptions: {
      ...(settings.logger && { log: driverLog(settings.logger) }),
      // Waiting longer for a connection than a client waits for an answer only piles up work: fail fast, recover.
      acquireConnectionTimeout: settings.acquireTimeoutMs ?? 60_000,
      connection: {
        // Set per session by the driver at connect: no statement or idle transaction holds locks forever.
        statement_timeout: settings.statementTimeoutMs ?? 0,
        idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs ?? 0,
        // Client-side, for a server that answers nothing at all (frozen, or the network lost): fails with 'Query read timeout'.
        query_timeout: settings.queryTimeoutMs ?? 0,
        connectionTimeoutMillis: settings.acquireTimeoutMs ?? 60_000,
        application_name: 'cz-projects',
      },
    },
  });
}
