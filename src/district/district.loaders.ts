import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { District } from './district.entity';

/**
 * The three districts are read once per request, whole: however many places ask for a district,
 * the request costs one statement, whatever the data.
 */
export function createDistrictLoaders(em: EntityManager) {
  let all: Promise<District[]> | null = null;
  const allDistricts = () => (all ??= em.find(District, {}, { orderBy: { code: 'asc' } }));
  return {
    allDistricts,
    districtByCode: new DataLoader<string, District | null>(async (codes) => {
      const byCode = new Map((await allDistricts()).map((d) => [d.code, d]));
      return codes.map((code) => byCode.get(code) ?? null);
    }),
  };
}
