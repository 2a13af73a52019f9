import { ReferenceKind, type EntityClass, type EntityMetadata, type MetadataStorage } from '@mikro-orm/core';

/**
 * One column of an entity's table, as the ORM's metadata describes it. Adding a property to an entity adds its
 * column here, and so to every write built from the map (the pushes, the seeds): one edit plus a migration.
 */
export interface Column {
  /** The entity property it holds: `name`, or `totalInvestment` for each column of an embedded value. */
  property: string;
  /** The property inside the embedded value (`wanYuan`), for a column of one; else null. */
  embedded: string | null;
  /** The embeddable's class name (`Money`), for a column of an embedded value; else null. */
  embeddable: string | null;
  /** The column's name: `name`, `total_investment_wan_yuan`. */
  name: string;
  /** The column's SQL type as the entity declares it: `numeric(20,4)`, `varchar(255)`, `date`, `text` (an enum). */
  type: string;
  nullable: boolean;
}

type Row = Record<string, unknown>;

/** Types a `jsonb_to_recordset` column list declares otherwise: strings as text, an identity column as its integer. */
const RECORDSET_TYPES: Record<string, string> = { varchar: 'text', 'character varying': 'text', serial: 'int', bigserial: 'bigint' };

/** The type a `jsonb_to_recordset` column list declares: no length or scale (`numeric`, not `numeric(20,4)`). */
function recordsetType(type: string): string {
  const base = type.replace(/\(.*\)$/, '').trim();
  return RECORDSET_TYPES[base] ?? base;
}

/**
 * The columns of one entity's table (or some of them), and the SQL and rows built from them. Values are
 * entity-shaped, keyed by property (`{ name, totalInvestment: { wanYuan, … } }`); rows are keyed by column.
 */
export class ColumnMap<T> {
  constructor(
    readonly table: string,
    readonly columns: readonly Column[],
  ) {}

  /** The properties these columns hold, each once, in the entity's order. */
  get properties(): (keyof T & string)[] {
    return [...new Set(this.columns.map((c) => c.property))] as (keyof T & string)[];
  }

  /** The columns of these properties (an embedded property brings all its columns), in the entity's order. */
  only(properties: readonly (keyof T & string)[]): ColumnMap<T> {
    const missing = properties.filter((p) => !this.columns.some((c) => c.property === p));
    if (missing.length > 0) throw new Error(`${this.table} has no column for ${missing.join(', ')}`);
    return new ColumnMap(this.table, this.columns.filter((c) => properties.includes(c.property as keyof T & string)));
  }

  /** Every column but those of these properties. */
  except(properties: readonly (keyof T & string)[]): ColumnMap<T> {
    return new ColumnMap(this.table, this.columns.filter((c) => !properties.includes(c.property as keyof T & string)));
  }

  /** `a, b, c`, optionally qualified: `v.a, v.b, v.c`. */
  list(alias?: string): string {
    return this.columns.map((c) => (alias ? `${alias}.${c.name}` : c.name)).join(', ');
  }

  /** `a = v.a, b = v.b`: an update's set list (`excluded` for an upsert's). */
  assign(source: string): string {
    return this.columns.map((c) => `${c.name} = ${source}.${c.name}`).join(', ');
  }

  /** `t.a = v.a and t.b = v.b`: a join on these columns. */
  matches(target: string, source: string): string {
    return this.columns.map((c) => `${target}.${c.name} = ${source}.${c.name}`).join(' and ');
  }

  /** `jsonb_to_recordset(?::jsonb) as v(a bigint, b text, …)`: the rows of `rows()`, bound as one JSON array, as a table. */
  recordset(alias: string): string {
    return `jsonb_to_recordset(?::jsonb) as ${alias}(${this.columns.map((c) => `${c.name} ${recordsetType(c.type)}`).join(', ')})`;
  }

  /** The row of these columns holding `value`'s properties; a null embedded value fills its columns with null. */
  row(value: Partial<Record<keyof T & string, unknown>>): Row {
    const source = value as Row;
    const row: Row = {};
    for (const column of this.columns) {
      const held = source[column.property];
      if (held === undefined) throw new Error(`no value for ${this.table}.${column.property} (column ${column.name})`);
      if (column.embedded === null) row[column.name] = held;
      else if (held === null) row[column.name] = null;
      else {
        const part = (held as Row)[column.embedded];
        if (part === undefined) throw new Error(`no value for ${this.table}.${column.property}.${column.embedded} (column ${column.name})`);
        row[column.name] = part;
      }
    }
    return row;
  }

  /** The rows of `values` as the JSON array `recordset()` reads. */
  json(values: readonly Partial<Record<keyof T & string, unknown>>[]): string {
    return JSON.stringify(values.map((value) => this.row(value)));
  }

  /** The values a stored row holds, keyed by property; an embedded value whose columns are all null is null. */
  read(row: Row): Row {
    const value: Row = {};
    for (const column of this.columns) {
      if (column.embedded === null) value[column.property] = row[column.name];
      else ((value[column.property] ??= {}) as Row)[column.embedded] = row[column.name];
    }
    for (const property of this.properties) {
      const embedded = this.columns.some((c) => c.property === property && c.embedded !== null);
      if (embedded && Object.values(value[property] as Row).every((part) => part == null)) value[property] = null;
    }
    return value;
  }

  /** The row of the properties `value` holds, for a write that leaves the others to their columns' defaults (the seeds). */
  rowOf(value: Partial<Record<keyof T & string, unknown>>): Row {
    return this.only(Object.keys(value) as (keyof T & string)[]).row(value);
  }

  /**
   * `{ columns: 'a, b, c', values: 'x, y, z' }` for an `insert into t (a, b, c) select x, y, z`, from an SQL expression per
   * property given (an object of expressions for an embedded one); the other columns keep their defaults.
   */
  select(sql: Partial<Record<keyof T & string, string | Record<string, string>>>): { columns: string; values: string } {
    const written = this.only(Object.keys(sql) as (keyof T & string)[]);
    const source = sql as Record<string, string | Record<string, string>>;
    const values = written.columns.map((column) => {
      const held = source[column.property];
      const expression = column.embedded === null || typeof held !== 'object' ? held : held[column.embedded];
      if (typeof expression !== 'string') throw new Error(`no SQL for column ${this.table}.${column.name}`);
      return expression;
    });
    return { columns: written.list(), values: values.join(', ') };
  }
}

/** The columns of an entity, from its discovered metadata (embedded values flattened into their prefixed columns). */
export function columnsOf<T>(meta: EntityMetadata<T>): ColumnMap<T> {
  const columns = meta.props
    .filter((prop) => prop.kind === ReferenceKind.SCALAR && prop.persist !== false && !prop.formula && prop.fieldNames?.length === 1)
    .map((prop): Column => ({
      property: prop.embedded ? prop.embedded[0] : prop.name,
      embedded: prop.embedded ? prop.embedded[1] : null,
      embeddable: prop.embedded ? meta.properties[prop.embedded[0]].type : null,
      name: prop.fieldNames[0],
      type: prop.columnTypes[0],
      nullable: !!prop.nullable,
    }));
  return new ColumnMap<T>(meta.tableName, columns);
}

const maps = new Map<EntityClass<unknown>, ColumnMap<unknown>>();

/** Every entity's columns, from the ORM's metadata (`orm.getMetadata()`); initOrm calls it, so every ORM does. */
export function registerColumnMaps(metadata: MetadataStorage): void {
  for (const meta of Object.values(metadata.getAll())) {
    if (!meta.embeddable && !meta.virtual && !meta.pivotTable && meta.class) maps.set(meta.class, columnsOf(meta));
  }
}

/** The columns of `entity`'s table (see `ColumnMap`). */
export function columnMap<T>(entity: EntityClass<T>): ColumnMap<T> {
  const map = maps.get(entity as EntityClass<unknown>);
  if (!map) throw new Error(`no column map for ${entity.name}: no ORM was initialised (initOrm), or it is not one of its entities`);
  return map as ColumnMap<T>;
}

/** A value built once, on first use: column maps exist only once the ORM has read its metadata. */
export function once<R>(build: () => R): () => R {
  let value: R | undefined;
  return () => (value ??= build());
}
