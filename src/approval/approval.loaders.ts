import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { groupBy } from '../common/group-by';
import { pgArray } from '../common/pg-array';
import { Approval } from './approval.entity';

/** A project's approvals, ordered by issue date, then kind. */
export function createApprovalsByProjectIdLoader(em: EntityManager): DataLoader<string, Approval[]> {
  return new DataLoader(async (projectIds) => {
    const rows = await em.find(Approval, { projectId: { $in: [...projectIds] } }, { orderBy: { issuedOn: 'asc', kind: 'asc' } });
    const byProject = groupBy(rows, (a) => a.projectId);
    return projectIds.map((id) => byProject.get(id) ?? []);
  });
}

/** A project's landToStartDays, by the rule's one definition (the `land_to_start` view, migration 20261201). */
export function createLandToStartDaysByProjectIdLoader(em: EntityManager): DataLoader<string, number | null> {
  return new DataLoader(async (projectIds) => {
    const { rows } = (await em
      .getKnex()
      .raw('select project_id, days from land_to_start where project_id = any(?::bigint[])', [pgArray(projectIds)])) as {
      rows: { project_id: string; days: number }[];
    };
    const byProject = new Map(rows.map((row) => [String(row.project_id), row.days]));
    return projectIds.map((id) => byProject.get(id) ?? null);
  });
}
