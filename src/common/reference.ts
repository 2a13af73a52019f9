import type { EntityManager } from '@mikro-orm/postgresql';

/** Codes of the reference data, read once at start (they change only with a new release of the seeds). */
export interface ReferenceCodes {
  districtCodes: ReadonlySet<string>;
  industryCodes: ReadonlySet<string>;
}

export async function loadReferenceCodes(em: EntityManager): Promise<ReferenceCodes> {
  const knex = em.getKnex();
  const [districts, industries] = await Promise.all([
    knex('district').select('code').orderBy('code'),
    knex('industry').select('code').orderBy('code'),
  ]);
  return {
    districtCodes: new Set(districts.map((d: { code: string }) => d.code)),
    industryCodes: new Set(industries.map((i: { code: string }) => i.code)),
  };
}
