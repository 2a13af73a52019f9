import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { AuditEntry } from './audit.types';
import { districtWriteLock } from '../push/write-scope';

/** Which audit entries, newest first. */
export interface AuditPageQuery {
  /** Only this district's entries; null: every district. */
  district: string | null;
  projectId: string | null;
  /** Only entries whose `at` is at or after this. */
  since: Date | null;
  /** Only entries older (lower id) than this one: the page after a cursor. */
  beforeId: string | null;
  limit: number;
}

interface AuditRow {
  id: string | number;
  at: string | Date;
  actor_role: string;
  actor_district: string | null;
  actor_key: string;
  mutation: string;
  entity: string;
  entity_id: string;
  project_id: string | number | null;
  district_code: string;
  reason: string | null;
  before: unknown;
  after: unknown;
}

function toEntry(row: AuditRow): AuditEntry {
  return Object.assign(new AuditEntry(), {
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
  });
}

/**
 * Waits until no push is writing, and keeps new ones from starting until the transaction ends: a shared
 * hold on every district's push lock (`districtWriteLock`, the advisory lock that push-runner.ts takes
 * for a push's whole transaction; the audit is written only by pushes). Entry ids come from a sequence
 * as a push writes, so without this a push still running could commit an id below one already read.
 */
async function waitForPushesInFlight(trx: Knex.Transaction, districtCodes: ReadonlySet<string>): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock_shared(hashtext(lock)) from unnest(?::text[]) as d(lock) order by lock', [
    [...districtCodes].sort().map(districtWriteLock),
  ]);
}

/** The audit trail's reads (the table is written by push/audit-writer.ts). */
export class AuditRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly districtCodes: ReadonlySet<string>,
  ) {}

  /**
   * One page, newest (highest id) first. Exact: it is read once no push is in flight, so every entry with
   * an id below the newest one returned is already in the table, and a later entry always gets a higher
   * id. Paging with `beforeId` never skips an entry, and neither does polling down to the last id seen.
   */
  async newestFirst(query: AuditPageQuery): Promise<AuditEntry[]> {
    return this.em.getKnex().transaction(async (trx) => {
      await waitForPushesInFlight(trx, this.districtCodes);
      const select = trx('audit_entry').select('*').orderBy('id', 'desc').limit(query.limit);
      if (query.district !== null) select.where('district_code', query.district);
      if (query.projectId !== null) select.where('project_id', query.projectId);
      if (query.since !== null) select.where('at', '>=', query.since);
      if (query.beforeId !== null) select.where('id', '<', query.beforeId);
      return ((await select) as AuditRow[]).map(toEntry);
    });
  }
}
