import { bumpVersions, writeAudit } from './audit-writer';
import { moneyColumns, moneyFromRow, moneyValue, MoneyValue, sameMoney } from '../money/money-value';
import { ItemErrors } from './item-errors';
import { duplicateIndexes, lockProjects } from './project-lookup';
import type { PlannedItem, PushHandler, PushScope } from './push-runner';
import type { EvaluationInput } from './push.inputs';
import { Outcome } from './push.types';

interface EvaluationValues {
  year: number;
  month: number;
  ytd: MoneyValue;
  physicalProgressPct: number | null;
  assessedRag: string | null;
  comment: string | null;
}

interface EvaluationChange {
  projectId: string;
  values: EvaluationValues;
  before: (EvaluationValues & { revision: number }) | null;
}

function storedValues(row: Record<string, any>): EvaluationValues & { revision: number } {
  return {
    year: row.year,
    month: row.month,
    ytd: moneyFromRow(row, 'ytd_')!,
    physicalProgressPct: row.physical_progress_pct,
    assessedRag: row.assessed_rag,
    comment: row.comment,
    revision: row.revision,
  };
}

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
      return project ? [{ project_id: project.id, year: item.year, month: item.month }] : [];
    });
    const { rows: stored } = (await scope.trx.raw(
      // LATERAL: one unique-index lookup per sent month, never a scan of the whole table.
      `select e.* from jsonb_to_recordset(?::jsonb) as k(project_id bigint, year int, month int)
         cross join lateral (select * from evaluation where project_id = k.project_id and year = k.year and month = k.month) e`,
      [JSON.stringify(sentKeys)],
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
        ytd,
        physicalProgressPct: pct,
        assessedRag: item.assessedRag ?? null,
        comment: item.comment ?? null,
      };
      const row = storedByKey.get(`${project.id}:${item.year}:${item.month}`);
      const before = row ? storedValues(row) : null;
      const same =
        before &&
        sameMoney(before.ytd, ytd) &&
        before.physicalProgressPct === pct &&
        before.assessedRag === values.assessedRag &&
        before.comment === values.comment;
      if (same) return { ...planned, outcome: Outcome.UNCHANGED, change: null };
      return { ...planned, outcome: before ? Outcome.UPDATED : Outcome.CREATED, change: { projectId: project.id, values, before } };
    });
  },

  async apply(scope, changes) {
    const rows = changes.map(({ change: { projectId, values } }) => ({
      project_id: projectId,
      year: values.year,
      month: values.month,
      ...moneyColumns('ytd_', values.ytd),
      physical_progress_pct: values.physicalProgressPct,
      assessed_rag: values.assessedRag,
      comment: values.comment,
    }));
    await scope.trx.raw(
      `insert into evaluation (project_id, year, month, ytd_wan_yuan, ytd_original, ytd_original_unit, ytd_currency, ytd_qualifier,
         physical_progress_pct, assessed_rag, comment, revision, submitted_at, source_ref)
       select project_id, year, month, ytd_wan_yuan, ytd_original, ytd_original_unit, ytd_currency, ytd_qualifier,
         physical_progress_pct, assessed_rag, comment, 1, now(), 'district push (submitEvaluations)'
         from jsonb_to_recordset(?::jsonb) as r(project_id bigint, year int, month int, ytd_wan_yuan numeric, ytd_original numeric,
           ytd_original_unit text, ytd_currency text, ytd_qualifier text, physical_progress_pct float8, assessed_rag text, comment text)
       on conflict (project_id, year, month) do update set
         ytd_wan_yuan = excluded.ytd_wan_yuan, ytd_original = excluded.ytd_original, ytd_original_unit = excluded.ytd_original_unit,
         ytd_currency = excluded.ytd_currency, ytd_qualifier = excluded.ytd_qualifier,
         physical_progress_pct = excluded.physical_progress_pct, assessed_rag = excluded.assessed_rag, comment = excluded.comment,
         revision = evaluation.revision + 1, submitted_at = now(), source_ref = excluded.source_ref`,
      [JSON.stringify(rows)],
    );
    await bumpVersions(scope, changes.map(({ change }) => change.projectId));
    await writeAudit(
      scope,
      changes.map(({ change: { projectId, values, before } }) => ({
        entity: 'Evaluation',
        entityId: `${projectId}:${values.year}:${values.month}`,
        projectId,
        before,
        after: { ...values, revision: before ? before.revision + 1 : 1 },
      })),
    );
    return new Map();
  },
};

