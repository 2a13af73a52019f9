import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum Outcome {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
  REJECTED = 'REJECTED',
}

registerEnumType(Outcome, {
  name: 'Outcome',
  description: 'What a push did with one item.',
  valuesConfig: {
    CREATED: { description: 'Written as new.' },
    UPDATED: { description: 'Changed what was stored.' },
    UNCHANGED: { description: 'Identical to what is stored: nothing changed, not even version or updatedAt.' },
    REJECTED: { description: 'Not written: see errors.' },
  },
});

@ObjectType({ description: 'Why an item was rejected: the path of the offending value inside the input, a stable code, and what to fix.' })
export class InputError {
  @Field({ description: 'Path inside the call\'s input, e.g. "projects.3.totalInvestment.amount"; empty for BATCH_ABORTED.' })
  field!: string;

  @Field({ description: 'Stable upper-case code: REQUIRED, INVALID_VALUE, INVALID_AMOUNT, INVALID_DATE, NOT_LISTED, INVALID_TRANSITION, UNKNOWN_PROJECT, UNKNOWN_INDUSTRY, UNKNOWN_INDUSTRY_LABEL, FX_RATE_MISSING, VERSION_CONFLICT, DUPLICATE_ITEM, BATCH_ABORTED.' })
  code!: string;

  @Field({ description: 'What was wrong and what is allowed, for the clerk who fixes it.' })
  message!: string;
}

/** One item's result as stored for idempotent replays: the project is referenced by id and read fresh. */
export interface ItemResultData {
  index: number;
  externalId: string;
  outcome: Outcome;
  projectId: string | null;
  errors: InputError[];
}

@ObjectType({ description: 'The result of one item of a push, in input order.' })
export class ItemResult implements ItemResultData {
  @Field(() => Int, { description: 'Position of the item in the input list, from 0.' })
  index!: number;

  @Field({ description: 'The item\'s externalId.' })
  externalId!: string;

  @Field(() => Outcome, { description: 'CREATED, UPDATED, UNCHANGED or REJECTED.' })
  outcome!: Outcome;

  projectId!: string | null;

  @Field(() => [InputError], { description: 'Why it was rejected; empty otherwise.' })
  errors!: InputError[];
}

// Referenced by no field, so not emitted: each push's payload inherits its fields.
@ObjectType({ description: 'Results of a push.' })
export class PushPayload {
  @Field(() => [ItemResult], { description: 'One result per item, in input order.' })
  results!: ItemResult[];

  @Field(() => Int, { description: 'Items created.' })
  created!: number;

  @Field(() => Int, { description: 'Items updated.' })
  updated!: number;

  @Field(() => Int, { description: 'Items unchanged.' })
  unchanged!: number;

  @Field(() => Int, { description: 'Items rejected.' })
  rejected!: number;

  static of<P extends PushPayload>(this: new () => P, results: ItemResultData[]): P {
    const payload = new this();
    payload.results = results.map((result) => Object.assign(new ItemResult(), result));
    const count = (outcome: Outcome) => results.filter((r) => r.outcome === outcome).length;
    payload.created = count(Outcome.CREATED);
    payload.updated = count(Outcome.UPDATED);
    payload.unchanged = count(Outcome.UNCHANGED);
    payload.rejected = count(Outcome.REJECTED);
    return payload;
  }
}

@ObjectType({ description: 'Results of upsertProjects.' })
export class UpsertProjectsPayload extends PushPayload {}

@ObjectType({ description: 'Results of recordApprovals.' })
export class RecordApprovalsPayload extends PushPayload {}

@ObjectType({ description: 'Results of submitEvaluations.' })
export class SubmitEvaluationsPayload extends PushPayload {}
