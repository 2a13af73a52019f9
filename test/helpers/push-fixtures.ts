import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { chinaToday } from '../../src/common/china-time';
import type { TestApp } from './app';
import { gql, GraphQLResponse } from './graphql';

/** What the push suites share: documents, item builders, counters of everything a push can write. */

export type MutationName = 'upsertProjects' | 'recordApprovals' | 'submitEvaluations';
export const MUTATIONS: MutationName[] = ['upsertProjects', 'recordApprovals', 'submitEvaluations'];
/** The district most tests write to, with the wujin-token. */
export const WUJIN = '320412';

const PAYLOAD = `created updated unchanged rejected
  results { index externalId outcome errors { field code message }
    project { id externalId version updatedAt status district { code } } }`;

export const DOCUMENTS: Record<MutationName, string> = {
  upsertProjects: `mutation($input: UpsertProjectsInput!) { upsertProjects(input: $input) { ${PAYLOAD} } }`,
  recordApprovals: `mutation($input: RecordApprovalsInput!) { recordApprovals(input: $input) { ${PAYLOAD} } }`,
  submitEvaluations: `mutation($input: SubmitEvaluationsInput!) { submitEvaluations(input: $input) { ${PAYLOAD} } }`,
};

/** The list field of each mutation's input. */
export const ITEMS_FIELD: Record<MutationName, 'projects' | 'approvals' | 'evaluations'> = {
  upsertProjects: 'projects',
  recordApprovals: 'approvals',
  submitEvaluations: 'evaluations',
};

export interface PushError {
  field: string;
  code: string;
  message: string;
}
export interface PushResult {
  index: number;
  externalId: string;
  outcome: 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'REJECTED';
  errors: PushError[];
  project: { id: string; externalId: string; version: number; updatedAt: string; status: string; district: { code: string } } | null;
}
export interface PushPayload {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  results: PushResult[];
}

/** Sends one push; the raw response, for tests about top-level errors. */
export function pushRaw(app: TestApp, mutation: MutationName, input: Record<string, unknown>, token?: string): Promise<GraphQLResponse> {
  return gql(app, DOCUMENTS[mutation], { input }, token);
}

/** Sends one push that must pass GraphQL and authority; its payload. */
export async function push(app: TestApp, mutation: MutationName, input: Record<string, unknown>, token?: string): Promise<PushPayload> {
  const response = await pushRaw(app, mutation, input, token);
  if (response.body.errors) throw new Error(`${mutation} failed: ${JSON.stringify(response.body.errors)}`);
  return response.body.data![mutation] as PushPayload;
}

/** [field, code] of each error of each result: the compact form most assertions compare. */
export const errorPairs = (payload: PushPayload): [string, string][][] => payload.results.map((r) => r.errors.map((e) => [e.field, e.code]));

let sequence = 0;
/** An externalId no other test of the run uses. */
export const uniqueId = (prefix: string): string => `${prefix}-${process.pid}-${++sequence}`;

export const LISTING_2025 = {
  year: 2025,
  level: 'CITY_MAJOR',
  category: 'IMPLEMENTATION',
  constructionType: 'NEW',
  annualPlannedInvestment: { amount: '2', unit: 'YI' },
};

/** A valid, whole ProjectInput: listed in 2025 at city level, 10亿元. */
export function projectItem(externalId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalId,
    name: `测试项目 ${externalId}`,
    industryCode: 'NEV.EDS',
    status: 'LISTED',
    listedOn: '2025-03-01',
    totalInvestment: { amount: '10', unit: 'YI' },
    listings: [LISTING_2025],
    ...overrides,
  };
}

export function approvalItem(externalId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { externalId, kind: 'LAND_CONTRACT', issuedOn: '2025-04-01', documentNo: '常自然资（2025）1号', issuer: '常州市自然资源和规划局', ...overrides };
}

export function evaluationItem(externalId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { externalId, year: 2025, month: 6, completedInvestmentYtd: { amount: '8000', unit: 'WAN' }, physicalProgressPct: 40, ...overrides };
}

/** One valid item of `mutation` about the project `externalId` (which must exist for approvals and evaluations). */
export function itemFor(mutation: MutationName, externalId: string): Record<string, unknown> {
  if (mutation === 'upsertProjects') return projectItem(externalId);
  return mutation === 'recordApprovals' ? approvalItem(externalId) : evaluationItem(externalId);
}

export const knexOf = (app: TestApp): Knex => app.orm.em.getKnex();

/**
 * Writes a project (version 1) with its 2025 city-level listing straight to the tables, as a push would
 * have: the ground the approval and evaluation pushes stand on.
 */
export async function seedProject(
  app: TestApp,
  district: string,
  externalId: string,
  fields: { status?: string; suspendedFrom?: string; startedOn?: string; completedOn?: string; productionOn?: string; projectCode?: string } = {},
): Promise<string> {
  const knex = knexOf(app);
  const money = (prefix: string, wan: string) => ({
    [`${prefix}wan_yuan`]: wan,
    [`${prefix}original`]: wan,
    [`${prefix}original_unit`]: 'WAN',
    [`${prefix}currency`]: 'CNY',
    [`${prefix}qualifier`]: 'EXACT',
  });
  const [{ id }] = await knex('project')
    .insert({
      district_code: district,
      external_id: externalId,
      name: `测试项目 ${externalId}`,
      industry_code: 'NEV.EDS',
      status: fields.status ?? 'LISTED',
      suspended_from: fields.suspendedFrom ?? null,
      project_code: fields.projectCode ?? null,
      ...money('total_investment_', '100000'),
      listed_on: '2025-03-01',
      started_on: fields.startedOn ?? null,
      completed_on: fields.completedOn ?? null,
      production_on: fields.productionOn ?? null,
    })
    .returning('id');
  await knex('listing').insert({
    project_id: id,
    year: 2025,
    level: 'CITY_MAJOR',
    category: 'IMPLEMENTATION',
    construction_type: 'NEW',
    ...money('planned_', '20000'),
  });
  return String(id);
}

/** Everything a push can write, in one row: equal before and after a call means the call wrote nothing. */
export interface WriteState {
  projects: number;
  listings: number;
  approvals: number;
  evaluations: number;
  revisions: number;
  versions: number;
  lastUpdate: string | null;
  audit: number;
  keys: number;
}

export async function writeState(app: TestApp): Promise<WriteState> {
  const { rows } = (await knexOf(app).raw(`select
      (select count(*)::int from project) as projects,
      (select count(*)::int from listing) as listings,
      (select count(*)::int from approval) as approvals,
      (select count(*)::int from evaluation) as evaluations,
      (select coalesce(sum(revision), 0)::int from evaluation) as revisions,
      (select coalesce(sum(version), 0)::int from project) as versions,
      (select max(updated_at)::text from project) as "lastUpdate",
      (select count(*)::int from audit_entry) as audit,
      (select count(*)::int from idempotency_key) as keys`)) as { rows: WriteState[] };
  return rows[0]!;
}

/** A project's version and updatedAt, read through the API. */
export async function projectState(app: TestApp, district: string, externalId: string): Promise<{ id: string; version: number; updatedAt: string } | null> {
  const response = await gql(app, 'query($d: ID!, $e: String!) { project(district: $d, externalId: $e) { id version updatedAt } }', { d: district, e: externalId });
  return response.body.data!.project;
}

/** The audit entries written since `afterId` (exclusive), oldest first, read straight from the table. */
export async function auditRowsAfter(app: TestApp, afterId: number): Promise<Record<string, any>[]> {
  return knexOf(app)('audit_entry').where('id', '>', afterId).orderBy('id', 'asc').select('*');
}

export async function lastAuditId(app: TestApp): Promise<number> {
  const [{ max }] = (await knexOf(app)('audit_entry').max('id')) as { max: string | null }[];
  return max === null ? 0 : Number(max);
}

/** The actorKey the contract gives a token: the first 8 hex digits of its SHA-256. */
export const actorKeyOf = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 8);

/** The month after the current one in China, which no evaluation may report yet. */
export function nextMonth(): { year: number; month: number } {
  const [year, month] = chinaToday().split('-').map(Number) as [number, number];
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
}

/** Tomorrow in China: the first date an actual date may not be. */
export function tomorrow(): string {
  const today = new Date(`${chinaToday()}T00:00:00Z`);
  return new Date(today.getTime() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
