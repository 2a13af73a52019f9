import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/pagination';
import { DateTimeScalar, JSONScalar } from '../common/scalars';

@ObjectType({ description: 'One change written by a push (审计日志): who, when, what, before and after.' })
export class AuditEntry {
  @Field(() => ID, { description: 'Entry id; higher is newer, and ids appear in order: the order to page and poll by.' })
  id!: string;

  @Field(() => DateTimeScalar, {
    description:
      "When the writing push's transaction started (PostgreSQL now()), not when it committed: a push that started earlier " +
      'can commit after one that started later, so `at` is not the order entries appear in (poll by id, with the cursor).',
  })
  at!: Date;

  @Field({ description: 'Role of the token that wrote: district or city.' })
  actorRole!: string;

  @Field(() => ID, { nullable: true, description: "The writing token's district (district tokens)." })
  actorDistrict!: string | null;

  @Field({ description: 'First 8 hex digits of the SHA-256 of the token, or "cli" for the import command.' })
  actorKey!: string;

  @Field({ description: 'The mutation: upsertProjects, recordApprovals or submitEvaluations.' })
  mutation!: string;

  @Field({ description: 'What changed: Project, Listing, Approval or Evaluation.' })
  entity!: string;

  @Field(() => ID, { description: 'Id of what changed (a project id; project:year:level; project:kind; project:year:month).' })
  entityId!: string;

  @Field(() => ID, { nullable: true, description: 'The project the change belongs to.' })
  projectId!: string | null;

  @Field(() => ID, { description: "The written project's district." })
  district!: string;

  @Field(() => String, { nullable: true, description: 'The reason a city correction gave.' })
  reason!: string | null;

  @Field(() => JSONScalar, { nullable: true, description: 'The values before the change; null when it created them.' })
  before!: unknown;

  @Field(() => JSONScalar, { nullable: true, description: 'The values after the change; null when it removed them.' })
  after!: unknown;
}

@InputType({ description: 'Which audit entries to list.' })
export class AuditFilter {
  @Field(() => ID, { nullable: true, description: "Only changes of this district's projects." })
  district?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only changes of this project.' })
  projectId?: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'Only changes whose `at` is at or after this time. Not exact for polling: a push that started before this time can ' +
      'commit after you read; to read every entry once, page with the cursor and stop at the highest id you had.',
  })
  since?: Date | null;
}

@ObjectType({ description: 'An edge of an audit page.' })
export class AuditEntryEdge {
  @Field({ description: 'Opaque cursor of this entry.' })
  cursor!: string;

  @Field(() => AuditEntry, { description: 'The entry.' })
  node!: AuditEntry;
}

@ObjectType({ description: 'A page of audit entries, newest first (Relay connection).' })
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge], { description: 'The entries of this page.' })
  edges!: AuditEntryEdge[];

  @Field(() => PageInfo, { description: 'Whether more pages follow.' })
  pageInfo!: PageInfo;
}
