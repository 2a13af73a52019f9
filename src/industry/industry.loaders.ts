import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { groupBy } from '../common/group-by';
import { Industry } from './industry.entity';

/** The taxonomy (a few dozen rows) is read once per request, whole, and serves every industry lookup. */
export function createIndustryLoaders(em: EntityManager) {
  let all: Promise<Industry[]> | null = null;
  const allIndustries = () => (all ??= em.find(Industry, {}, { orderBy: { code: 'asc' } }));
  return {
    industryByCode: new DataLoader<string, Industry | null>(async (codes) => {
      const byCode = new Map((await allIndustries()).map((i) => [i.code, i]));
      return codes.map((code) => byCode.get(code) ?? null);
    }),
    industryChildrenByCode: new DataLoader<string, Industry[]>(async (codes) => {
      const byParent = groupBy(await allIndustries(), (i) => i.parentCode);
      return codes.map((code) => byParent.get(code) ?? []);
    }),
  };
}
