import { AsyncLocalStorage } from 'node:async_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig, OrmSettings } from '../../mikro-orm.config';
import { registerColumnMaps } from './column-map';

/** Counts the SQL statements run inside one unit of work (a request, a test), whatever the concurrency. */
export interface SqlCounter {
  statements: number;
}
const sqlCounterStorage = new AsyncLocalStorage<SqlCounter>();

/** Runs `work` with a fresh statement counter and returns both its result and the count. */
export async function countSql<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const counter: SqlCounter = { statements: 0 };
  const result = await sqlCounterStorage.run(counter, work);
  return { result, statements: counter.statements };
}

export function currentSqlCounter(): SqlCounter | undefined {
  return sqlCounterStorage.getStore();
}

/** Runs a callback-style unit of work (an HTTP request) with its own statement counter. */
export function runWithSqlCounter(work: () => void): void {
  sqlCounterStorage.run({ statements: 0 }, work);
}

export async function initOrm(settings: OrmSettings): Promise<MikroORM> {
  const orm = await MikroORM.init(createOrmConfig(settings));
  // The hand-written SQL of the writes (pushes, seeds) takes its column lists from the entities.
  registerColumnMaps(orm.getMetadata());
  // Every statement, from the ORM or hand-written SQL, goes through knex and is counted here.
  orm.em.getKnex().on('query', () => {
    const counter = sqlCounterStorage.getStore();
    if (counter) counter.statements += 1;
  });
  return orm;
}

/** Applies the committed migrations that have not run yet, each in its own transaction. */
export async function migrate(orm: MikroORM): Promise<void> {
  await orm.getMigrator().up();
}
