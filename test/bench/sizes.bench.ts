import type { Knex } from '@mikro-orm/postgresql';
import { MAINTAINED_TABLES } from '../../src/figures/figures-basis';
import type { Row } from './dashboard.bench';

const BASE_TABLES = ['project', 'listing', 'approval', 'evaluation'] as const;

/** 48 KiB, 12.3 MiB, 1.20 GiB. */
export function byteSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/**
 * What the maintained figures cost on disk at one dataset size, next to the base tables for scale: exact row counts,
 * the table (heap and TOAST), its indexes and the total (pg_total_relation_size); then each index of the maintained
 * tables. Measured right after the generator and `vacuum analyze`.
 */
export async function tableSizes(knex: Knex, dataset: string): Promise<{ tables: Row[]; indexes: Row[] }> {
  const tables: Row[] = [];
  for (const [kind, names] of [['base', BASE_TABLES], ['maintained', MAINTAINED_TABLES]] as const) {
    for (const table of names) {
      const { rows: [size] } = (await knex.raw(
        `select (select count(*) from ??)::bigint as rows, pg_table_size(?::regclass) as heap, pg_indexes_size(?::regclass) as indexes,
           pg_total_relation_size(?::regclass) as total,
           (select count(*) from pg_index where indrelid = ?::regclass)::int as index_count`,
        [table, table, table, table, table],
      )) as { rows: { rows: string; heap: string; indexes: string; total: string; index_count: number }[] };
      tables.push({
        dataset,
        table,
        kind,
        rows: Number(size!.rows).toLocaleString('en'),
        'heap + TOAST': byteSize(Number(size!.heap)),
        indexes: `${byteSize(Number(size!.indexes))} (${size!.index_count})`,
        'total (pg_total_relation_size)': byteSize(Number(size!.total)),
      });
    }
  }
  const { rows: indexRows } = (await knex.raw(
    `select c.relname as "table", i.relname as "index", pg_relation_size(i.oid) as bytes
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid
      where c.relname = any(?) and c.relnamespace = current_schema()::regnamespace
      order by array_position(?::text[], c.relname::text), i.relname`,
    [[...MAINTAINED_TABLES], [...MAINTAINED_TABLES]],
  )) as { rows: { table: string; index: string; bytes: string }[] };
  const indexes = indexRows.map((row) => ({ dataset, table: row.table, index: row.index, size: byteSize(Number(row.bytes)) }));
  return { tables, indexes };
}
