import type { Knex } from '@mikro-orm/postgresql';
import { GENERATED_LAST_MONTH, GENERATED_YEAR } from '../../seeds/generator';
import type { PushChunk } from './push-client';

/** A stored project as the mixed load rewrites it, with two values of each figure to alternate between. */
export interface Target {
  project: Record<string, string | null>;
  /** Null when only the evaluations were loaded. */
  amount: [string, string] | null;
  ytd: [string, string];
  ytdUnit: string;
}

/** What a load rewrites: whole project records and their evaluations, or only the evaluations (fewer columns held). */
export type TargetKind = 'evaluations' | 'evaluations and projects';

const PROJECT_COLUMNS = `p.project_code, p.name, p.company, p.park, p.industry_code, p.industry_label, p.status,
       p.total_investment_original::text as amount, (p.total_investment_original + 1)::text as amount_alt,
       p.total_investment_original_unit as unit, p.total_investment_currency as currency, p.total_investment_qualifier as qualifier,
       p.capacity, p.signed_on::text, p.listed_on::text, p.started_on::text, p.completed_on::text, p.production_on::text,`;

/**
 * A district's projects with their evaluation of the dashboard's month, read once before the load. Each figure
 * comes with itself + 1 in its unit: the writes alternate between the two, so that every write changes something
 * (UPDATED, a new version, the figures and caches moved) while the dataset stays what it was, give or take 1 万元.
 * `externalId` picks one project.
 */
export async function loadTargets(
  knex: Knex,
  districtCode: string,
  kind: TargetKind = 'evaluations and projects',
  externalId: string | null = null,
): Promise<Target[]> {
  const { rows } = (await knex.raw(
    `select p.external_id, ${kind === 'evaluations' ? '' : PROJECT_COLUMNS}
       e.ytd_original::text as ytd, (e.ytd_original + 1)::text as ytd_alt, e.ytd_original_unit as ytd_unit,
       e.physical_progress_pct::text as pct, e.assessed_rag, e.comment
     from project p join evaluation e on e.project_id = p.id and e.year = ? and e.month = ?
     where p.district_code = ? and (?::text is null or p.external_id = ?) order by p.external_id`,
    [GENERATED_YEAR, GENERATED_LAST_MONTH, districtCode, externalId, externalId],
  )) as { rows: Record<string, string | null>[] };
  if (rows.length === 0) {
    throw new Error(`the load needs generated projects of district ${districtCode} with a ${GENERATED_YEAR}-${GENERATED_LAST_MONTH} evaluation`);
  }
  return rows.map((row) => ({ project: row, amount: row.amount == null ? null : [row.amount, row.amount_alt!], ytd: [row.ytd!, row.ytd_alt!], ytdUnit: row.ytd_unit! }));
}

/** The whole record of a stored project (listings left alone), its total investment at one of its two values. */
function projectInput({ project: p, amount }: Target, alternative: number): object {
  if (!amount) throw new Error('projects loaded for their evaluations only');
  return {
    externalId: p.external_id,
    projectCode: p.project_code,
    name: p.name,
    company: p.company,
    park: p.park,
    ...(p.industry_label ? { industryLabel: p.industry_label } : { industryCode: p.industry_code }),
    status: p.status,
    totalInvestment: { amount: amount[alternative], unit: p.unit, currency: p.currency, qualifier: p.qualifier },
    capacity: p.capacity,
    signedOn: p.signed_on,
    listedOn: p.listed_on,
    startedOn: p.started_on,
    completedOn: p.completed_on,
    productionOn: p.production_on,
  };
}

/** The stored evaluation of the dashboard's month, its YTD replaced by `ytd` (in the stored unit). */
export const evaluationInput = ({ project, ytdUnit }: Target, ytd: string): object => ({
  externalId: project.external_id,
  year: GENERATED_YEAR,
  month: GENERATED_LAST_MONTH,
  completedInvestmentYtd: { amount: ytd, unit: ytdUnit },
  physicalProgressPct: project.pct === null ? null : Number(project.pct),
  assessedRag: project.assessed_rag,
  comment: project.comment,
});

/** Endless: evaluation corrections and project updates of `size` projects in turn, going round the district's projects. */
export function* mixedChunks(targets: Target[], size: number): Generator<PushChunk> {
  if (targets.length === 0) throw new Error('no projects to rewrite');
  for (let round = 0; ; round++) {
    // Round 0 writes the +1 values, round 1 the stored ones, and so on: always a change.
    const alternative = (round + 1) % 2;
    for (let offset = 0; offset < targets.length; offset += size) {
      const slice = targets.slice(offset, offset + size);
      yield { mutation: 'submitEvaluations', items: slice.map((t) => evaluationInput(t, t.ytd[alternative])) };
      yield { mutation: 'upsertProjects', items: slice.map((t) => projectInput(t, alternative)) };
    }
  }
}

/** Endless: evaluation corrections only, `size` a call, going round the district's projects; every item a change. */
export function* evaluationChunks(targets: Target[], size: number): Generator<PushChunk> {
  if (targets.length === 0) throw new Error('no projects to rewrite');
  for (let round = 0; ; round++) {
    const alternative = (round + 1) % 2;
    for (let offset = 0; offset < targets.length; offset += size) {
      yield { mutation: 'submitEvaluations', items: targets.slice(offset, offset + size).map((t) => evaluationInput(t, t.ytd[alternative])) };
    }
  }
}
