import type { PushScope } from './push-runner';

export interface ProjectRef {
  id: string;
  externalId: string;
}

/** The district's projects with these externalIds, locked for the rest of the call. */
export async function lockProjects(scope: PushScope, externalIds: string[], columns = 'id, external_id'): Promise<Map<string, Record<string, any>>> {
  const { rows } = (await scope.trx.raw(
    `select ${columns} from project where district_code = ? and external_id in (select jsonb_array_elements_text(?::jsonb))
      order by id for update`,
    [scope.districtCode, JSON.stringify([...new Set(externalIds)])],
  )) as { rows: Record<string, any>[] };
  return new Map(rows.map((row) => [row.external_id as string, row]));
}

/** Reports every item whose key was already seen earlier in the call (the later one is the duplicate); null keys never clash. */
export function duplicateIndexes<T>(items: readonly T[], keyOf: (item: T) => string | null): Set<number> {
  const seen = new Set<string>();
  const duplicates = new Set<number>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (key === null) return;
    if (seen.has(key)) duplicates.add(index);
    seen.add(key);
  });
  return duplicates;
}
