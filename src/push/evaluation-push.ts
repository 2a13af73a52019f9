import { bumpVersions, writeAudit } from './audit-writer';
import { columnMap, once } from '../db/column-map';
import { Evaluation } from '../evaluation/evaluation.entity';
import { moneyValue } from '../money/money-value';
import { ItemErrors } from './item-errors';
import { duplicateIndexes, lockProjects } from './project-lookup';
import type { PlannedItem, PushHandler, PushScope } from './push-runner';
import type { EvaluationInput } from './push.inputs';
import { Outcome } from './push.types';
import { sameStored, StoredValues, storedValues } from './stored-values';

/** What a push does not write from the item: the key's project, and what the upsert sets itself. */
const NOT_PUSHED = ['id', 'projectId', 'revision', 'submittedAt', 'sourceRef'] as const;
/** Every other property of Evaluation: adding one to the entity makes building these values a compile error until it is set. */
type EvaluationValues = StoredValues<Omit<Evaluation, (typeof NOT_PUSHED)[number]>>;
type StoredEvaluation = EvaluationValues & { revision: number };

interface EvaluationChange {
  projectId: string;
  values: EvaluationValues;
  before: StoredEvaluation | null;
}

/** The columns of each statement, from the entity's metadata (src/db/column-map.ts). */
const columns = once(() => {
  const evaluation = columnMap(Evaluation);
  const pushed = evaluation.except(NOT_PUSHED);
  return {
    key: evaluation.only(['projectId', 'year', 'month']),
    stored: evaluation.only([...pushed.properties, 'revision']),
    written: evaluation.only(['projectId', ...pushed.properties]),
    updated: pushed.except(['year', 'month']),
  };
});

/** An audit entry's before or after: the amount is named `ytd` there. */
const audited = ({ completedInvestmentYtd, ...rest }: StoredEvaluation) => ({ ...rest, ytd: completedInvestmentYtd });

/** submitEvaluations: one evaluation per (project, year, month); a changed resubmission raises its revision. */
export const evaluationPush: PushHandler<EvaluationInput, EvaluationChange> = {
  async plan(scope: PushScope, items: EvaluationInput[]): Promise<PlannedItem<EvaluationChange>[]> {
    const projects = await lockProjects(scope, items.map((i) => i.externalId));
    const projectIds = JSON.stringify([...projects.values()].map((p) => p.id));
    // One connection runs a transaction: its statements go one after another.
    const { rows: listed } = (await scope.trx.raw(
      'select distinct project_id, year from listing where project_id in (select jsonb_array_elements_text(?::jsonb)::bigint)',
      [projectIds],
    )) as { rows: Record<string, any>[] };
    // Only the months this call sends: a project's other evaluations play no part in checking it.
    const sentKeys = items.flatMap((item) => {
      const project = projects.get(item.externalId);
      return project ? [{ projectId: project.id, year: item.year, month: item.month }] : [];
    });
    const { key } = columns();
    const { rows: stored } = (await scope.trx.raw(
      // LATERAL: one unique-index lookup per sent month, never a scan of the whole table.
      `select e.* from ${key.recordset('k')} cross join lateral (select * from evaluation where ${key.matches('evaluation', 'k')}) e`,
      [key.json(sentKeys)],
    )) as { rows: Record<string, any>[] };
    const listedYears = new Set(listed.map((row) => `${row.project_id}:${row.year}`));
    const storedByKey = new Map(stored.map((row) => [`${row.project_id}:${row.year}:${row.month}`, row]));
    const duplicates = duplicateIndexes(items, (i) => `${i.externalId}\u0000${i.year}\u0000${i.month}`);
    const currentMonth = scope.today.slice(0, 7);

    return items.map((item, index) => {
      const errors = new ItemErrors(`evaluations.${index}`);
      const project = projects.get(item.externalId);
      if (duplicates.has(index)) {
        errors.add('month', 'DUPLICATE_ITEM', `${item.year}-${item.month} of "${item.externalId}" appears earlier in this call; send each month once.`);
      }
      if (!project) {
        errors.add('externalId', 'UNKNOWN_PROJECT', `No project "${item.externalId}" in district ${scope.districtCode}; push it with upsertProjects first.`);
      }
      const yearOk = errors.year('year', item.year);
      const monthOk = Number.isInteger(item.month) && item.month >= 1 && item.month <= 12;
      if (!monthOk) errors.add('month', 'INVALID_VALUE', `month must be from 1 to 12; got ${item.month}.`);
      if (yearOk && monthOk && `${item.year}-${String(item.month).padStart(2, '0')}` > currentMonth) {
        errors.add('month', 'INVALID_DATE', `${item.year}-${item.month} has not happened yet; the latest month you can report is ${currentMonth}.`);
      }
      if (yearOk && project && !listedYears.has(`${project.id}:${item.year}`)) {
        errors.add('year', 'NOT_LISTED', `"${item.externalId}" has no listing in ${item.year}; add the year's listing with upsertProjects first.`);
      }
      const pct = item.physicalProgressPct ?? null;
      if (pct !== null && !(pct >= 0 && pct <= 100)) {
        errors.add('physicalProgressPct', 'INVALID_VALUE', `physicalProgressPct is a percentage from 0 to 100; got ${pct}.`);
      }
      const ytd = yearOk ? moneyValue(errors, 'completedInvestmentYtd', item.completedInvestmentYtd, item.year, scope.rates) : null;
      const planned = { externalId: item.externalId, errors: errors.list, projectId: project?.id ?? null };
      if (!errors.ok || !project || !ytd) return { ...planned, outcome: Outcome.REJECTED, change: null };

      const values: EvaluationValues = {
        year: item.year,
        month: item.month,
        completedInvestmentYtd: ytd,
        physicalProgressPct: pct,
        assessedRag: item.assessedRag ?? null,
        comment: item.comment ?? null,
      };
      const row = storedByKey.get(`${project.id}:${item.year}:${item.month}`);
      const before = row ? storedValues<StoredEvaluation, Evaluation>(columns().stored, row) : null;
      if (before && sameStored(values, before)) return { ...planned, outcome: Outcome.UNCHANGED, change: null };
      return { ...planned, outcome: before ? Outcome.UPDATED : Outcome.CREATED, change: { projectId: project.id, values, before } };
    });
  },

  async apply(scope, changes) {
    const { key, written, updated } = columns();
    await scope.trx.raw(
      `insert into evaluation (${written.list()}, revision, submitted_at, source_ref)
       select ${written.list()}, 1, now(), 'district push (submitEvaluations)' from ${written.recordset('r')}
       on conflict (${key.list()}) do update set ${updated.assign('excluded')},
         revision = evaluation.revision + 1, submitted_at = now(), source_ref = excluded.source_ref`,
      [written.json(changes.map(({ change: { projectId, values } }) => ({ projectId, ...values })))],
    );
    await bumpVersions(scope, changes.map(({ change }) => change.projectId));
    await writeAudit(
      scope,
      changes.map(({ change: { projectId, values, before } }) => ({
        entity: 'Evaluation',
        entityId: `${projectId}:${values.year}:${values.month}`,
        projectId,
        before: before && audited(before),
        after: audited({ ...values, revision: before ? before.revision + 1 : 1 }),
      })),
    );
    return new Map();
  },
};

