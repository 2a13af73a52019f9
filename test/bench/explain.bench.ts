import type { MikroORM } from '@mikro-orm/postgresql';
import { ANONYMOUS } from '../../src/auth/caller';
import { loadReferenceCodes } from '../../src/common/reference';
import { createContext } from '../../src/context';
import { createSchema } from '../../src/schema';
import { execute, parse } from 'graphql';
import { Client } from 'pg';
import type { Operation } from './http-measure';
import type { Row } from './dashboard.bench';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}
interface PlanRoot {
  Plan: PlanNode;
  'Execution Time': number;
}

function walk(node: PlanNode, visit: (node: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

/** `select … from project p where …` → a one-line label of at most 90 characters. */
const label = (sql: string) => {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 87)}…` : flat;
};

/**
 * Every SQL statement an operation issues (run in-process through the service's schema and loaders), each
 * then run again under EXPLAIN ANALYZE: its time and the indexes and sequential scans of its plan. This is
 * what the README's 'Indexes' section was chosen from.
 */
export async function explainOperation(orm: MikroORM, databaseUrl: string, dataset: string, operation: Operation): Promise<Row[]> {
  const statements: { sql: string; bindings: unknown[] }[] = [];
  const knex = orm.em.getKnex();
  const capture = (query: { sql: string; bindings?: unknown[] }) => statements.push({ sql: query.sql, bindings: query.bindings ?? [] });
  const reference = await loadReferenceCodes(orm.em.fork());
  const body = JSON.parse(operation.body) as { query: string; variables?: Record<string, unknown> };
  knex.on('query', capture);
  try {
    const result = await execute({
      schema: await createSchema(),
      document: parse(body.query),
      variableValues: body.variables,
      contextValue: createContext(orm, reference, ANONYMOUS),
    });
    if (result.errors?.length) throw new Error(`${operation.name}: ${result.errors[0]!.message}`);
  } finally {
    knex.removeListener('query', capture);
  }

  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows: Row[] = [];
    for (const { sql, bindings } of statements) {
      const { rows: plan } = await client.query<{ 'QUERY PLAN': PlanRoot[] }>(`explain (analyze, format json) ${sql}`, bindings);
      const root = plan[0]!['QUERY PLAN'][0]!;
      const indexes = new Set<string>();
      const seqScans: string[] = [];
      walk(root.Plan, (node) => {
        if (node['Index Name']) indexes.add(node['Index Name']);
        if (node['Node Type'] === 'Seq Scan') seqScans.push(`${node['Relation Name']} (${(node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1)} rows)`);
      });
      rows.push({
        dataset,
        statement: label(sql),
        'ms': Number(root['Execution Time'].toFixed(2)),
        indexes: [...indexes].join(', ') || '—',
        'seq scans': seqScans.join(', ') || '—',
      });
    }
    return rows;
  } finally {
    await client.end();
  }
}
