import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { coerceInputValue, GraphQLNonNull, GraphQLSchema, isInputObjectType } from 'graphql';
import type { ApprovalInput, EvaluationInput, ProjectInput } from '../push/push.inputs';
import { createSchema } from '../schema';

/** What a file holds, and the GraphQL input type each of its items is (the item type of the matching mutation). */
export const IMPORT_KINDS = {
  projects: { inputType: 'ProjectInput', itemsField: 'projects', mutation: 'upsertProjects' },
  approvals: { inputType: 'ApprovalInput', itemsField: 'approvals', mutation: 'recordApprovals' },
  evaluations: { inputType: 'EvaluationInput', itemsField: 'evaluations', mutation: 'submitEvaluations' },
} as const;
export type ImportKind = keyof typeof IMPORT_KINDS;

export interface ImportItemTypes {
  projects: ProjectInput;
  approvals: ApprovalInput;
  evaluations: EvaluationInput;
}

export const isImportKind = (value: unknown): value is ImportKind => typeof value === 'string' && Object.hasOwn(IMPORT_KINDS, value);

/** One thing wrong with the file; `index` is null when it is about the file as a whole. */
export interface FileIssue {
  index: number | null;
  externalId: string | null;
  /** Path inside the item, e.g. "totalInvestment.amount"; empty for the item (or file) as a whole. */
  field: string;
  message: string;
}

/** The file cannot be imported as it is (unreadable, not JSON, not an array, or items GraphQL itself would refuse). */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly issues: FileIssue[] = [],
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

export interface ImportFile<T> {
  path: string;
  bytes: number;
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
  items: T[];
}

const MAX_LISTED_ISSUES = 50;

/** The service's own schema, built once: its input types are what the mutations accept. */
let schemaPromise: Promise<GraphQLSchema> | undefined;
const serviceSchema = () => (schemaPromise ??= createSchema());

/** `#3 WJ-0003: totalInvestment.amount — BAD_USER_INPUT — …`, as the report lists rejected items. */
export function formatIssue(issue: FileIssue): string {
  const where = issue.index === null ? 'file' : `#${issue.index}${issue.externalId ? ` ${issue.externalId}` : ''}`;
  return `${where}: ${issue.field || '(item)'} — BAD_USER_INPUT — ${issue.message}`;
}

function issuesError(kind: ImportKind, file: string, total: number, issues: FileIssue[]): ImportFileError {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => `  ${formatIssue(issue)}`);
  if (issues.length > listed.length) listed.push(`  … and ${issues.length - listed.length} more`);
  const items = new Set(issues.map((issue) => issue.index)).size;
  return new ImportFileError(
    `${file}: ${items} of ${total} items are not valid ${IMPORT_KINDS[kind].inputType} values, so nothing was imported ` +
      `(GraphQL would refuse the whole call with BAD_USER_INPUT). Fix these and run the import again:\n${listed.join('\n')}`,
    issues,
  );
}

/**
 * Validates and coerces JSON values into the input items of `kind`, exactly as GraphQL coerces the
 * mutation's variables: with the same schema (its Decimal and Date scalars, its enums, required fields,
 * default values and unknown-field check).
 */
export async function coerceImportItems<K extends ImportKind>(kind: K, values: unknown, file = 'file'): Promise<ImportItemTypes[K][]> {
  const { inputType } = IMPORT_KINDS[kind];
  if (!Array.isArray(values)) {
    const hint =
      values !== null && typeof values === 'object' && Array.isArray((values as Record<string, unknown>)[IMPORT_KINDS[kind].itemsField])
        ? ` (write the "${IMPORT_KINDS[kind].itemsField}" array itself, not an object holding it)`
        : '';
    throw new ImportFileError(`${file}: expected a JSON array of ${inputType} items${hint}; got ${values === null ? 'null' : typeof values}.`);
  }
  const type = (await serviceSchema()).getType(inputType);
  if (!isInputObjectType(type)) throw new Error(`the schema has no input type ${inputType}`);
  const itemType = new GraphQLNonNull(type);
  const issues: FileIssue[] = [];
  const items = values.map((value, index) => {
    const externalId =
      value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>).externalId === 'string'
        ? ((value as Record<string, unknown>).externalId as string)
        : null;
    return coerceInputValue(value, itemType, (path, _invalid, error) => {
      // A missing or unknown field is reported at its object: name the field itself.
      const named = /^Field "([^"]+)" (?:of required type|is not defined)/.exec(error.message);
      const field = [...path, ...(named ? [named[1]!] : [])].join('.');
      issues.push({ index, externalId, field, message: error.message });
    }) as ImportItemTypes[K];
  });
  if (issues.length > 0) throw issuesError(kind, file, values.length, issues);
  return items;
}

/** Reads a file of `kind` items: its bytes (for the idempotency key) and the items, validated as GraphQL would. */
export async function readImportFile<K extends ImportKind>(path: string, kind: K): Promise<ImportFile<ImportItemTypes[K]>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ImportFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let values: unknown;
  try {
    // A byte order mark, as some Windows editors write, is not part of the JSON.
    values = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportFileError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return {
    path,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    items: await coerceImportItems(kind, values, path),
  };
}
