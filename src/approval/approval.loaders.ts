import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { groupBy } from '../common/group-by';
import { Approval } from './approval.entity';

/** A project's approvals, ordered by issue date, then kind. */
export function createApprovalsByProjectIdLoader(em: EntityManager): DataLoader<string, Approval[]> {
  return new DataLoader(async (projectIds) => {
    const rows = await em.find(Approval, { projectId: { $in: [...projectIds] } }, { orderBy: { issuedOn: 'asc', kind: 'asc' } });
    const byProject = groupBy(rows, (a) => a.projectId);
    return projectIds.map((id) => byProject.get(id) ?? []);
  });
}
