import { isIsoDate } from '../common/scalars';
import { totalInvestmentRateYear } from '../money/fx';
import { isAllowedTransition, requiredDates } from '../project/lifecycle';
import { ProjectStatus } from '../project/project.enums';
import { writeAudit, AuditRecord } from './audit-writer';
import { columnMap, once } from '../db/column-map';
import { moneyValue } from '../money/money-value';
import { Listing } from '../project/listing.entity';
import { Project } from '../project/project.entity';
import { ItemErrors } from './item-errors';
import { duplicateIndexes, lockProjects } from './project-lookup';
import type { PlannedItem, PushHandler, PushScope } from './push-runner';
import type { ListingInput, ProjectInput } from './push.inputs';
import { Outcome } from './push.types';
import { sameStored, StoredValues, storedValues } from './stored-values';

const DATE_FIELDS = ['signedOn', 'listedOn', 'startedOn', 'completedOn', 'productionOn'] as const;
/** Each pair must be in order; the error goes on the later date of the chain. */
const DATE_CHAIN: [(typeof DATE_FIELDS)[number], (typeof DATE_FIELDS)[number]][] = [
  ['startedOn', 'completedOn'],
  ['completedOn', 'productionOn'],
  ['startedOn', 'productionOn'],
];
const SOURCE_REF = 'district push (upsertProjects)';

/** What a push does not write from the item: keys, bookkeeping, and source_ref (set to SOURCE_REF). */
const NOT_PUSHED = ['id', 'districtCode', 'externalId', 'sourceRef', 'version', 'createdAt', 'updatedAt'] as const;
const LISTING_NOT_PUSHED = ['id', 'projectId', 'sourceRef'] as const;

/** Every other property of Project: adding one to the entity makes building these values a compile error until it is set. */
type ProjectValues = StoredValues<Omit<Project, (typeof NOT_PUSHED)[number]>>;
type ListingValues = StoredValues<Omit<Listing, (typeof LISTING_NOT_PUSHED)[number]>>;

/** The columns of each statement, from the entities' metadata (src/db/column-map.ts). */
const columns = once(() => {
  const project = columnMap(Project);
  const listing = columnMap(Listing);
  const pushed = project.except(NOT_PUSHED);
  const listed = listing.except(LISTING_NOT_PUSHED);
  return {
    pushed,
    created: project.only(['externalId', ...pushed.properties]),
    updated: project.only(['id', ...pushed.properties]),
    listed,
    listingRows: listing.only(['projectId', ...listed.properties]),
    listingYears: listing.only(['projectId', 'year']),
  };
});

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

const valuesFromRow = (row: Record<string, unknown>): ProjectValues => storedValues(columns().pushed, row);
const listingFromRow = (row: Record<string, unknown>): ListingValues => storedValues(columns().listed, row);


const listingKey = (l: { year: number; level: string }) => `${l.year}:${l.level}`;

function sameListings(a: ListingValues[], b: ListingValues[]): boolean {
  if (a.length !== b.length) return false;
  const byKey = new Map(b.map((l) => [listingKey(l), l]));
  return a.every((l) => {
    const other = byKey.get(listingKey(l));
    return !!other && sameStored(l, other);
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
      if (sameStored(before, values) && sameListings(newListings, listingsBefore)) return { ...planned, outcome: Outcome.UNCHANGED, change: null };
      return { ...planned, outcome: Outcome.UPDATED, change };
    });
  },

  async apply(scope, changes) {
    const { pushed, created: createdColumns, updated: updatedColumns, listingRows: listingColumns, listingYears } = columns();
    const created = changes.filter(({ change }) => change.projectId === null);
    const createdIds = new Map<number, string>();
    if (created.length > 0) {
      const { rows } = (await scope.trx.raw(
        `insert into project (district_code, source_ref, ${createdColumns.list()})
         select ?, ?, ${createdColumns.list()} from ${createdColumns.recordset('v')}
         returning id, external_id`,
        [scope.districtCode, SOURCE_REF, createdColumns.json(created.map(({ change }) => ({ externalId: change.externalId, ...change.values })))],
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
        `update project p set ${pushed.assign('v')}, source_ref = ?, version = p.version + 1, updated_at = now()
         from ${updatedColumns.recordset('v')} where p.id = v.id`,
        [SOURCE_REF, updatedColumns.json(updated.map(({ change }) => ({ id: change.projectId!, ...change.values })))],
      );
    }

    const replaced = changes.flatMap(({ change }) => change.replacedYears.map((year) => ({ projectId: change.projectId!, year })));
    if (replaced.length > 0) {
      await scope.trx.raw(`delete from listing l using ${listingYears.recordset('r')} where ${listingYears.matches('l', 'r')}`, [
        listingYears.json(replaced),
      ]);
    }
    const listingRows = changes.flatMap(({ change }) => change.listings.map((l) => ({ projectId: change.projectId!, ...l })));
    if (listingRows.length > 0) {
      await scope.trx.raw(
        `insert into listing (${listingColumns.list()}, source_ref)
         select ${listingColumns.list()}, ? from ${listingColumns.recordset('r')}`,
        [SOURCE_REF, listingColumns.json(listingRows)],
      );
    }

    const audit: AuditRecord[] = [];
    for (const { change } of changes) {
      const projectId = change.projectId!;
      if (!change.before || !sameStored(change.before, change.values)) {
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
