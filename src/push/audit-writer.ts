import type { PushScope } from './push-runner';

export interface AuditRecord {
  entity: 'Project' | 'Listing' | 'Approval' | 'Evaluation';
  entityId: string;
  projectId: string;
  reason?: string | null;
  before: unknown;
  after: unknown;
}

/** Writes a call's audit entries in one statement, in the writing transaction. */
export async function writeAudit(scope: PushScope, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  const rows = records.map((record) => ({
    actor_role: scope.caller.role,
    actor_district: scope.caller.districtCode,
    actor_key: scope.caller.actorKey,
    mutation: scope.mutation,
    entity: record.entity,
    entity_id: record.entityId,
    project_id: record.projectId,
    district_code: scope.districtCode,
    reason: record.reason ?? null,
    before: record.before ?? null,
    after: record.after ?? null,
  }));
  await scope.trx.raw(
    `insert into audit_entry (actor_role, actor_district, actor_key, mutation, entity, entity_id, project_id, district_code, reason, before, after)
     select actor_role, actor_district, actor_key, mutation, entity, entity_id, project_id, district_code, reason, before, after
       from jsonb_to_recordset(?::jsonb) as r(actor_role text, actor_district text, actor_key text, mutation text, entity text,
         entity_id text, project_id bigint, district_code text, reason text, before jsonb, after jsonb)`,
    [JSON.stringify(rows)],
  );
}

/** Raises the version of each changed project once per call, however many of its parts changed. */
export async function bumpVersions(scope: PushScope, projectIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(projectIds)];
  if (ids.length === 0) return;
  await scope.trx.raw(
    'update project set version = version + 1, updated_at = now() where id in (select jsonb_array_elements_text(?::jsonb)::bigint)',
    [JSON.stringify(ids)],
  );
}
