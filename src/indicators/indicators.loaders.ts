import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { RagStatus } from '../evaluation/rag-status.enum';
import type { Project } from '../project/project.entity';
import type { ProjectLevel } from '../project/project.enums';
import { pgArray } from '../common/pg-array';
import { IndicatorCounts, readIndicatorCounts } from './indicators.repository';

export interface IndicatorKey {
  year: number;
  month: number;
  level: ProjectLevel | null;
}

/** Per request: the default month of each year, the counts of each (y, m, level), each project's RAG at (y, m). */
export function createIndicatorLoaders(em: EntityManager) {
  const ragLoaders = new Map<string, DataLoader<Project, RagStatus | null, string>>();
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
      (keys) => Promise.all(keys.map((key) => readIndicatorCounts(em, key.year, key.month, key.level))),
      { cacheKeyFn: (key) => `${key.year}:${key.month}:${key.level ?? ''}` },
    ),

    /** A loader of project RAG statuses at (y, m), as maintained at write time; made once per (y, m) in the request. */
    ragByProject(year: number, month: number): DataLoader<Project, RagStatus | null, string> {
      const cacheKey = `${year}:${month}`;
      let loader = ragLoaders.get(cacheKey);
      if (!loader) {
        loader = new DataLoader(
          async (projects) => {
            // Month m's colour is bit m − 1 of the colour's mask (migration 20261201).
            const { rows } = (await em.getKnex().raw(
              `select f.project_id,
                 case when (f.red_months >> (:month - 1)) & 1 = 1 then 'RED' when (f.yellow_months >> (:month - 1)) & 1 = 1 then 'YELLOW'
                      when (f.green_months >> (:month - 1)) & 1 = 1 then 'GREEN' end as rag
                 from unnest(:districts::text[], :ids::bigint[]) as k(district_code, project_id)
                 join project_figures f on f.district_code = k.district_code and f.project_id = k.project_id and f.year = :year and f.highest`,
              { month, year, districts: pgArray(projects.map((p) => p.districtCode)), ids: pgArray(projects.map((p) => p.id)) },
            )) as { rows: { project_id: string; rag: RagStatus | null }[] };
            const byProject = new Map(rows.map((row) => [String(row.project_id), row.rag]));
            return projects.map((project) => byProject.get(project.id) ?? null);
          },
          { cacheKeyFn: (project) => project.id },
        );
        ragLoaders.set(cacheKey, loader);
      }
      return loader;
    },
  };
}
