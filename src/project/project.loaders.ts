import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { groupBy } from '../common/group-by';
import { Listing } from './listing.entity';
import { Project } from './project.entity';
import { LEVELS_HIGHEST_FIRST } from './project.enums';
import type { ReferenceCodes } from '../common/reference';
import { ProjectPage, ProjectPageArgs, ProjectQuery } from './project.query';

export function createProjectByIdLoader(em: EntityManager): DataLoader<string, Project | null> {
  return new DataLoader(async (ids) => {
    const rows = await em.find(Project, { id: { $in: [...ids] } });
    const byId = new Map(rows.map((p) => [p.id, p]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** A project's listings, ordered by year, then level from PROVINCIAL_MAJOR down. */
export function createListingsByProjectIdLoader(em: EntityManager): DataLoader<string, Listing[]> {
  return new DataLoader(async (projectIds) => {
    const rows = await em.find(Listing, { projectId: { $in: [...projectIds] } });
    rows.sort((a, b) => a.year - b.year || LEVELS_HIGHEST_FIRST.indexOf(a.level) - LEVELS_HIGHEST_FIRST.indexOf(b.level));
    const byProject = groupBy(rows, (l) => l.projectId);
    return projectIds.map((id) => byProject.get(id) ?? []);
  });
}

/**
 * District.projects pages: the pages a request asks for are read together and resolve in the same tick,
 * so the fields below them (industry, approvals, evaluations…) load in one batch for all districts.
 */
export function createDistrictProjectPagesLoader(
  em: EntityManager,
  reference: ReferenceCodes,
): DataLoader<{ districtCode: string; args: ProjectPageArgs }, ProjectPage, string> {
  const query = new ProjectQuery(em, reference);
  return new DataLoader(
    async (keys) => {
      const pages = await Promise.allSettled(keys.map((key) => query.page(key.args, key.districtCode)));
      return pages.map((page) => (page.status === 'fulfilled' ? page.value : (page.reason as Error)));
    },
    { cacheKeyFn: (key) => JSON.stringify([key.districtCode, key.args]) },
  );
}
