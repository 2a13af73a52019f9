import type { Knex } from '@mikro-orm/postgresql';
import type { Caller } from '../auth/caller';
import type { ReferenceCodes } from '../common/reference';
import { approvalPush } from '../push/approval-push';
import { evaluationPush } from '../push/evaluation-push';
import { projectPush } from '../push/project-push';
import { MAX_ITEMS_PER_CALL, PushHandler, runPush } from '../push/push-runner';
import { InputError, ItemResultData, Outcome } from '../push/push.types';
import { IMPORT_KINDS, ImportFile, ImportItemTypes, ImportKind, readImportFile } from './import-file';

/** The import writes as a district token would, named `cli` in the audit log. */
export const CLI_ACTOR_KEY = 'cli';
export const CHUNK_SIZE = MAX_ITEMS_PER_CALL;

/** The same handlers as the mutations: the import has no write path of its own. */
const HANDLERS: { [K in ImportKind]: PushHandler<ImportItemTypes[K], unknown> } = {
  projects: projectPush,
  approvals: approvalPush,
  evaluations: evaluationPush,
};

/** Bad usage (an unknown district…): nothing was read or written. */
export class ImportUsageError extends Error {
  override name = 'ImportUsageError';
}

export interface ImportProgress {
  /** `check`: every chunk validated with a dry run before the first is written; `write`: the chunks pushed. */
  phase: 'check' | 'write';
  done: number;
  total: number;
  chunk: number;
  chunks: number;
}

export interface ImportOptions {
  knex: Knex;
  reference: ReferenceCodes;
  districtCode: string;
  kind: ImportKind;
  path: string;
  /** The file as readImportFile read it, when the caller read it already (the CLI does, before opening the database). */
  file?: ImportFile<ImportItemTypes[ImportKind]>;
  /** Default true: a chunk with a rejected item writes nothing, and no later chunk is written. */
  atomic?: boolean;
  /** Default false: validate against the stored data and report, writing nothing. */
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * WRITTEN: pushed and written (with atomic off, its rejected items were not). UNCHANGED: pushed, nothing
 * differed from what is stored. REPLAYED: this chunk of this very file was imported before; its first
 * result is shown and nothing was written now. REJECTED: an item was rejected, so nothing of the chunk was
 * written. NOT_WRITTEN: checked only (a dry run), because of a rejection elsewhere. CHECKED: --dry-run.
 */
export type ChunkStatus = 'WRITTEN' | 'UNCHANGED' | 'REPLAYED' | 'REJECTED' | 'NOT_WRITTEN' | 'CHECKED';

export interface ChunkResult {
  /** From 0. */
  chunk: number;
  /** File indexes of its first and last item. */
  first: number;
  last: number;
  status: ChunkStatus;
  idempotencyKey: string;
  /** When the first import of a REPLAYED chunk was written. */
  replayOf: Date | null;
}

export interface ImportedItem extends ItemResultData {
  /** The item's index in the file. Error fields are paths inside the item, e.g. "totalInvestment.amount". */
  index: number;
  chunk: number;
  /** The result comes from an earlier import of the same file (idempotent replay). */
  replayed: boolean;
}

export interface ImportCounts {
  CREATED: number;
  UPDATED: number;
  UNCHANGED: number;
  REJECTED: number;
  /** Items of replayed chunks that were not rejected the first time. */
  REPLAYED: number;
}

export interface ImportResult {
  kind: ImportKind;
  districtCode: string;
  path: string;
  bytes: number;
  sha256: string;
  atomic: boolean;
  dryRun: boolean;
  /** Whether the chunks were all checked with a dry run before the first was written. */
  prechecked: boolean;
  items: number;
  chunks: ChunkResult[];
  results: ImportedItem[];
  counts: ImportCounts;
  seconds: number;
}

const notWritten = (message: string): InputError =>
  Object.assign(new InputError(), { field: '', code: 'BATCH_ABORTED', message });
const ABORTED_BY_OTHER_CHUNK = notWritten(
  'Not written because items of another chunk of this atomic import were rejected; fix those items and run the import again.',
);

/** 0 when nothing was rejected, 1 when some item was. */
export const importExitCode = (result: ImportResult): 0 | 1 => (result.counts.REJECTED > 0 ? 1 : 0);

/**
 * Imports a file of `kind` items into a district, through runPush with the mutations' own handlers, acting as
 * the district (actor key `cli`), in chunks of at most 1,000 items. Each chunk's idempotency key is made from
 * the file's content, so importing the same file again replays and writes nothing.
 *
 * Atomic (the default): a file of one chunk is all or nothing. A longer file is checked chunk by chunk with
 * dry runs first and written only if no item is rejected; should a chunk still be rejected while writing
 * (the data changed meanwhile), the chunks before it stay written and the report says so.
 */
export async function importFile(options: ImportOptions): Promise<ImportResult> {
  const started = process.hrtime.bigint();
  const { knex, districtCode, kind } = options;
  const atomic = options.atomic ?? true;
  const dryRun = options.dryRun ?? false;
  if (!options.reference.districtCodes.has(districtCode)) {
    throw new ImportUsageError(`unknown district "${districtCode}"; use one of ${[...options.reference.districtCodes].join(', ')}.`);
  }
  const file = options.file ?? (await readImportFile(options.path, kind));
  const { itemsField, mutation } = IMPORT_KINDS[kind];
  const handler = HANDLERS[kind] as PushHandler<unknown, unknown>;
  const caller: Caller = { role: 'district', districtCode, actorKey: CLI_ACTOR_KEY };

  const chunks = Array.from({ length: Math.ceil(file.items.length / CHUNK_SIZE) }, (_, chunk) => {
    const first = chunk * CHUNK_SIZE;
    const items = file.items.slice(first, first + CHUNK_SIZE);
    // The whole input is what a replay must match, `atomic` included: the mode is part of the key.
    const idempotencyKey = `${CLI_ACTOR_KEY}:${file.sha256.slice(0, 16)}:${chunk}${atomic ? '' : ':non-atomic'}`;
    return { chunk, first, last: first + items.length - 1, items, idempotencyKey };
  });
  type Chunk = (typeof chunks)[number];

  const push = async (chunk: Chunk, mode: { dryRun: boolean }): Promise<ItemResultData[]> => {
    const key = mode.dryRun ? null : chunk.idempotencyKey;
    const input = { district: districtCode, idempotencyKey: key, atomic, dryRun: mode.dryRun, [itemsField]: chunk.items };
    return runPush(knex, caller, options.reference.districtCodes, options.reference.industryCodes, handler, {
      mutation,
      itemsField,
      items: chunk.items,
      options: input,
      input,
    });
  };
  /** When this chunk of this file was already written (its key is held): then runPush replays it. */
  const storedAt = async (chunk: Chunk): Promise<Date | null> => {
    const [row] = (await knex('idempotency_key')
      .where({ district_code: districtCode, mutation, key: chunk.idempotencyKey })
      .andWhereRaw("created_at > now() - interval '48 hours'")
      .select('created_at')) as { created_at: Date }[];
    return row ? new Date(row.created_at) : null;
  };
  const rejected = (results: ItemResultData[]) => results.some((r) => r.outcome === Outcome.REJECTED);

  const chunkResults: ChunkResult[] = [];
  const itemResults: ImportedItem[] = [];
  const record = (chunk: Chunk, status: ChunkStatus, results: ItemResultData[], replayOf: Date | null = null, abortGood = false) => {
    chunkResults.push({ chunk: chunk.chunk, first: chunk.first, last: chunk.last, status, idempotencyKey: chunk.idempotencyKey, replayOf });
    const prefix = new RegExp(`^${itemsField}\\.\\d+\\.?`);
    for (const result of results) {
      const errors = result.errors.map((e) => Object.assign(new InputError(), { ...e, field: e.field.replace(prefix, '') }));
      const abort = abortGood && result.outcome !== Outcome.REJECTED;
      itemResults.push({
        ...result,
        index: chunk.first + result.index,
        chunk: chunk.chunk,
        replayed: replayOf !== null,
        outcome: abort ? Outcome.REJECTED : result.outcome,
        projectId: abort ? null : result.projectId,
        errors: abort ? [ABORTED_BY_OTHER_CHUNK] : errors,
      });
    }
  };
  let done = 0;
  const progress = (phase: ImportProgress['phase'], chunk: number) =>
    options.onProgress?.({ phase, done, total: file.items.length, chunk, chunks: chunks.length });

  if (dryRun) {
    progress('check', 0);
    for (const chunk of chunks) {
      record(chunk, 'CHECKED', await push(chunk, { dryRun: true }));
      done += chunk.items.length;
      progress('check', chunk.chunk + 1);
    }
  } else {
    // Atomic across chunks as far as a check can make it: no chunk is written while any item would be rejected.
    const prechecked = atomic && chunks.length > 1;
    let abortAll = false;
    if (prechecked) {
      const checks: { chunk: Chunk; replayOf: Date | null; results: ItemResultData[] }[] = [];
      progress('check', 0);
      for (const chunk of chunks) {
        const replayOf = await storedAt(chunk);
        checks.push({ chunk, replayOf, results: replayOf ? [] : await push(chunk, { dryRun: true }) });
        done += chunk.items.length;
        progress('check', chunk.chunk + 1);
      }
      if (checks.some((check) => rejected(check.results))) {
        abortAll = true;
        for (const { chunk, replayOf, results } of checks) {
          if (replayOf) record(chunk, 'REPLAYED', await push(chunk, { dryRun: false }), replayOf);
          else record(chunk, rejected(results) ? 'REJECTED' : 'NOT_WRITTEN', results, null, true);
        }
      }
      done = 0;
    }
    if (!abortAll) {
      progress('write', 0);
      let stopped = false;
      for (const chunk of chunks) {
        if (stopped) {
          // Not written; checked so that every rejected item of the file is reported at once.
          record(chunk, 'NOT_WRITTEN', await push(chunk, { dryRun: true }), null, true);
        } else {
          const replayOf = await storedAt(chunk);
          const results = await push(chunk, { dryRun: false });
          const status: ChunkStatus = replayOf
            ? 'REPLAYED'
            : atomic && rejected(results)
              ? 'REJECTED'
              : results.some((r) => r.outcome === Outcome.CREATED || r.outcome === Outcome.UPDATED)
                ? 'WRITTEN'
                : 'UNCHANGED';
          record(chunk, status, results, replayOf);
          stopped = atomic && status === 'REJECTED';
        }
        done += chunk.items.length;
        progress('write', chunk.chunk + 1);
      }
    }
    return finish(prechecked);
  }
  return finish(false);

  function finish(prechecked: boolean): ImportResult {
    const counts: ImportCounts = { CREATED: 0, UPDATED: 0, UNCHANGED: 0, REJECTED: 0, REPLAYED: 0 };
    for (const item of itemResults) counts[item.replayed && item.outcome !== Outcome.REJECTED ? 'REPLAYED' : item.outcome]++;
    return {
      kind,
      districtCode,
      path: file.path,
      bytes: file.bytes,
      sha256: file.sha256,
      atomic,
      dryRun,
      prechecked,
      items: file.items.length,
      chunks: chunkResults,
      results: itemResults,
      counts,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  }
}
