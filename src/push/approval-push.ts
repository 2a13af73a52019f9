import { Approval } from '../approval/approval.entity';
import { isIsoDate } from '../common/scalars';
import { columnMap, once } from '../db/column-map';
import { bumpVersions, writeAudit } from './audit-writer';
import { ItemErrors } from './item-errors';
import { duplicateIndexes, lockProjects } from './project-lookup';
import type { PlannedItem, PushHandler, PushScope } from './push-runner';
import type { ApprovalInput } from './push.inputs';
import { Outcome } from './push.types';
import { sameStored, StoredValues, storedValues } from './stored-values';

/** What a push does not write from the item: the key's project, and source_ref (set by the upsert). */
const NOT_PUSHED = ['id', 'projectId', 'sourceRef'] as const;
/** Every other property of Approval: adding one to the entity makes building these values a compile error until it is set. */
type ApprovalValues = StoredValues<Omit<Approval, (typeof NOT_PUSHED)[number]>>;

interface ApprovalChange {
  projectId: string;
  values: ApprovalValues;
  before: ApprovalValues | null;
}

/** The columns of each statement, from the entity's metadata (src/db/column-map.ts). */
const columns = once(() => {
  const approval = columnMap(Approval);
  const pushed = approval.except(NOT_PUSHED);
  return {
    pushed,
    key: approval.only(['projectId', 'kind']),
    written: approval.only(['projectId', ...pushed.properties]),
    updated: pushed.except(['kind']),
  };
});

/** recordApprovals: one approval per (project, kind), the latest record replacing the earlier one. */
export const approvalPush: PushHandler<ApprovalInput, ApprovalChange> = {
  async plan(scope: PushScope, items: ApprovalInput[]): Promise<PlannedItem<ApprovalChange>[]> {
    const projects = await lockProjects(scope, items.map((i) => i.externalId));
    const { rows: stored } = (await scope.trx.raw(
      `select ${columns().written.list()} from approval where project_id in (select jsonb_array_elements_text(?::jsonb)::bigint)`,
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

      const values: ApprovalValues = {
        kind: item.kind,
        issuedOn: item.issuedOn,
        documentNo: item.documentNo ?? null,
        issuer: item.issuer ?? null,
      };
      const row = storedByKey.get(`${project.id}:${item.kind}`);
      const before = row ? storedValues<ApprovalValues, Approval>(columns().pushed, row) : null;
      if (before && sameStored(values, before)) return { ...planned, outcome: Outcome.UNCHANGED, change: null };
      return { ...planned, outcome: before ? Outcome.UPDATED : Outcome.CREATED, change: { projectId: project.id, values, before } };
    });
  },

  async apply(scope, changes) {
    const { key, written, updated } = columns();
    await scope.trx.raw(
      `insert into approval (${written.list()}, source_ref)
       select ${written.list()}, 'district push (recordApprovals)' from ${written.recordset('r')}
       on conflict (${key.list()}) do update set ${updated.assign('excluded')}, source_ref = excluded.source_ref`,
      [written.json(changes.map(({ change: { projectId, values } }) => ({ projectId, ...values })))],
    );
    await bumpVersions(scope, changes.map(({ change }) => change.projectId));
    await writeAudit(
      scope,
      changes.map(({ change }) => ({
        entity: 'Approval',
        entityId: `${change.projectId}:${change.values.kind}`,
        projectId: change.projectId,
        before: change.before,
        after: change.values,
      })),
    );
    return new Map();
  },
};
