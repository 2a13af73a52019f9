import { isIsoDate } from '../common/scalars';
import { totalInvestmentRateYear } from '../money/fx';
import { isAllowedTransition, requiredDates } from '../project/lifecycle';
import { ProjectStatus } from '../project/project.enums';
import { writeAudit, AuditRecord } from './audit-writer';
import { moneyColumns, moneyFromRow, moneyValue, MoneyValue, sameMoney } from '../money/money-value';
import { ItemErrors } from './item-errors';
import { duplicateIndexes, lockProjects } from './project-lookup';
import type { PlannedItem, PushHandler, PushScope } from './push-runner';
import type { ListingInput, ProjectInput } from './push.inputs';
import { Outcome } from './push.types';

const DATE_FIELDS = ['signedOn', 'listedOn', 'startedOn', 'completedOn', 'productionOn'] as const;
/** Each pair must be in order; the error goes on the later date of the chain. */
const DATE_CHAIN: [(typeof DATE_FIELDS)[number], (typeof DATE_FIELDS)[number]][] = [
  ['startedOn', 'completedOn'],
  ['completedOn', 'productionOn'],
  ['startedOn', 'productionOn'],
];
const SOURCE_REF = 'district push (upsertProjects)';

interface ProjectValues {
  projectCode: string | null;
  name: string;
  company: string | null;
  park: string | null;
  industryCode: string;
  industryLabel: string | null;
  status: ProjectStatus;
  suspendedFrom: ProjectStatus | null;
  totalInvestment: MoneyValue;
  capacity: string | null;
  signedOn: string | null;
  listedOn: string | null;
  startedOn: string | null;
  completedOn: string | null;
  productionOn: string | null;
}

interface ListingValues {
  year: number;
  level: string;
  category: string;
  constructionType: string;
  annualPlannedInvestment: MoneyValue;
  plannedStartOn: string | null;
  plannedCompletionOn: string | null;
}

interface ProjectChange {
  externalId: string;
  projectId: string | null;
  values: ProjectValues;
  before: ProjectValues | null;
  /** Years whose stored listings are dropped, and the listings written in their place. */
  replacedYears: number[];
  listings: ListingValues[];
  listingsBefore: ListingValues[];
  reason: string | null;
}

function valuesFromRow(row: Record<string, any>): ProjectValues {
  return {
    projectCode: row.project_code,
    name: row.name,
    company: row.company,
    park: row.park,
    industryCode: row.industry_code,
    industryLabel: row.industry_label,
    status: row.status,
    suspendedFrom: row.suspended_from,
    totalInvestment: moneyFromRow(row, 'total_investment_')!,
    capacity: row.capacity,
    signedOn: row.signed_on,
    listedOn: row.listed_on,
    startedOn: row.started_on,
    completedOn: row.completed_on,
    productionOn: row.production_on,
  };
}

function listingFromRow(row: Record<string, any>): ListingValues {
  return {
    year: row.year,
    level: row.level,
    category: row.category,
    constructionType: row.construction_type,
    annualPlannedInvestment: moneyFromRow(row, 'planned_')!,
    plannedStartOn: row.planned_start_on,
    plannedCompletionOn: row.planned_completion_on,
  };
}

function sameValues(a: ProjectValues, b: ProjectValues): boolean {
  return (Object.keys(a) as (keyof ProjectValues)[]).every((key) =>
    key === 'totalInvestment' ? sameMoney(a.totalInvestment, b.totalInvestment) : a[key] === b[key],
  );
}

const listingKey = (l: { year: number; level: string }) => `${l.year}:${l.level}`;

function sameListings(a: ListingValues[], b: ListingValues[]): boolean {
  if (a.length !== b.length) return false;
  const byKey = new Map(b.map((l) => [listingKey(l), l]));
  return a.every((l) => {
    const other = byKey.get(listingKey(l));
    return (
      !!other &&
      other.category === l.category &&
      other.constructionType === l.constructionType &&
      other.plannedStartOn === l.plannedStartOn &&
      other.plannedCompletionOn === l.plannedCompletionOn &&
      sameMoney(other.annualPlannedInvestment, l.annualPlannedInvestment)
    );
  });
}

function checkListings(errors: ItemErrors, listings: ListingInput[], scope: PushScope): ListingValues[] {
  const duplicates = duplicateIndexes(listings, listingKey);
  return listings.flatMap((listing, i) => {
    const path = `listings.${i}`;
    if (duplicates.has(i)) errors.add(`${path}.level`, 'DUPLICATE_ITEM', `${path}: ${listing.year} ${listing.level} is listed twice in this project; send it once.`);
    if (!errors.year(`${path}.year`, listing.year)) return [];
    if (listing.plannedStartOn && listing.plannedCompletionOn && listing.plannedCompletionOn < listing.plannedStartOn) {
      errors.add(`${path}.plannedCompletionOn`, 'INVALID_DATE', `${path}.plannedCompletionOn ${listing.plannedCompletionOn} is before plannedStartOn ${listing.plannedStartOn}.`);
    }
    const plan = moneyValue(errors, `${path}.annualPlannedInvestment`, listing.annualPlannedInvestment, listing.year, scope.rates);
    if (!plan) return [];
    return [
      {
        year: listing.year,
        level: listing.level,
        category: listing.category,
        constructionType: listing.constructionType,
        annualPlannedInvestment: plan,
        plannedStartOn: listing.plannedStartOn ?? null,
        plannedCompletionOn: listing.plannedCompletionOn ?? null,
      },
    ];
  });
}

/** upsertProjects: whole-record upserts of a district's projects, with their listings by year. */
export const projectPush: PushHandler<ProjectInput, ProjectChange> = {
  async plan(scope: PushScope, items: ProjectInput[]): Promise<PlannedItem<ProjectChange>[]> {
    const stored = await lockProjects(scope, items.map((i) => i.externalId), '*');
    const ids = JSON.stringify([...stored.values()].map((row) => row.id));
    const codes = JSON.stringify(items.map((i) => i.projectCode).filter((code): code is string => !!code));
    // One connection runs a transaction: its statements go one after another.
    const read = async (sql: string, bindings: unknown[]) => ((await scope.trx.raw(sql, bindings as any)) as { rows: Record<string, any>[] }).rows;
    const listingRows = await read('select * from listing where project_id in (select jsonb_array_elements_text(?::jsonb)::bigint)', [ids]);
    const labelRows = await read('select label, industry_code from industry_label where district_code = ?', [scope.districtCode]);
    const codeRows = await read(
      'select project_code, district_code, external_id from project where project_code in (select jsonb_array_elements_text(?::jsonb))',
      [codes],
    );
    const listingsByProject = new Map<string, ListingValues[]>();
    for (const row of listingRows) listingsByProject.set(String(row.project_id), [...(listingsByProject.get(String(row.project_id)) ?? []), listingFromRow(row)]);
    const labels = new Map(labelRows.map((row) => [row.label as string, row.industry_code as string]));
    const codeOwners = new Map(codeRows.map((row) => [row.project_code as string, `${row.district_code}/${row.external_id}`]));
    const duplicates = duplicateIndexes(items, (i) => i.externalId);
    const duplicateCodes = duplicateIndexes(items, (i) => i.projectCode || null);

    return items.map((item, index) => {
      const errors = new ItemErrors(`projects.${index}`);
      const row = stored.get(item.externalId);
      const before = row ? valuesFromRow(row) : null;
      const planned = { externalId: item.externalId, errors: errors.list, projectId: row ? String(row.id) : null };
      const reject = () => ({ ...planned, outcome: Outcome.REJECTED, change: null });

      if (duplicates.has(index)) errors.add('externalId', 'DUPLICATE_ITEM', `"${item.externalId}" appears earlier in this call; send each project once.`);
      errors.required('externalId', item.externalId);
      errors.maxLength('externalId', item.externalId);
      errors.maxLength('projectCode', item.projectCode);
      errors.required('name', item.name);
      if (item.expectedVersion != null && item.expectedVersion !== (row?.version ?? null)) {
        errors.add(
          'expectedVersion',
          'VERSION_CONFLICT',
          row
            ? `"${item.externalId}" is at version ${row.version}, not ${item.expectedVersion}: it changed since you read it. Read it again, then resend.`
            : `"${item.externalId}" does not exist yet, so it has no version ${item.expectedVersion}; leave expectedVersion out to create it.`,
        );
      }
      if (item.projectCode) {
        const owner = codeOwners.get(item.projectCode);
        if (duplicateCodes.has(index)) errors.add('projectCode', 'DUPLICATE_ITEM', `projectCode ${item.projectCode} is used by an earlier item of this call.`);
        else if (owner && owner !== `${scope.districtCode}/${item.externalId}`) {
          errors.add('projectCode', 'INVALID_VALUE', `projectCode ${item.projectCode} already belongs to project ${owner}; a code identifies one project.`);
        }
      }

      // Industry: exactly one of the code and the district's own label.
      let industryCode: string | null = null;
      const label = item.industryLabel?.trim() || null;
      if ((item.industryCode == null) === (label == null)) {
        errors.add('industryCode', 'INVALID_VALUE', 'Send exactly one of industryCode (a taxonomy code such as "NE.BAT") and industryLabel (your district\'s label).');
      } else if (item.industryCode != null) {
        if (scope.industryCodes.has(item.industryCode)) industryCode = item.industryCode;
        else errors.add('industryCode', 'UNKNOWN_INDUSTRY', `industryCode "${item.industryCode}" is not in the city taxonomy; query \`industries\` for the codes.`);
      } else {
        industryCode = labels.get(label!) ?? null;
        if (industryCode === null) {
          errors.add('industryLabel', 'UNKNOWN_INDUSTRY_LABEL', `"${label}" is not one of district ${scope.districtCode}'s industry labels; query \`industryLabels(district: "${scope.districtCode}")\`, or send industryCode.`);
        }
      }

      // Status: the lifecycle, unless a city token corrects it with a reason.
      const reason = item.reason?.trim() || null;
      const cityCorrection = scope.caller.role === 'city' && reason !== null;
      if (!before && item.status === ProjectStatus.SUSPENDED) {
        errors.add('status', 'INVALID_TRANSITION', 'A new project cannot start SUSPENDED: there is no status for it to return to. Send the status it is in.');
      } else if (before && !cityCorrection && !isAllowedTransition(before.status, item.status, before.suspendedFrom)) {
        errors.add(
          'status',
          'INVALID_TRANSITION',
          `${before.status} → ${item.status} is not allowed: statuses move forward along RESERVE … AT_CAPACITY, SUSPENDED returns only to ` +
            `${before.suspendedFrom ?? 'the status it left'}, WITHDRAWN and AT_CAPACITY are final.${scope.caller.role === 'city' ? ' A city correction needs a reason.' : ''}`,
        );
      }

      // Dates: real, not in the future, in order, and those the status needs present.
      for (const field of DATE_FIELDS) {
        const date = item[field];
        if (date != null && !isIsoDate(date)) errors.add(field, 'INVALID_VALUE', `${field} must be a date written YYYY-MM-DD.`);
        errors.notFuture(field, date, scope.today);
      }
      for (const [earlier, later] of DATE_CHAIN) {
        const [a, b] = [item[earlier], item[later]];
        if (a && b && b < a && !errors.list.some((e) => e.field === `${errors.path}.${later}`)) {
          errors.add(later, 'INVALID_DATE', `${later} ${b} is before ${earlier} ${a}; the order is startedOn ≤ completedOn ≤ productionOn.`);
        }
      }
      for (const field of requiredDates(item.status)) {
        if (!item[field]) errors.add(field, 'REQUIRED', `A project ${item.status} needs ${field}; send the date.`);
      }

      // Listings: those of the years named replace what is stored for those years.
      const newListings = checkListings(errors, item.listings ?? [], scope);
      const removeYears = item.removeListingYears ?? [];
      removeYears.forEach((year, i) => {
        if (!errors.year(`removeListingYears.${i}`, year)) return;
        if ((item.listings ?? []).some((l) => l.year === year)) {
          errors.add(`removeListingYears.${i}`, 'INVALID_VALUE', `${year} is both in listings and in removeListingYears; send one or the other.`);
        }
      });
      const storedListings = row ? (listingsByProject.get(String(row.id)) ?? []) : [];
      const replacedYears = [...new Set([...(item.listings ?? []).map((l) => l.year), ...removeYears])];
      const listingsBefore = storedListings.filter((l) => replacedYears.includes(l.year));
      const finalYears = [...storedListings.filter((l) => !replacedYears.includes(l.year)), ...newListings].map((l) => l.year);
      const totalInvestment = moneyValue(
        errors,
        'totalInvestment',
        item.totalInvestment,
        totalInvestmentRateYear(item, finalYears),
        scope.rates,
      );
      if (!errors.ok || !industryCode || !totalInvestment) return reject();

      const values: ProjectValues = {
        projectCode: item.projectCode || null,
        name: item.name.trim(),
        company: item.company ?? null,
        park: item.park ?? null,
        industryCode,
        industryLabel: label,
        status: item.status,
        suspendedFrom:
          item.status !== ProjectStatus.SUSPENDED ? null : before?.status === ProjectStatus.SUSPENDED ? before.suspendedFrom : (before?.status ?? null),
        totalInvestment,
        capacity: item.capacity ?? null,
        signedOn: item.signedOn ?? null,
        listedOn: item.listedOn ?? null,
        startedOn: item.startedOn ?? null,
        completedOn: item.completedOn ?? null,
        productionOn: item.productionOn ?? null,
      };
      const change: ProjectChange = { externalId: item.externalId, projectId: planned.projectId, values, before, replacedYears, listings: newListings, listingsBefore, reason };
      if (!before) return { ...planned, outcome: Outcome.CREATED, change };
      if (sameValues(before, values) && sameListings(newListings, listingsBefore)) return { ...planned, outcome: Outcome.UNCHANGED, change: null };
      return { ...planned, outcome: Outcome.UPDATED, change };
    });
  },

  async apply(scope, changes) {
    const columns = (values: ProjectValues) => ({
      project_code: values.projectCode,
      name: values.name,
      company: values.company,
      park: values.park,
      industry_code: values.industryCode,
      industry_label: values.industryLabel,
      status: values.status,
      suspended_from: values.suspendedFrom,
      ...moneyColumns('total_investment_', values.totalInvestment),
      capacity: values.capacity,
      signed_on: values.signedOn,
      listed_on: values.listedOn,
      started_on: values.startedOn,
      completed_on: values.completedOn,
      production_on: values.productionOn,
    });
    const recordset = `jsonb_to_recordset(?::jsonb) as v(id bigint, external_id text, project_code text, name text, company text,
      park text, industry_code text, industry_label text, status text, suspended_from text, total_investment_wan_yuan numeric,
      total_investment_original numeric, total_investment_original_unit text, total_investment_currency text,
      total_investment_qualifier text, capacity text, signed_on date, listed_on date, started_on date, completed_on date, production_on date)`;

    const created = changes.filter(({ change }) => change.projectId === null);
    const createdIds = new Map<number, string>();
    if (created.length > 0) {
      const { rows } = (await scope.trx.raw(
        `insert into project (district_code, external_id, project_code, name, company, park, industry_code, industry_label, status,
           suspended_from, total_investment_wan_yuan, total_investment_original, total_investment_original_unit,
           total_investment_currency, total_investment_qualifier, capacity, source_ref, signed_on, listed_on, started_on,
           completed_on, production_on)
         select ?, external_id, project_code, name, company, park, industry_code, industry_label, status, suspended_from,
           total_investment_wan_yuan, total_investment_original, total_investment_original_unit, total_investment_currency,
           total_investment_qualifier, capacity, ?, signed_on, listed_on, started_on, completed_on, production_on
           from ${recordset}
         returning id, external_id`,
        [scope.districtCode, SOURCE_REF, JSON.stringify(created.map(({ change }) => ({ external_id: change.externalId, ...columns(change.values) })))],
      )) as { rows: { id: string; external_id: string }[] };
      const idByExternal = new Map(rows.map((row) => [row.external_id, String(row.id)]));
      for (const { index, change } of created) {
        change.projectId = idByExternal.get(change.externalId)!;
        createdIds.set(index, change.projectId);
      }
    }

    const updated = changes.filter(({ change }) => change.before !== null);
    if (updated.length > 0) {
      await scope.trx.raw(
        `update project p set project_code = v.project_code, name = v.name, company = v.company, park = v.park,
           industry_code = v.industry_code, industry_label = v.industry_label, status = v.status, suspended_from = v.suspended_from,
           total_investment_wan_yuan = v.total_investment_wan_yuan, total_investment_original = v.total_investment_original,
           total_investment_original_unit = v.total_investment_original_unit, total_investment_currency = v.total_investment_currency,
           total_investment_qualifier = v.total_investment_qualifier, capacity = v.capacity, source_ref = ?,
           signed_on = v.signed_on, listed_on = v.listed_on, started_on = v.started_on, completed_on = v.completed_on,
           production_on = v.production_on, version = p.version + 1, updated_at = now()
         from ${recordset} where p.id = v.id`,
        [SOURCE_REF, JSON.stringify(updated.map(({ change }) => ({ id: change.projectId, ...columns(change.values) })))],
      );
    }

    const replaced = changes.flatMap(({ change }) => change.replacedYears.map((year) => ({ project_id: change.projectId, year })));
    if (replaced.length > 0) {
      await scope.trx.raw(
        `delete from listing l using jsonb_to_recordset(?::jsonb) as r(project_id bigint, year int)
          where l.project_id = r.project_id and l.year = r.year`,
        [JSON.stringify(replaced)],
      );
    }
    const listingRows = changes.flatMap(({ change }) =>
      change.listings.map((l) => ({
        project_id: change.projectId,
        year: l.year,
        level: l.level,
        category: l.category,
        construction_type: l.constructionType,
        ...moneyColumns('planned_', l.annualPlannedInvestment),
        planned_start_on: l.plannedStartOn,
        planned_completion_on: l.plannedCompletionOn,
      })),
    );
    if (listingRows.length > 0) {
      await scope.trx.raw(
        `insert into listing (project_id, year, level, category, construction_type, planned_wan_yuan, planned_original,
           planned_original_unit, planned_currency, planned_qualifier, planned_start_on, planned_completion_on, source_ref)
         select project_id, year, level, category, construction_type, planned_wan_yuan, planned_original, planned_original_unit,
           planned_currency, planned_qualifier, planned_start_on, planned_completion_on, ?
           from jsonb_to_recordset(?::jsonb) as r(project_id bigint, year int, level text, category text, construction_type text,
             planned_wan_yuan numeric, planned_original numeric, planned_original_unit text, planned_currency text,
             planned_qualifier text, planned_start_on date, planned_completion_on date)`,
        [SOURCE_REF, JSON.stringify(listingRows)],
      );
    }

    const audit: AuditRecord[] = [];
    for (const { change } of changes) {
      const projectId = change.projectId!;
      if (!change.before || !sameValues(change.before, change.values)) {
        audit.push({ entity: 'Project', entityId: projectId, projectId, reason: change.reason, before: change.before, after: change.values });
      }
      const keys = new Set([...change.listingsBefore, ...change.listings].map(listingKey));
      for (const key of keys) {
        const before = change.listingsBefore.find((l) => listingKey(l) === key) ?? null;
        const after = change.listings.find((l) => listingKey(l) === key) ?? null;
        if (before && after && sameListings([before], [after])) continue;
        audit.push({ entity: 'Listing', entityId: `${projectId}:${key}`, projectId, reason: change.reason, before, after });
      }
    }
    await writeAudit(scope, audit);
    return createdIds;
  },
};
