import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { groupBy } from '../common/group-by';
import { pgArray } from '../common/pg-array';
import { Evaluation } from './evaluation.entity';

/** All of a project's evaluations, ordered by (year, month). */
export function createEvaluationsByProjectIdLoader(em: EntityManager): DataLoader<string, Evaluation[]> {
  return new DataLoader(async (projectIds) => {
    const rows = await em.find(Evaluation, { projectId: { $in: [...projectIds] } }, { orderBy: { year: 'asc', month: 'asc' } });
    const byProject = groupBy(rows, (e) => e.projectId);
    return projectIds.map((id) => byProject.get(id) ?? []);
  });
}

/** Each project's evaluation with the latest (year, month), read with one DISTINCT ON statement. */
export function createLatestEvaluationByProjectIdLoader(em: EntityManager): DataLoader<string, Evaluation | null> {
  return new DataLoader(async (projectIds) => {
    const rows: Record<string, unknown>[] = await em.getConnection().execute(
      `select distinct on (project_id) * from evaluation where project_id = any(?::bigint[])
       order by project_id, year desc, month desc`,
      [pgArray(projectIds)],
    );
    const byProject = new Map(rows.map((row) => [String(row.project_id), em.map(Evaluation, row)]));
    return projectIds.map((id) => byProject.get(id) ?? null);
  });
}
