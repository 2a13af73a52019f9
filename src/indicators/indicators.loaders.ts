import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { RagStatus } from '../evaluation/rag-status.enum';
import type { ProjectLevel } from '../project/project.enums';
import { ragStatus, RagThresholds } from './indicator.rules';
import { pgArray } from '../common/pg-array';
import { computeIndicatorCounts, IndicatorCounts, standingBindings, standingSql } from './indicators.repository';

export interface IndicatorKey {
  year: number;
  month: number;
  level: ProjectLevel | null;
}

/** Per request: the default month of each year, the counts of each (y, m, level), each project's RAG at (y, m). */
export function createIndicatorLoaders(em: EntityManager, thresholds: RagThresholds) {
  const ragLoaders = new Map<string, DataLoader<string, RagStatus | null>>();
  return {
    defaultMonthByYear: new DataLoader<number, number>(async (years) => {
      const { rows } = (await em
        .getKnex()
        // One max per year: each is a backward step in evaluation_year_month_idx, where a grouped max over
        // several years read every evaluation of them (a sequential scan of 3 million rows at 3 × 100,000).
        .raw('select y as year, (select max(month) from evaluation where year = y) as month from unnest(?::int[]) as y', [pgArray(years)])) as {
        rows: { year: number; month: number | null }[];
      };
      const byYear = new Map(rows.map((row) => [row.year, row.month]));
      return years.map((year) => byYear.get(year) ?? 12);
    }),

    countsByKey: new DataLoader<IndicatorKey, Map<string, IndicatorCounts>, string>(
      (keys) => Promise.all(keys.map((key) => computeIndicatorCounts(em, key.year, key.month, key.level, thresholds))),
      { cacheKeyFn: (key) => `${key.year}:${key.month}:${key.level ?? ''}` },
    ),

    /** A loader of project RAG statuses at (y, m), made once per (y, m) in the request. */
    ragByProjectId(year: number, month: number): DataLoader<string, RagStatus | null> {
      const cacheKey = `${year}:${month}`;
      let loader = ragLoaders.get(cacheKey);
      if (!loader) {
        loader = new DataLoader(async (projectIds) => {
          const sql = `${standingSql('l.project_id = any(cast(:ids as bigint[]))')}`;
          const { rows } = (await em
            .getKnex()
            .raw(sql, { ...standingBindings(year, month, null, thresholds), ids: pgArray(projectIds) })) as { rows: Record<string, any>[] };
          const byProject = new Map(
            rows.map((row) => [
              String(row.project_id),
              row.category === 'IMPLEMENTATION'
                ? ragStatus(
                    {
                      year,
                      month,
                      plannedStartOn: row.planned_start_on,
                      plannedCompletionOn: row.planned_completion_on,
                      startedOn: row.started_on,
                      completedOn: row.completed_on,
                      completedYtd: row.ytd,
                      annualPlan: row.plan,
                    },
                    thresholds,
                  )
                : null,
            ]),
          );
          return projectIds.map((id) => byProject.get(id) ?? null);
        });
        ragLoaders.set(cacheKey, loader);
      }
      return loader;
    },
  };
}
