import type { Knex } from '@mikro-orm/postgresql';
import { Approval, columnMap, Evaluation, Listing, MoneyUnit, Project, RateTable, toWanYuan, totalInvestmentRateYear } from '../src/seeding';
import { DEMO_PROJECTS } from './demo/projects';
import type { MoneySeed } from './seed.types';

/** An amount of the demo data as the entities hold it (their column maps spread it into the prefixed columns). */
function money(amount: MoneySeed, rates: RateTable, year: number) {
  const rate = rates.cnyPerUnit(amount.currency, year);
  if (rate === null) throw new Error(`Demo data needs a ${amount.currency} rate for ${year}; add it to seeds/reference/currency-rates.ts.`);
  return {
    wanYuan: toWanYuan(amount.amount, amount.unit as MoneyUnit, rate),
    original: amount.amount,
    originalUnit: amount.unit,
    currency: amount.currency,
    qualifier: amount.qualifier,
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
    // Rows from entity-shaped values: the column names come from the entities (src/db/column-map.ts).
    const [project, listing, approval, evaluation] = [columnMap(Project), columnMap(Listing), columnMap(Approval), columnMap(Evaluation)];
    for (const seed of DEMO_PROJECTS) {
      const listingYears = (seed.listings ?? []).map((l) => l.year);
      const [{ id }] = (await trx('project')
        .insert(
          project.rowOf({
            districtCode: seed.districtCode,
            externalId: seed.externalId,
            projectCode: seed.projectCode ?? null,
            name: seed.name,
            company: seed.company ?? null,
            park: seed.park ?? null,
            industryCode: seed.industryCode,
            industryLabel: seed.industryLabel ?? null,
            status: seed.status,
            totalInvestment: seed.totalInvestment ? money(seed.totalInvestment, rates, totalInvestmentRateYear(seed, listingYears)) : null,
            capacity: seed.capacity ?? null,
            sourceRef: seed.sourceRef,
            signedOn: seed.signedOn ?? null,
            listedOn: seed.listedOn ?? null,
            startedOn: seed.startedOn ?? null,
            completedOn: seed.completedOn ?? null,
            productionOn: seed.productionOn ?? null,
          }),
        )
        .returning('id')) as [{ id: string }];
      for (const seedListing of seed.listings ?? []) {
        await trx('listing').insert(
          listing.rowOf({
            projectId: id,
            year: seedListing.year,
            level: seedListing.level,
            category: seedListing.category,
            constructionType: seedListing.constructionType,
            annualPlannedInvestment: money(seedListing.annualPlannedInvestment, rates, seedListing.year),
            plannedStartOn: seedListing.plannedStartOn ?? null,
            plannedCompletionOn: seedListing.plannedCompletionOn ?? null,
            sourceRef: seedListing.sourceRef,
          }),
        );
      }
      for (const seedApproval of seed.approvals ?? []) {
        await trx('approval').insert(
          approval.rowOf({
            projectId: id,
            kind: seedApproval.kind,
            issuedOn: seedApproval.issuedOn,
            documentNo: seedApproval.documentNo ?? null,
            issuer: seedApproval.issuer ?? null,
            sourceRef: seedApproval.sourceRef,
          }),
        );
      }
      for (const seedEvaluation of seed.evaluations ?? []) {
        await trx('evaluation').insert(
          evaluation.rowOf({
            projectId: id,
            year: seedEvaluation.year,
            month: seedEvaluation.month,
            completedInvestmentYtd: money(seedEvaluation.completedInvestmentYtd, rates, seedEvaluation.year),
            physicalProgressPct: seedEvaluation.physicalProgressPct ?? null,
            assessedRag: seedEvaluation.assessedRag ?? null,
            comment: seedEvaluation.comment ?? null,
            sourceRef: seedEvaluation.sourceRef,
          }),
        );
      }
    }
    return { projects: DEMO_PROJECTS.length };
  });
}
