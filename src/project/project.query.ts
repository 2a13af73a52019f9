import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor, pageSize } from '../common/pagination';
import { BadUserInputError } from '../common/errors';
import { checkYear } from '../common/arguments';
import { isStorableText } from '../common/storable-text';
import { isIsoDate } from '../common/scalars';
import { Project } from './project.entity';
import { OrderDirection, ProjectFilter, ProjectOrder, ProjectOrderField } from './project.inputs';

export interface ProjectPageArgs {
  filter?: ProjectFilter | null;
  orderBy?: ProjectOrder | null;
  first?: number | null;
  after?: string | null;
}

export interface ProjectPage {
  edges: { cursor: string; node: Project }[];
  hasNextPage: boolean;
  /** Counted lazily: only when the caller selects totalCount. */
  totalCount: () => Promise<number>;
}

interface SortColumn {
  column: string;
  sqlType: string;
}

const SORT_COLUMNS: Record<ProjectOrderField, SortColumn> = {
  [ProjectOrderField.TOTAL_INVESTMENT]: { column: 'p.total_investment_wan_yuan', sqlType: 'numeric' },
  [ProjectOrderField.NAME]: { column: 'p.name', sqlType: 'text' },
  [ProjectOrderField.STARTED_ON]: { column: 'p.started_on', sqlType: 'date' },
  [ProjectOrderField.UPDATED_AT]: { column: 'p.updated_at', sqlType: 'timestamptz' },
};

/** A project id as a cursor holds it: a bigint. */
const CURSOR_ID = /^[1-9]\d{0,17}$/;
/** The text forms the sort columns are written in (`column::text`), by SQL type. */
const CURSOR_VALUE: Record<string, (value: string) => boolean> = {
  numeric: (value) => /^-?\d{1,20}(\.\d{1,10})?$/.test(value),
  text: isStorableText,
  date: isIsoDate,
  timestamptz: (value) => {
    const match = /^(\d{4}-\d{2}-\d{2})[ T](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?(?:Z|[+-](?:0\d|1[0-5])(?::?[0-5]\d)?)$/.exec(value);
    return match !== null && isIsoDate(match[1]!);
  },
};

/** The year of a filter that asks for nothing but projects listed in that year (the dashboard's), else null. */
function onlyYear(filter: ProjectFilter | null | undefined): number | null {
  if (filter?.year == null) return null;
  const others = Object.entries(filter).filter(([field, value]) => field !== 'year' && value != null);
  return others.length === 0 ? filter.year : null;
}

/** Reads pages of projects with keyset cursors, so deep pages cost as little as the first. */
export class ProjectQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly known: { districtCodes: ReadonlySet<string>; industryCodes: ReadonlySet<string> },
  ) {}

  /** One page; `withinDistrict` narrows to one district on top of the filter (District.projects). */
  async page(args: ProjectPageArgs, withinDistrict?: string): Promise<ProjectPage> {
    const first = pageSize(args.first);
    const knex = this.em.getKnex();
    const conditions = this.filterConditions(knex, args.filter ?? {}, 'filter');
    const where = (builder: Knex.QueryBuilder) => {
      conditions(builder);
      if (withinDistrict) builder.where('p.district_code', withinDistrict);
    };
    const order = args.orderBy ?? null;
    const ordering = order ? `${order.field}:${order.direction}` : 'DEFAULT';

    const query = knex.from({ p: 'project' }).select('p.*').where(where);
    if (order) {
      const sort = SORT_COLUMNS[order.field];
      const dir = order.direction === OrderDirection.DESC ? 'desc' : 'asc';
      query.select(knex.raw(`${sort.column}::text as sort_value`));
      if (args.after) this.afterSorted(query, knex, sort, order.direction, decodeCursor(args.after, ordering));
      query.orderByRaw(`${sort.column} ${dir} nulls last, p.id asc`);
    } else {
      if (args.after) {
        const [districtCode, externalId] = decodeCursor(args.after, ordering);
        if (![districtCode, externalId].every((v) => typeof v === 'string' && isStorableText(v))) throw new BadUserInputError('after is not a valid cursor.', 'after');
        query.whereRaw('(p.district_code, p.external_id) > (?, ?)', [String(districtCode), String(externalId)]);
      }
      query.orderByRaw('p.district_code asc, p.external_id asc');
    }
    const rows = (await query.limit(first + 1)) as Record<string, unknown>[];

    const edges = rows.slice(0, first).map((row) => {
      const { sort_value: sortValue, ...columns } = row;
      const node = this.em.map(Project, columns);
      const position = order ? [sortValue ?? null, node.id] : [node.districtCode, node.externalId];
      return { cursor: encodeCursor(ordering, position), node };
    });
    return {
      edges,
      hasNextPage: rows.length > first,
      totalCount: async () => {
        const listedIn = onlyYear(args.filter);
        if (listedIn !== null) return this.listedCount(listedIn, withinDistrict);
        const [{ count }] = (await knex.from({ p: 'project' }).where(where).count({ count: '*' })) as [{ count: string }];
        return Number(count);
      },
    };
  }

  /** How many projects (of the district) have a listing in `year`: kept at write time (migration 20261201), one lookup. */
  private async listedCount(year: number, withinDistrict: string | undefined): Promise<number> {
    const query = this.em.getKnex().from('district_year_figures').where('year', year).sum({ count: 'project_count' });
    if (withinDistrict) query.where('district_code', withinDistrict);
    const [{ count }] = (await query) as [{ count: string | null }];
    return Number(count ?? 0);
  }

  /** Rows after the cursor in `sort direction nulls last, id asc` order. */
  private afterSorted(query: Knex.QueryBuilder, knex: Knex, sort: SortColumn, direction: OrderDirection, position: unknown[]): void {
    const [value, id] = position;
    // A forged cursor's values reach casts (::numeric, ::date…) and a bigint: each must be what this
    // ordering writes, else the statement failed with an internal error (found by the fuzz tests).
    if (typeof id !== 'string' || !CURSOR_ID.test(id) || (value !== null && !(typeof value === 'string' && CURSOR_VALUE[sort.sqlType]!(value)))) {
      throw new BadUserInputError('after is not a valid cursor.', 'after');
    }
    if (value === null) {
      query.whereRaw(`(${sort.column} is null and p.id > ?)`, [id]);
      return;
    }
    const op = direction === OrderDirection.DESC ? '<' : '>';
    query.where(
      knex.raw(`(${sort.column} ${op} ?::${sort.sqlType} or (${sort.column} = ?::${sort.sqlType} and p.id > ?) or ${sort.column} is null)`, [
        String(value),
        String(value),
        id,
      ]),
    );
  }

  /** The ids of the projects matching the filter, as a subquery (the project ranking's scope); checks its codes first. */
  idsMatching(filter: ProjectFilter, argument: string): Knex.QueryBuilder {
    const knex = this.em.getKnex();
    return knex.from({ p: 'project' }).select('p.id').where(this.filterConditions(knex, filter, argument));
  }

  /** The filter as a where-clause on `project p`, after checking its codes. */
  private filterConditions(knex: Knex, filter: ProjectFilter, argument: string): (builder: Knex.QueryBuilder) => void {
    if (filter.districts) {
      const unknown = filter.districts.filter((code) => !this.known.districtCodes.has(code));
      if (unknown.length > 0) {
        throw new BadUserInputError(
          `${argument}.districts has unknown district code(s) ${unknown.join(', ')}; use one of ${[...this.known.districtCodes].join(', ')}.`,
          `${argument}.districts`,
        );
      }
    }
    if (filter.industry != null && !this.known.industryCodes.has(filter.industry)) {
      throw new BadUserInputError(
        `${argument}.industry "${filter.industry}" is not an industry code; query \`industries\` for the codes (e.g. "NEV", "NE.BAT").`,
        `${argument}.industry`,
      );
    }
    if (filter.year != null) checkYear(filter.year, `${argument}.year`);

    return (builder) => {
      if (filter.districts) builder.whereIn('p.district_code', filter.districts);
      if (filter.statuses) builder.whereIn('p.status', filter.statuses);
      if (filter.year != null || filter.level != null) {
        builder.whereExists(
          knex
            .from({ l: 'listing' })
            .whereRaw('l.project_id = p.id')
            .modify((listing) => {
              if (filter.year != null) listing.where('l.year', filter.year);
              if (filter.level != null) listing.where('l.level', filter.level);
            }),
        );
      }
      if (filter.industry != null) {
        builder.where((q) => q.where('p.industry_code', filter.industry!).orWhere('p.industry_code', 'like', `${filter.industry}.%`));
      }
      if (filter.minTotalInvestment != null) builder.where('p.total_investment_wan_yuan', '>=', filter.minTotalInvestment);
      if (filter.nameContains != null && filter.nameContains !== '') {
        // No stored name holds U+0000 or an unpaired surrogate, and PostgreSQL refuses the first as a
        // parameter (an internal error, found by the fuzz tests): such a text matches nothing.
        if (!isStorableText(filter.nameContains)) builder.whereRaw('false');
        else builder.whereRaw('strpos(lower(p.name), lower(?)) > 0', [filter.nameContains]);
      }
      if (filter.updatedSince != null) builder.where('p.updated_at', '>=', filter.updatedSince);
    };
  }
}
