import type { Knex } from '@mikro-orm/postgresql';
import { lockEveryDistrict, MAINTAINED_TABLES, recomputeEverything } from './figures-basis';

export interface FigureDifference {
  table: string;
  key: Record<string, unknown>;
  /** The row as maintained at write time; null when it is missing. */
  stored: Record<string, unknown> | null;
  /** The row as recomputed from the base tables; null when there should be none. */
  recomputed: Record<string, unknown> | null;
}

export interface VerifyReport {
  /** Rows compared per table (the recomputed side). */
  rows: Record<string, number>;
  differences: number;
  first: FigureDifference[];
}

/**
 * Recomputes every maintained figure from the base tables with the same definition (refresh_figures over every
 * project) and compares it with what writes maintained, row by row. All inside one transaction that holds every
 * district's write lock and is rolled back: the database is left as it was. Rows whose sums are all zero are
 * the same as missing rows (a district whose last project left a view keeps a row of zeros).
 */
export async function verifyFigures(knex: Knex, show = 20): Promise<VerifyReport> {
  const report: VerifyReport = { rows: {}, differences: 0, first: [] };
  await knex
    .transaction(async (trx) => {
      await lockEveryDistrict(trx);
      for (const table of MAINTAINED_TABLES) await trx.raw(`create temp table "stored_${table}" on commit drop as select * from ${table}`);
      await recomputeEverything(trx);
      for (const table of MAINTAINED_TABLES) {
        const { rows: keyRows } = (await trx.raw(
          `select a.attname as name from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
            where i.indrelid = ?::regclass and i.indisprimary`,
          [table],
        )) as { rows: { name: string }[] };
        const keyColumns = keyRows.map((row) => row.name);
        const keyOf = (alias: string) => `jsonb_build_object(${keyColumns.map((c) => `'${c}', ${alias}.${c}`).join(', ')})`;
        // Not a row of zeros: a key alone (a table whose rows are all key), or any value outside the key that is not
        // numerically 0 (or is not a number).
        const meaningful = (alias: string) => {
          const values = `jsonb_each(to_jsonb(${alias}) - array[${keyColumns.map((c) => `'${c}'`).join(', ')}])`;
          return `(not exists (select 1 from ${values}) or exists (select 1 from ${values} v
                    where jsonb_typeof(v.value) <> 'number' or (v.value)::numeric <> 0))`;
        };
        const { rows } = (await trx.raw(
          `with stored as (select ${keyOf('t')} as key, to_jsonb(t) as row from "stored_${table}" t where ${meaningful('t')}),
                recomputed as (select ${keyOf('t')} as key, to_jsonb(t) as row from ${table} t where ${meaningful('t')})
           select coalesce(s.key, r.key) as key, s.row as stored, r.row as recomputed,
             count(*) over ()::int as differences
             from stored s full join recomputed r on r.key = s.key
            where s.row is distinct from r.row
            order by 1 limit ?`,
          [show],
        )) as { rows: { key: Record<string, unknown>; stored: Record<string, unknown> | null; recomputed: Record<string, unknown> | null; differences: number }[] };
        const { rows: [count] } = (await trx.raw(`select count(*)::int as n from ${table}`)) as { rows: { n: number }[] };
        report.rows[table] = count!.n;
        report.differences += rows[0]?.differences ?? 0;
        report.first.push(...rows.map(({ key, stored, recomputed }) => ({ table, key, stored, recomputed })));
      }
      throw ROLLBACK;
    })
    .catch((error: unknown) => {
      if (error !== ROLLBACK) throw error;
    });
  report.first = report.first.slice(0, show);
  return report;
}

/** Thrown to roll the verification's transaction back once its comparison is read. */
const ROLLBACK = Symbol('rollback');
