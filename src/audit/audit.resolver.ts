import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { readableDistrict } from '../auth/district-scope';
import { BadUserInputError } from '../common/errors';
import { decodeCursor, encodeCursor, pageSize } from '../common/pagination';
import type { Context } from '../context';
import { AuditRepository } from './audit.repository';
import { AuditEntryConnection, AuditFilter } from './audit.types';

const ORDERING = 'AUDIT';
/** A bigint holds at most 18 digits; a longer id failed the statement (found by the fuzz tests). */
const ID = /^\d{1,18}$/;

@Resolver()
export class AuditResolver {
  @Authorized('city', 'analyst', 'district')
  @Query(() => AuditEntryConnection, {
    description:
      "The audit trail of pushes, newest (highest id) first. City and analyst tokens see every entry; a district token its own district's. " +
      'Exact: ids appear in order (a read waits for pushes in flight), so paging with `after` never skips an entry, and polling by ' +
      'reading from the newest page down to the highest id seen last time never misses one. `filter.since` is not exact for polling.',
  })
  async auditLog(
    @Ctx() ctx: Context,
    @Arg('filter', () => AuditFilter, { nullable: true, description: 'Which entries.' }) filter?: AuditFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1–100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, {
      nullable: true,
      description: 'Cursor (an edge cursor or pageInfo.endCursor) after which the page starts, towards older entries.',
    })
    after?: string | null,
  ): Promise<AuditEntryConnection> {
    const size = pageSize(first);
    const requested = filter?.district ?? null;
    if (requested !== null && !ctx.reference.districtCodes.has(requested)) {
      throw new BadUserInputError(`filter.district "${requested}" is unknown; use one of ${[...ctx.reference.districtCodes].join(', ')}.`, 'filter.district');
    }
    const district = readableDistrict(ctx.caller, requested, 'audit entries');
    const projectId = filter?.projectId ?? null;
    if (projectId !== null && !ID.test(projectId)) {
      throw new BadUserInputError('filter.projectId must be a project id such as "42".', 'filter.projectId');
    }
    let beforeId: string | null = null;
    if (after) {
      const [id] = decodeCursor(after, ORDERING);
      if (typeof id !== 'string' || !ID.test(id)) throw new BadUserInputError('after is not a valid cursor.', 'after');
      beforeId = id;
    }
    const entries = await new AuditRepository(ctx.em, ctx.reference.districtCodes).newestFirst({
      district,
      projectId,
      since: filter?.since ?? null,
      beforeId,
      limit: size + 1,
    });
    const edges = entries.slice(0, size).map((node) => ({ cursor: encodeCursor(ORDERING, [node.id]), node }));
    return { edges, pageInfo: { hasNextPage: entries.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
