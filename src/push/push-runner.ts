import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import type { Caller } from '../auth/caller';
import { BadUserInputError, ExpectedError } from '../common/errors';
import { chinaToday } from '../common/china-time';
import { isStorableText, storableCopy } from '../common/storable-text';
import { RateTable } from '../money/fx';
import { targetDistrict } from '../auth/district-scope';
import { enterWriteScope } from './write-scope';
import type { PushOptions } from './push.inputs';
import { InputError, ItemResultData, Outcome } from './push.types';

export const MAX_ITEMS_PER_CALL = 1000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;
export type MutationName = 'upsertProjects' | 'recordApprovals' | 'submitEvaluations';

/** What every item of one call is checked and written against. */
export interface PushScope {
  trx: Knex.Transaction;
  districtCode: string;
  caller: Caller;
  mutation: MutationName;
  today: string;
  rates: RateTable;
  industryCodes: ReadonlySet<string>;
}

/** One item as planned: rejected (errors), or what writing it would do. */
export interface PlannedItem<Change> {
  externalId: string;
  errors: InputError[];
  outcome: Outcome;
  projectId: string | null;
  change: Change | null;
}

/** The rules and the set-based writes of one mutation. */
export interface PushHandler<Item, Change> {
  /** Checks every item against the stored state (read in a few set-based statements, rows locked). */
  plan(scope: PushScope, items: Item[]): Promise<PlannedItem<Change>[]>;
  /** Writes the accepted changes with their audit entries; returns the new project ids of created items by index. */
  apply(scope: PushScope, changes: { index: number; change: Change }[]): Promise<Map<number, string>>;
}

export interface PushCall<Item> {
  mutation: MutationName;
  itemsField: string;
  items: Item[];
  options: PushOptions;
  /** The whole input, as the idempotency key's fingerprint. */
  input: unknown;
}

export class IdempotencyKeyReusedError extends ExpectedError {
  constructor(key: string) {
    super(
      `idempotencyKey "${key}" was already used with a different input; use a new key for a new push, or resend exactly the same input to replay its result.`,
      { extensions: { code: 'IDEMPOTENCY_KEY_REUSED', argument: 'input.idempotencyKey' } },
    );
  }
}

/** A stable fingerprint of the input: keys sorted, so field order in the request does not matter. */
function fingerprint(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().filter((k) => (v as any)[k] !== undefined).map((k) => [k, canonical((v as any)[k])]))
        : v;
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex');
}

const batchAborted = () =>
  Object.assign(new InputError(), {
    field: '',
    code: 'BATCH_ABORTED',
    message: 'Not written because another item of this atomic call was rejected; fix those items and resend the whole call.',
  });

/**
 * One push, in one transaction: authority, the district's write lock, idempotency, every item planned,
 * then all-or-nothing (atomic) or the valid items written, with their audit entries.
 */
export async function runPush<Item, Change>(
  knex: Knex,
  caller: Caller,
  districtCodes: ReadonlySet<string>,
  industryCodes: ReadonlySet<string>,
  handler: PushHandler<Item, Change>,
  call: PushCall<Item>,
): Promise<ItemResultData[]> {
  const districtCode = targetDistrict(caller, call.options.district, districtCodes);
  if (call.items.length > MAX_ITEMS_PER_CALL) {
    throw new BadUserInputError(
      `input.${call.itemsField} has ${call.items.length} items; send at most ${MAX_ITEMS_PER_CALL} per call (split the push into chunks).`,
      `input.${call.itemsField}`,
    );
  }
  const key = call.options.idempotencyKey ?? null;
  // The key column is non-empty text in a b-tree primary key, which holds at most ~2,700 bytes an entry:
  // a key breaking either failed the write with an internal error (found by the fuzz tests).
  if (key !== null && (key === '' || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !isStorableText(key))) {
    throw new BadUserInputError(
      `input.idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters without U+0000 or unpaired surrogates; use a UUID, say.`,
      'input.idempotencyKey',
    );
  }
  const inputHash = fingerprint(call.input);
  // Text PostgreSQL cannot hold (U+0000, unpaired surrogates) would fail the call's statements with an
  // internal error: it is the item's INVALID_VALUE instead, and the item is planned with it escaped, so
  // that no statement (nor a stored replay) ever sees it.
  const storable = call.items.map((item, index) => storableCopy(item, `${call.itemsField}.${index}`));

  return knex.transaction(async (trx) => {
    // One writer per district at a time: versions, idempotency keys and "exactly one wins" stay simple and exact.
    // The data version counts this transaction's writes in the district's own row (migration 20261129), so
    // pushes of different districts do not queue behind one counter. From here on the push writes as the service
    // role, which row-level security lets write only the caller's district (write-scope.ts).
    await enterWriteScope(trx, caller, districtCode);
    if (key !== null) {
      const [stored] = (await trx('idempotency_key')
        .where({ district_code: districtCode, mutation: call.mutation, key })
        .andWhereRaw("created_at > now() - interval '48 hours'")
        .select('input_hash', 'response')) as { input_hash: string; response: ItemResultData[] }[];
      if (stored) {
        if (stored.input_hash !== inputHash) throw new IdempotencyKeyReusedError(key);
        return stored.response;
      }
    }

    const rates = new RateTable(
      ((await trx('currency_rate').select('currency', 'year', 'cny_per_unit')) as { currency: string; year: number; cny_per_unit: string }[]).map(
        (r) => ({ currency: r.currency, year: r.year, cnyPerUnit: r.cny_per_unit }),
      ),
    );
    const scope: PushScope = { trx, districtCode, caller, mutation: call.mutation, today: chinaToday(), rates, industryCodes };
    const planned = await handler.plan(scope, storable.map((item) => item.value));
    storable.forEach(({ paths }, index) => {
      for (const field of paths) {
        planned[index]!.errors.push(
          Object.assign(new InputError(), {
            field,
            code: 'INVALID_VALUE',
            message: `${field} holds a character that cannot be stored (U+0000 or an unpaired UTF-16 surrogate); remove it and resend.`,
          }),
        );
      }
    });
    const anyRejected = planned.some((item) => item.errors.length > 0);
    const results: ItemResultData[] = planned.map((item, index) => ({
      index,
      externalId: item.externalId,
      outcome: item.errors.length > 0 ? Outcome.REJECTED : item.outcome,
      projectId: item.projectId,
      errors: item.errors,
    }));
    if (anyRejected && call.options.atomic !== false) {
      return results.map((result) =>
        result.outcome === Outcome.REJECTED ? result : { ...result, outcome: Outcome.REJECTED, errors: [batchAborted()] },
      );
    }
    const changes = planned
      .map((item, index) => ({ index, change: item.change }))
      .filter((entry): entry is { index: number; change: Change } => entry.change !== null && planned[entry.index]!.errors.length === 0);
    if (call.options.dryRun === true || changes.length === 0) return results;

    const createdIds = await handler.apply(scope, changes);
    for (const [index, projectId] of createdIds) results[index]!.projectId = projectId;
    if (key !== null) {
      await trx('idempotency_key').where({ district_code: districtCode, mutation: call.mutation, key }).delete();
      await trx('idempotency_key').insert({
        district_code: districtCode,
        mutation: call.mutation,
        key,
        input_hash: inputHash,
        response: JSON.stringify(results),
      });
      await trx.raw("delete from idempotency_key where created_at < now() - interval '48 hours'");
    }
    return results;
  });
}
