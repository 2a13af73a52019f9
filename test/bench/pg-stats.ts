import type { Knex } from '@mikro-orm/postgresql';

/** What PostgreSQL's cumulative statistics (pg_stat_database) say one database cost. */
export interface DatabaseStats {
  /** Time its sessions spent running statements (state 'active', commits included), summed over sessions, in ms. */
  activeMs: number;
  /** Rows inserted, updated and deleted. */
  rowsWritten: number;
}

export async function databaseStats(knex: Knex, database: string): Promise<DatabaseStats> {
  const { rows } = (await knex.raw(
    'select active_time, tup_inserted + tup_updated + tup_deleted as written from pg_stat_database where datname = ?',
    [database],
  )) as { rows: { active_time: number; written: string }[] };
  if (!rows[0]) throw new Error(`no pg_stat_database row for ${database}`);
  return { activeMs: Number(rows[0].active_time), rowsWritten: Number(rows[0].written) };
}

export const statsDelta = (before: DatabaseStats, after: DatabaseStats): DatabaseStats => ({
  activeMs: after.activeMs - before.activeMs,
  rowsWritten: after.rowsWritten - before.rowsWritten,
});

/**
 * Waits until no session is connected to `database`. A session's statistics reach pg_stat_database at the latest
 * when it exits (while it lives, PostgreSQL flushes them at most once a second, or 10 s later when it is idle),
 * so stopping the service and then waiting here makes the figures complete.
 */
export async function waitForNoSessions(knex: Knex, database: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = (await knex.raw('select count(*)::int as n from pg_stat_activity where datname = ? and pid <> pg_backend_pid()', [
      database,
    ])) as { rows: { n: number }[] };
    if (rows[0]!.n === 0) break;
    if (Date.now() > deadline) throw new Error(`sessions on ${database} did not end within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // An exiting session flushes its statistics before it leaves pg_stat_activity; a short pause covers the rest.
  await new Promise((resolve) => setTimeout(resolve, 200));
}

/** A new, empty database in the cluster `clusterUrl` points into; `drop()` removes it. */
export async function createDatabase(knex: Knex, clusterUrl: string, name: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  await knex.raw('drop database if exists ?? with (force)', [name]);
  await knex.raw('create database ??', [name]);
  const url = new URL(clusterUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await knex.raw('drop database if exists ?? with (force)', [name]);
    },
  };
}

export interface WaitSampler {
  /**
   * Stops sampling: the share of the active sessions' samples that waited for a lock held by another
   * transaction, and the most frequent states of those sessions ("CPU" when not waiting), with their shares.
   */
  stop(): Promise<{ samples: number; lockWaitShare: number; topStates: string }>;
}

/**
 * Samples pg_stat_activity every `intervalMs` for the sessions running a statement on `database`. `active_time`
 * counts every wait as active, so this tells how much of it was waiting (estimated, from the samples), and for
 * what (a lock, WAL writes, I/O…), rather than working.
 */
export function sampleWaits(knex: Knex, database: string, intervalMs = 50): WaitSampler {
  let running = true;
  const states = new Map<string, number>();
  const loop = (async () => {
    while (running) {
      const { rows } = (await knex.raw(
        `select coalesce(wait_event_type || ':' || wait_event, 'CPU') as state, count(*)::int as sessions
           from pg_stat_activity where datname = ? and state = 'active' group by 1`,
        [database],
      )) as { rows: { state: string; sessions: number }[] };
      for (const { state, sessions } of rows) states.set(state, (states.get(state) ?? 0) + sessions);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const samples = [...states.values()].reduce((sum, count) => sum + count, 0);
      const share = (count: number) => (samples === 0 ? 0 : count / samples);
      const lockWaits = [...states].filter(([state]) => state.startsWith('Lock:')).reduce((sum, [, count]) => sum + count, 0);
      const topStates = [...states]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([state, count]) => `${state} ${Math.round(100 * share(count))}%`)
        .join(', ');
      return { samples, lockWaitShare: share(lockWaits), topStates };
    },
  };
}
