import type { Knex } from '@mikro-orm/postgresql';
import { MoneyUnit, RateTable, toWanYuan, totalInvestmentRateYear } from '../src/seeding';
import { DEMO_PROJECTS } from './demo/projects';
import type { MoneySeed } from './seed.types';

function moneyRow(prefix: string, money: MoneySeed, rates: RateTable, year: number): Record<string, string> {
  const rate = rates.cnyPerUnit(money.currency, year);
  if (rate === null) throw new Error(`Demo data needs a ${money.currency} rate for ${year}; add it to seeds/reference/currency-rates.ts.`);
  return {
    [`${prefix}wan_yuan`]: toWanYuan(money.amount, money.unit as MoneyUnit, rate),
    [`${prefix}original`]: money.amount,
    [`${prefix}original_unit`]: money.unit,
    [`${prefix}currency`]: money.currency,
    [`${prefix}qualifier`]: money.qualifier,
  };
}

/** Fills an empty database with the projects the source articles name (and the demo dashboard's data). */
export async function seedDemoData(knex: Knex): Promise<{ projects: number }> {
  return knex.transaction(async (trx) => {
    const [{ count }] = (await trx('project').count({ count: '*' })) as [{ count: string }];
    if (Number(count) > 0) return { projects: 0 };
    const rates = new RateTable(
      ((await trx('currency_rate').select('currency', 'year', 'cny_per_unit')) as { currency: string; year: number; cny_per_unit: string }[]).map(
        (r) => ({ currency: r.currency, year: r.year, cnyPerUnit: r.cny_per_unit }),
      ),
    );
    for (const seed of DEMO_PROJECTS) {
      const listingYears = (seed.listings ?? []).map((l) => l.year);
      const [{ id }] = (await trx('project')
        .insert({
          district_code: seed.districtCode,
          external_id: seed.externalId,
          project_code: seed.projectCode ?? null,
          name: seed.name,
          company: seed.company ?? null,
          park: seed.park ?? null,
          industry_code: seed.industryCode,
          industry_label: seed.industryLabel ?? null,
          status: seed.status,
          ...(seed.totalInvestment
            ? moneyRow('total_investment_', seed.totalInvestment, rates, totalInvestmentRateYear(seed, listingYears))
            : {}),
          capacity: seed.capacity ?? null,
          source_ref: seed.sourceRef,
          signed_on: seed.signedOn ?? null,
          listed_on: seed.listedOn ?? null,
          started_on: seed.startedOn ?? null,
          completed_on: seed.completedOn ?? null,
          production_on: seed.productionOn ?? null,
        })
        .returning('id')) as [{ id: string }];
      for (const listing of seed.listings ?? []) {
        await trx('listing').insert({
          project_id: id,
          year: listing.year,
          level: listing.level,
          category: listing.category,
          construction_type: listing.constructionType,
          ...moneyRow('planned_', listing.annualPlannedInvestment, rates, listing.year),
          planned_start_on: listing.plannedStartOn ?? null,
          planned_completion_on: listing.plannedCompletionOn ?? null,
          source_ref: listing.sourceRef,
        });
      }
      for (const approval of seed.approvals ?? []) {
        await trx('approval').insert({
          project_id: id,
          kind: approval.kind,
          issued_on: approval.issuedOn,
          document_no: approval.documentNo ?? null,
          issuer: approval.issuer ?? null,
          source_ref: approval.sourceRef,
        });
      }
      for (const evaluation of seed.evaluations ?? []) {
        await trx('evaluation').insert({
          project_id: id,
          year: evaluation.year,
          month: evaluation.month,
          ...moneyRow('ytd_', evaluation.completedInvestmentYtd, rates, evaluation.year),
          physical_progress_pct: evaluation.physicalProgressPct ?? null,
          assessed_rag: evaluation.assessedRag ?? null,
          comment: evaluation.comment ?? null,
          source_ref: evaluation.sourceRef,
        });
      }
    }
    return { projects: DEMO_PROJECTS.length };
  });
}
