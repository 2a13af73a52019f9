import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { BadUserInputError, ForbiddenError } from '../common/errors';
import { decodeCursor, encodeCursor, pageSize } from '../common/pagination';
import type { Context } from '../context';
import { AuditEntry, AuditEntryConnection, AuditFilter } from './audit.types';

const ORDERING = 'AUDIT';

@Resolver()
export class AuditResolver {
  @Authorized('city', 'analyst', 'district')
  @Query(() => AuditEntryConnection, {
    description: "The audit trail of pushes, newest first. City and analyst tokens see every entry; a district token its own district's.",
  })
  async auditLog(
    @Ctx() ctx: Context,
    @Arg('filter', () => AuditFilter, { nullable: true, description: 'Which entries.' }) filter?: AuditFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1–100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts.' }) after?: string | null,
  ): Promise<AuditEntryConnection> {
    const size = pageSize(first);
    const { caller } = ctx;
    let district = filter?.district ?? null;
    if (district !== null && !ctx.reference.districtCodes.has(district)) {
      throw new BadUserInputError(`filter.district "${district}" is unknown; use one of ${[...ctx.reference.districtCodes].join(', ')}.`, 'filter.district');
    }
    if (caller.role === 'district') {
      if (district !== null && district !== caller.districtCode) {
        throw new ForbiddenError(`A district token sees only its own district's audit entries (${caller.districtCode}).`);
      }
      district = caller.districtCode;
    }
    // At most 18 digits: a bigint holds no more, and a longer one failed the statement (found by the fuzz tests).
    if (filter?.projectId != null && !/^\d{1,18}$/.test(filter.projectId)) {
      throw new BadUserInputError('filter.projectId must be a project id such as "42".', 'filter.projectId');
    }
    const query = ctx.em.getKnex()('audit_entry').select('*').orderBy('id', 'desc').limit(size + 1);
    if (district !== null) query.where('district_code', district);
    if (filter?.projectId != null) query.where('project_id', filter.projectId);
    if (filter?.since != null) query.where('at', '>=', filter.since);
    if (after) {
      const [id] = decodeCursor(after, ORDERING);
      if (typeof id !== 'string' || !/^\d{1,18}$/.test(id)) throw new BadUserInputError('after is not a valid cursor.', 'after');
      query.where('id', '<', id);
    }
    const rows = (await query) as Record<string, any>[];
    const edges = rows.slice(0, size).map((row) => ({
      cursor: encodeCursor(ORDERING, [String(row.id)]),
      node: Object.assign(new AuditEntry(), {
        id: String(row.id),
        // The driver hands timestamps over as PostgreSQL's text ("2026-11-29 19:42:38.739+00"), which the
        // DateTime scalar refuses to serialize: every auditLog asking for `at` failed (found by the fuzz tests).
        at: new Date(row.at),
        actorRole: row.actor_role,
        actorDistrict: row.actor_district,
        actorKey: row.actor_key,
        mutation: row.mutation,
        entity: row.entity,
        entityId: row.entity_id,
        projectId: row.project_id === null ? null : String(row.project_id),
        district: row.district_code,
        reason: row.reason,
        before: row.before,
        after: row.after,
      }),
    }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
