import type { Knex } from '@mikro-orm/postgresql';

/** Minimal rows for tests, written straight to the tables; amounts are 万元 CNY unless given. */
export interface ProjectFixture {
  district?: string;
  externalId: string;
  name?: string;
  industry?: string;
  status?: string;
  totalWan?: string | null;
  projectCode?: string;
  signedOn?: string;
  startedOn?: string;
  completedOn?: string;
  productionOn?: string;
}

function wanMoney(prefix: string, wan: string): Record<string, string> {
  return {
    [`${prefix}wan_yuan`]: wan,
    [`${prefix}original`]: wan,
    [`${prefix}original_unit`]: 'WAN',
    [`${prefix}currency`]: 'CNY',
    [`${prefix}qualifier`]: 'EXACT',
  };
}

export async function insertProject(knex: Knex, fixture: ProjectFixture): Promise<string> {
  const [{ id }] = await knex('project')
    .insert({
      district_code: fixture.district ?? '320412',
      external_id: fixture.externalId,
      name: fixture.name ?? `项目 ${fixture.externalId}`,
      industry_code: fixture.industry ?? 'NEV.EDS',
      status: fixture.status ?? 'LISTED',
      project_code: fixture.projectCode ?? null,
      ...(fixture.totalWan === null ? {} : wanMoney('total_investment_', fixture.totalWan ?? '1000')),
      signed_on: fixture.signedOn ?? null,
      started_on: fixture.startedOn ?? null,
      completed_on: fixture.completedOn ?? null,
      production_on: fixture.productionOn ?? null,
    })
    .returning('id');
  return String(id);
}

export interface ListingFixture {
  year: number;
  level?: string;
  category?: string;
  constructionType?: string;
  plannedWan?: string;
  plannedStartOn?: string;
  plannedCompletionOn?: string;
}

export async function insertListing(knex: Knex, projectId: string, fixture: ListingFixture): Promise<void> {
  await knex('listing').insert({
    project_id: projectId,
    year: fixture.year,
    level: fixture.level ?? 'CITY_MAJOR',
    category: fixture.category ?? 'IMPLEMENTATION',
    construction_type: fixture.constructionType ?? 'NEW',
    ...wanMoney('planned_', fixture.plannedWan ?? '100'),
    planned_start_on: fixture.plannedStartOn ?? null,
    planned_completion_on: fixture.plannedCompletionOn ?? null,
  });
}

export async function insertApproval(knex: Knex, projectId: string, kind: string, issuedOn: string): Promise<void> {
  await knex('approval').insert({ project_id: projectId, kind, issued_on: issuedOn });
}

export async function insertEvaluation(
  knex: Knex,
  projectId: string,
  fixture: { year: number; month: number; ytdWan: string; revision?: number; physicalProgressPct?: number },
): Promise<void> {
  await knex('evaluation').insert({
    project_id: projectId,
    year: fixture.year,
    month: fixture.month,
    ...wanMoney('ytd_', fixture.ytdWan),
    revision: fixture.revision ?? 1,
    physical_progress_pct: fixture.physicalProgressPct ?? null,
  });
}
