import type { Knex } from '@mikro-orm/postgresql';
import { CURRENCY_RATES } from './reference/currency-rates';
import { DISTRICTS } from './reference/districts';
import { INDUSTRIES } from './reference/industries';
import { INDUSTRY_LABELS } from './reference/industry-labels';

/**
 * Writes the reference data (districts, the industry taxonomy with each district's labels, currency rates).
 * Idempotent: run on every start, it brings an existing database up to the shipped reference data.
 */
export async function seedReferenceData(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('district')
      .insert(DISTRICTS.map((d) => ({ code: d.code, slug: d.slug, name: d.name, name_en: d.nameEn })))
      .onConflict('code')
      .merge();
    // Parents before children, so the self-reference holds row by row.
    const byLevel = [...INDUSTRIES].sort((a, b) => Number(a.parentCode !== null) - Number(b.parentCode !== null));
    await trx('industry')
      .insert(byLevel.map((i) => ({ code: i.code, parent_code: i.parentCode, name: i.name, name_en: i.nameEn })))
      .onConflict('code')
      .merge();
    await trx('industry_label')
      .insert(
        INDUSTRY_LABELS.map((l) => ({
          district_code: l.districtCode,
          label: l.label,
          scheme: l.scheme,
          industry_code: l.industryCode,
        })),
      )
      .onConflict(['district_code', 'label'])
      .merge();
    await trx('currency_rate')
      .insert(CURRENCY_RATES.map((r) => ({ currency: r.currency, year: r.year, cny_per_unit: r.cnyPerUnit, source: r.source })))
      .onConflict(['currency', 'year'])
      .merge();
  });
}
