import { isIsoDate } from '../common/scalars';
import { bumpVersions, writeAudit } from './audit-writer';
import { ItemErrors } from './item-errors';
import { duplicateIndexes, lockProjects } from './project-lookup';
import type { PlannedItem, PushHandler, PushScope } from './push-runner';
import type { ApprovalInput } from './push.inputs';
import { Outcome } from './push.types';

interface ApprovalChange {
  projectId: string;
  row: { kind: string; issued_on: string; document_no: string | null; issuer: string | null };
  before: Record<string, unknown> | null;
}

const snapshot = (row: ApprovalChange['row']) => ({
  kind: row.kind,
  issuedOn: row.issued_on,
  documentNo: row.document_no,
  issuer: row.issuer,
});

/** recordApprovals: one approval per (project, kind), the latest record replacing the earlier one. */
export const approvalPush: PushHandler<ApprovalInput, ApprovalChange> = {
  async plan(scope: PushScope, items: ApprovalInput[]): Promise<PlannedItem<ApprovalChange>[]> {
    const projects = await lockProjects(scope, items.map((i) => i.externalId));
    const { rows: stored } = (await scope.trx.raw(
      `select project_id, kind, issued_on, document_no, issuer from approval
        where project_id in (select jsonb_array_elements_text(?::jsonb)::bigint)`,
      [JSON.stringify([...projects.values()].map((p) => p.id))],
    )) as { rows: Record<string, any>[] };
    const storedByKey = new Map(stored.map((row) => [`${row.project_id}:${row.kind}`, row]));
    const duplicates = duplicateIndexes(items, (i) => `${i.externalId}\u0000${i.kind}`);

    return items.map((item, index) => {
      const errors = new ItemErrors(`approvals.${index}`);
      const project = projects.get(item.externalId);
      if (duplicates.has(index)) {
        errors.add('kind', 'DUPLICATE_ITEM', `${item.kind} for "${item.externalId}" appears earlier in this call; send each approval once.`);
      }
      if (!project) {
        errors.add('externalId', 'UNKNOWN_PROJECT', `No project "${item.externalId}" in district ${scope.districtCode}; push it with upsertProjects first.`);
      }
      if (!isIsoDate(item.issuedOn)) errors.add('issuedOn', 'INVALID_VALUE', 'issuedOn must be a date written YYYY-MM-DD.');
      errors.notFuture('issuedOn', item.issuedOn, scope.today);
      const planned = { externalId: item.externalId, errors: errors.list, projectId: project?.id ?? null };
      if (!errors.ok || !project) return { ...planned, outcome: Outcome.REJECTED, change: null };

      const row = { kind: item.kind, issued_on: item.issuedOn, document_no: item.documentNo ?? null, issuer: item.issuer ?? null };
      const before = storedByKey.get(`${project.id}:${item.kind}`);
      const same = before && before.issued_on === row.issued_on && before.document_no === row.document_no && before.issuer === row.issuer;
      if (same) return { ...planned, outcome: Outcome.UNCHANGED, change: null };
      return {
        ...planned,
        outcome: before ? Outcome.UPDATED : Outcome.CREATED,
        change: { projectId: project.id, row, before: before ? snapshot(before as ApprovalChange['row']) : null },
      };
    });
  },

  async apply(scope, changes) {
    await scope.trx.raw(
      `insert into approval (project_id, kind, issued_on, document_no, issuer, source_ref)
       select project_id, kind, issued_on, document_no, issuer, 'district push (recordApprovals)'
         from jsonb_to_recordset(?::jsonb) as r(project_id bigint, kind text, issued_on date, document_no text, issuer text)
       on conflict (project_id, kind) do update set issued_on = excluded.issued_on, document_no = excluded.document_no,
         issuer = excluded.issuer, source_ref = excluded.source_ref`,
      [JSON.stringify(changes.map(({ change }) => ({ project_id: change.projectId, ...change.row })))],
    );
    await bumpVersions(scope, changes.map(({ change }) => change.projectId));
    await writeAudit(
      scope,
      changes.map(({ change }) => ({
        entity: 'Approval',
        entityId: `${change.projectId}:${change.row.kind}`,
        projectId: change.projectId,
        before: change.before,
        after: snapshot(change.row),
      })),
    );
    return new Map();
  },
};
