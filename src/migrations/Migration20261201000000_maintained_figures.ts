import { Migration } from '@mikro-orm/migrations';

/** The per-project flags and amounts that the district figures sum, in the ledger's column order. */
const COUNTED = `listed_count, new_planned_count, started_count, under_construction_count, completed_count,
  planned_investment, completed_investment, red_count, yellow_count, green_count, quick_start_count`;

/**
 * Indicators maintained at write time (README, 'Maintained figures').
 *
 * - `figure_rows(project ids, years)` is the one definition of every indicator rule: each project's standing
 *   listing per level view, its YTD at each month, 三色 (`rag_status`), 拿地即开工 (`land_to_start`).
 * - `project_figures` is the ledger: figure_rows of every standing project's listings, one row per listing and
 *   year with the months packed. `district_figures` holds its sums per (district, year, month, level view), where
 *   the view 'ALL' takes each project's highest listing; its indexes give the top of the project rankings and
 *   its rows Project.ragStatus. `district_year_figures` counts each
 *   district's projects listed in a year (`project_listed_years` is that count's ledger).
 * - Statement triggers on project, listing, approval and evaluation note which (project, year) a statement
 *   touched. At commit, in the same transaction, a deferred trigger recomputes those projects' rows, applies the
 *   difference to the sums and replaces their ledger rows. Whoever writes (a push, a city correction, the seed
 *   generator, a migration, a hand-written SQL fix), the figures change with the data in the same commit.
 * - `figures_basis` holds what the figures depend on besides the data: the RAG thresholds. The service rebuilds
 *   every figure when it starts with other thresholds (src/figures/figures-basis.ts).
 * Every maintained row carries its district code first in its key, so the tables can be distributed by district.
 * They have no foreign keys: every row derives from a project row that has them, and a check per row would
 * double the cost of writing them.
 */
export class Migration20261201000000_maintained_figures extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table figures_basis (
  id integer primary key default 1 check (id = 1),
  red_points numeric not null check (red_points between 0 and 100),
  yellow_points numeric not null check (yellow_points between 0 and 100),
  warning_days integer not null check (warning_days between 0 and 366)
);`);
    this.addSql(`insert into figures_basis (red_points, yellow_points, warning_days) values (30, 10, 30);`);

    this.addSql(`
create view land_to_start as
  select permit.project_id, permit.issued_on as permit_issued_on, permit.issued_on - land.issued_on as days
    from approval permit
    join approval land on land.project_id = permit.project_id and land.kind = 'LAND_CONTRACT'
   where permit.kind = 'CONSTRUCTION_PERMIT';`);
    this.addSql(`comment on view land_to_start is 'landToStartDays: CONSTRUCTION_PERMIT.issuedOn − LAND_CONTRACT.issuedOn, for projects with both.';`);

    // rate < 序时进度 − points ⇔ ytd ÷ plan < m ÷ 12 − points ÷ 100 ⇔ ytd × 1200 < plan × (100m − 12 × points): exact.
    this.addSql(`
create function rag_status(implementation boolean, planned_start_on date, planned_completion_on date, started_on date,
    completed_on date, plan numeric, ytd numeric, month integer, end_on date, basis figures_basis)
  returns text language sql immutable as $$
  select case
    when not implementation then null
    when (planned_start_on <= end_on and (started_on is null or started_on > end_on))
      or (planned_completion_on <= end_on and (completed_on is null or completed_on > end_on))
      or (plan > 0 and ytd * 1200 < plan * (100 * month - 12 * basis.red_points)) then 'RED'
    when (planned_start_on > end_on and planned_start_on <= end_on + basis.warning_days
          and (started_on is null or started_on > end_on))
      or (planned_completion_on > end_on and planned_completion_on <= end_on + basis.warning_days
          and (completed_on is null or completed_on > end_on))
      or (plan > 0 and ytd * 1200 < plan * (100 * month - 12 * basis.yellow_points)) then 'YELLOW'
    else 'GREEN' end
$$;`);

    // The ledger of the sums: one row per listing of a standing project and year, its monthly values packed
    // (bit m − 1 of a *_months mask is month m; ytd[m] is month m's YTD), so a push rewrites one row per listing.
    this.addSql(`
create table project_figures (
  district_code varchar(6) collate "C" not null,
  project_id bigint not null,
  year integer not null,
  level text not null check (level in ('PROVINCIAL_MAJOR','CITY_MAJOR','DISTRICT_KEY')),
  -- The project's highest listing of the year: it also counts in the view of every level ('ALL').
  highest boolean not null,
  external_id text collate "C" not null,
  implementation boolean not null,
  new_planned boolean not null,
  plan numeric(20,4) not null,
  total_investment numeric(20,4),
  land_to_start_days integer,
  ytd numeric(20,4)[] not null check (cardinality(ytd) = 12),
  started_months integer not null,
  under_construction_months integer not null,
  completed_months integer not null,
  quick_start_months integer not null,
  red_months integer not null,
  yellow_months integer not null,
  green_months integer not null,
  primary key (district_code, project_id, year, level)
);`);

    this.addSql(`
create function figure_rows(project_ids bigint[], years integer[]) returns setof project_figures
  language plpgsql stable as $fn$
begin
  -- Dynamic SQL: planned for the keys at hand, a few for a push, every project for a rebuild.
  return query execute $sql$
  with key as (select distinct k.project_id, k.year from unnest($1::bigint[], $2::integer[]) as k(project_id, year)),
  -- One row per listing of a standing project: it speaks for its own level's view, and the highest of the
  -- project's listings of the year also for the view of every level ('ALL').
  listed as (
    select l.id as listing_id, p.district_code, p.id as project_id, p.external_id, p.started_on, p.completed_on,
      p.total_investment_wan_yuan, l.year, l.level, l.category = 'IMPLEMENTATION' as implementation,
      l.category = 'IMPLEMENTATION' and l.construction_type = 'NEW' as new_planned, l.planned_wan_yuan,
      l.planned_start_on, l.planned_completion_on, lts.permit_issued_on, lts.days as land_to_start_days,
      row_number() over (partition by l.project_id, l.year
        order by array_position(array['PROVINCIAL_MAJOR','CITY_MAJOR','DISTRICT_KEY'], l.level)) = 1 as highest
    from key k
    join listing l on l.project_id = k.project_id and l.year = k.year
    join project p on p.id = k.project_id and p.status <> 'WITHDRAWN'
    left join land_to_start lts on lts.project_id = k.project_id
  ),
  -- The YTD at month m: the latest evaluation of the year with month ≤ m; 0 before the first. Each evaluation
  -- holds from its month up to the next one's.
  spans as (
    select e.project_id, e.year, e.month as from_month,
      lead(e.month, 1, 13) over (partition by e.project_id, e.year order by e.month) as to_month, e.ytd_wan_yuan as ytd
    from key k join evaluation e on e.project_id = k.project_id and e.year = k.year
    union all
    select k.project_id, k.year, 1, coalesce(min(e.month), 13), 0
    from key k left join evaluation e on e.project_id = k.project_id and e.year = k.year
    group by k.project_id, k.year
  ),
  monthly as (
    select s.project_id, s.year, m.month::smallint as month, s.ytd,
      (make_date(s.year, m.month, 1) + interval '1 month - 1 day')::date as end_on
    from spans s cross join generate_series(s.from_month, s.to_month - 1) as m(month)
  ),
  -- Each listing at each month: the rules, month by month.
  per_month as (
    select s.listing_id, m.month, m.ytd,
      coalesce(s.new_planned and s.started_on <= m.end_on, false) as started,
      coalesce(s.started_on <= m.end_on and (s.completed_on is null or s.completed_on > m.end_on), false) as under_construction,
      coalesce(s.completed_on between make_date(s.year, 1, 1) and m.end_on, false) as completed,
      coalesce(s.permit_issued_on between make_date(s.year, 1, 1) and m.end_on and s.land_to_start_days between 0 and 7, false)
        as quick_start,
      rag_status(s.implementation, s.planned_start_on, s.planned_completion_on, s.started_on, s.completed_on,
        s.planned_wan_yuan, m.ytd, m.month, m.end_on, b) as rag
    from listed s
    join monthly m on m.project_id = s.project_id and m.year = s.year
    cross join figures_basis b
  ),
  -- Packed as the ledger keeps them: bit m − 1 of each mask is month m, ytd[m] is month m's YTD.
  packed as (
    select listing_id, array_agg(ytd order by month)::numeric(20,4)[] as ytd,
      bit_or(started::int << (month - 1)) as started_months,
      bit_or(under_construction::int << (month - 1)) as under_construction_months,
      bit_or(completed::int << (month - 1)) as completed_months,
      bit_or(quick_start::int << (month - 1)) as quick_start_months,
      bit_or(coalesce(rag = 'RED', false)::int << (month - 1)) as red_months,
      bit_or(coalesce(rag = 'YELLOW', false)::int << (month - 1)) as yellow_months,
      bit_or(coalesce(rag = 'GREEN', false)::int << (month - 1)) as green_months
    from per_month group by listing_id
  )
  select s.district_code, s.project_id, s.year, s.level, s.highest, s.external_id, s.implementation, s.new_planned,
    s.planned_wan_yuan, s.total_investment_wan_yuan, s.land_to_start_days, k.ytd, k.started_months,
    k.under_construction_months, k.completed_months, k.quick_start_months, k.red_months, k.yellow_months, k.green_months
  from listed s join packed k using (listing_id)
  $sql$ using project_ids, years;
end $fn$;`);

    // The unfiltered project rankings read the top of an index through each project's highest listing: one per
    // month for the YTD (an evaluation of month m changes months m to 12), one each for the values that do not
    // change with the month. The completion-rate ranking sorts on read (README, 'Maintained figures').
    for (let month = 1; month <= 12; month++) {
      this.addSql(`create index project_figures_ytd_${month}_rank on project_figures
        (year, (ytd[${month}]) desc nulls last, district_code, external_id) where highest;`);
    }
    this.addSql(`create index project_figures_total_rank on project_figures
      (year, total_investment desc nulls last, district_code, external_id) where highest;`);
    this.addSql(`create index project_figures_land_rank on project_figures
      (year, land_to_start_days, district_code, external_id) where highest;`);

    this.addSql(`
create table district_figures (
  district_code varchar(6) collate "C" not null,
  year integer not null,
  month smallint not null check (month between 1 and 12),
  level_view text not null check (level_view in ('ALL','PROVINCIAL_MAJOR','CITY_MAJOR','DISTRICT_KEY')),
  listed_count integer not null,
  new_planned_count integer not null,
  started_count integer not null,
  under_construction_count integer not null,
  completed_count integer not null,
  planned_investment numeric(24,4) not null,
  completed_investment numeric(24,4) not null,
  red_count integer not null,
  yellow_count integer not null,
  green_count integer not null,
  quick_start_count integer not null,
  primary key (district_code, year, month, level_view)
);`);
    this.addSql(`create index district_figures_period_idx on district_figures (year, month, level_view);`);

    this.addSql(`
create table project_listed_years (
  district_code varchar(6) collate "C" not null,
  project_id bigint not null,
  year integer not null,
  primary key (district_code, project_id, year)
);`);
    this.addSql(`
create table district_year_figures (
  district_code varchar(6) collate "C" not null,
  year integer not null,
  project_count integer not null,
  primary key (district_code, year)
);`);

    // What a transaction touched, and one marker per transaction whose deferred trigger refreshes at commit. Rows
    // live only inside their transaction (the refresh deletes them), so nothing here needs to survive a crash.
    this.addSql(`
create unlogged table figures_dirty (
  txid bigint not null,
  district_code varchar(6) collate "C" not null,
  project_id bigint not null,
  year integer not null, -- 0: every year the project has or had a listing
  primary key (txid, project_id, year)
);`);
    this.addSql(`create unlogged table figures_pending (txid bigint primary key);`);

    this.addSql(`
create function refresh_figures() returns void language plpgsql as $fn$
declare
  tx bigint := txid_current();
begin
  -- Two transactions that touch one project (a push and a hand-written fix, say) would each compute their
  -- difference against the same ledger rows and one would undo the other. Taking the projects' row locks first
  -- serialises them: the main statement below starts after the other has committed, and sees its ledger.
  perform 1 from project where id in (select project_id from figures_dirty where txid = tx) order by id for no key update;
  -- Dynamic SQL: planned for this call's keys, a handful for a push or every project for the seed generator.
  execute $sql$
  with dirty as (delete from figures_dirty where txid = $1 returning district_code, project_id, year),
  key as (
    select distinct d.district_code, d.project_id, y.year
    from dirty d
    cross join lateral (
      select d.year where d.year <> 0
      union select l.year from listing l where d.year = 0 and l.project_id = d.project_id
      union select o.year from project_listed_years o
       where d.year = 0 and o.district_code = d.district_code and o.project_id = d.project_id) y
  ),
  fresh_listing as (select * from figure_rows((select array_agg(project_id) from key), (select array_agg(year) from key))),
  old_listing as (
    select f.* from project_figures f
    join key k on f.district_code = k.district_code and f.project_id = k.project_id and f.year = k.year
  ),
  -- Only listings whose figures differ count: identical rows would cancel out of the sums anyway.
  added as (select * from fresh_listing except select * from old_listing),
  removed as (select * from old_listing except select * from fresh_listing),
  -- Each changed listing with its new and its old figures, and the months in which its sums changed: all twelve
  -- when it came, went, or moved a column of every month; else those whose YTD or flags differ (an evaluation
  -- of month m changes months m to 12 at most).
  paired as (
    select a as new_figures, r as old_figures,
      case when a.project_id is null or r.project_id is null
             or (a.highest, a.implementation, a.new_planned, a.plan) is distinct from (r.highest, r.implementation, r.new_planned, r.plan)
           then 4095
           else (a.started_months # r.started_months) | (a.under_construction_months # r.under_construction_months)
              | (a.completed_months # r.completed_months) | (a.quick_start_months # r.quick_start_months)
              | (a.red_months # r.red_months) | (a.yellow_months # r.yellow_months) | (a.green_months # r.green_months)
              | (select coalesce(bit_or(1 << (m - 1)), 0) from generate_series(1, 12) as m where a.ytd[m] is distinct from r.ytd[m])
      end as months
    from added a full join removed r
      on (a.district_code, a.project_id, a.year, a.level) = (r.district_code, r.project_id, r.year, r.level)
  ),
  signed as (
    select 1 as sign, p.months, (p.new_figures).* from paired p where (p.new_figures).project_id is not null
    union all
    select -1, p.months, (p.old_figures).* from paired p where (p.old_figures).project_id is not null
  ),
  -- Each signed listing in each changed month, in its own level's view and, when highest, in the view of every level.
  signed_months as (
    select s.sign, s.district_code, s.year, m.month, v.level_view, s.implementation, s.new_planned, s.plan,
      s.ytd[m.month] as ytd, (s.started_months >> (m.month - 1)) & 1 = 1 as started,
      (s.under_construction_months >> (m.month - 1)) & 1 = 1 as under_construction,
      (s.completed_months >> (m.month - 1)) & 1 = 1 as completed,
      (s.quick_start_months >> (m.month - 1)) & 1 = 1 as quick_start,
      case when (s.red_months >> (m.month - 1)) & 1 = 1 then 'RED'
           when (s.yellow_months >> (m.month - 1)) & 1 = 1 then 'YELLOW'
           when (s.green_months >> (m.month - 1)) & 1 = 1 then 'GREEN' end as rag
    from signed s
    cross join generate_series(1, 12) as m(month)
    cross join lateral (select s.level union all select 'ALL' where s.highest) v(level_view)
    where (s.months >> (m.month - 1)) & 1 = 1
  ),
  change as (
    select district_code, year, month, level_view,
      sum(sign)::int as listed_count,
      coalesce(sum(sign) filter (where new_planned), 0)::int as new_planned_count,
      coalesce(sum(sign) filter (where started), 0)::int as started_count,
      coalesce(sum(sign) filter (where under_construction), 0)::int as under_construction_count,
      coalesce(sum(sign) filter (where completed), 0)::int as completed_count,
      coalesce(sum(sign * plan) filter (where implementation), 0) as planned_investment,
      coalesce(sum(sign * ytd) filter (where implementation), 0) as completed_investment,
      coalesce(sum(sign) filter (where rag = 'RED'), 0)::int as red_count,
      coalesce(sum(sign) filter (where rag = 'YELLOW'), 0)::int as yellow_count,
      coalesce(sum(sign) filter (where rag = 'GREEN'), 0)::int as green_count,
      coalesce(sum(sign) filter (where quick_start), 0)::int as quick_start_count
    from signed_months
    group by district_code, year, month, level_view
  ),
  sums as (
    insert into district_figures (district_code, year, month, level_view, ${COUNTED})
    select district_code, year, month, level_view, ${COUNTED}
    from change
    where (${COUNTED}) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    order by district_code, year, month, level_view
    on conflict (district_code, year, month, level_view) do update set
      listed_count = district_figures.listed_count + excluded.listed_count,
      new_planned_count = district_figures.new_planned_count + excluded.new_planned_count,
      started_count = district_figures.started_count + excluded.started_count,
      under_construction_count = district_figures.under_construction_count + excluded.under_construction_count,
      completed_count = district_figures.completed_count + excluded.completed_count,
      planned_investment = district_figures.planned_investment + excluded.planned_investment,
      completed_investment = district_figures.completed_investment + excluded.completed_investment,
      red_count = district_figures.red_count + excluded.red_count,
      yellow_count = district_figures.yellow_count + excluded.yellow_count,
      green_count = district_figures.green_count + excluded.green_count,
      quick_start_count = district_figures.quick_start_count + excluded.quick_start_count
  ),
  listings_gone as (
    delete from project_figures f
     using (select district_code, project_id, year, level from removed
            except select district_code, project_id, year, level from added) r
     where (f.district_code, f.project_id, f.year, f.level) = (r.district_code, r.project_id, r.year, r.level)
  ),
  listings_kept as (
    insert into project_figures select * from added
    on conflict (district_code, project_id, year, level) do update set
      highest = excluded.highest, external_id = excluded.external_id, implementation = excluded.implementation,
      new_planned = excluded.new_planned, plan = excluded.plan, total_investment = excluded.total_investment,
      land_to_start_days = excluded.land_to_start_days, ytd = excluded.ytd, started_months = excluded.started_months,
      under_construction_months = excluded.under_construction_months, completed_months = excluded.completed_months,
      quick_start_months = excluded.quick_start_months, red_months = excluded.red_months,
      yellow_months = excluded.yellow_months, green_months = excluded.green_months
  ),
  fresh_years as (
    select distinct p.district_code, p.id as project_id, k.year
    from key k join project p on p.id = k.project_id
    where exists (select 1 from listing l where l.project_id = k.project_id and l.year = k.year)
  ),
  old_years as (
    select o.district_code collate "C", o.project_id, o.year from project_listed_years o
    join key k on o.district_code = k.district_code and o.project_id = k.project_id and o.year = k.year
  ),
  added_years as (select * from fresh_years except select * from old_years),
  removed_years as (select * from old_years except select * from fresh_years),
  year_change as (
    select district_code, year, sum(sign)::int as project_count
    from (select 1 as sign, * from added_years union all select -1, * from removed_years) y
    group by district_code, year
  ),
  year_sums as (
    insert into district_year_figures (district_code, year, project_count)
    select * from year_change order by district_code, year
    on conflict (district_code, year) do update set project_count = district_year_figures.project_count + excluded.project_count
  ),
  years_gone as (
    delete from project_listed_years y using removed_years r
     where (y.district_code, y.project_id, y.year) = (r.district_code, r.project_id, r.year)
  ),
  years_kept as (insert into project_listed_years select * from added_years)
  select count(*) from key
  $sql$ using tx;
  delete from figures_pending where txid = tx;
end $fn$;`);

    this.addSql(`
create function refresh_figures_at_commit() returns trigger language plpgsql as $$
begin
  perform refresh_figures();
  return null;
end $$;`);
    this.addSql(`
create constraint trigger figures_pending_refresh after insert on figures_pending
  deferrable initially deferred for each row execute function refresh_figures_at_commit();`);

    // Which (project, year) a statement touched. A project's own columns that no figure reads (its name, version…)
    // touch nothing; an approval touches every year (拿地即开工 and landToStartDays); a listing or an evaluation its year.
    this.addSql(`
create function mark_figures_dirty() returns trigger language plpgsql as $$
declare
  marked bigint;
begin
  if TG_TABLE_NAME = 'project' then
    if TG_OP = 'INSERT' then
      insert into figures_dirty select txid_current(), district_code, id, 0 from new_rows on conflict do nothing;
    elsif TG_OP = 'DELETE' then
      insert into figures_dirty select txid_current(), district_code, id, 0 from old_rows on conflict do nothing;
    else
      insert into figures_dirty
      select txid_current(), n.district_code, n.id, 0 from new_rows n join old_rows o on o.id = n.id
       where (n.district_code, n.external_id, n.status, n.started_on, n.completed_on, n.total_investment_wan_yuan)
         is distinct from (o.district_code, o.external_id, o.status, o.started_on, o.completed_on, o.total_investment_wan_yuan)
      on conflict do nothing;
    end if;
  elsif TG_OP = 'INSERT' then
    execute format('insert into figures_dirty select distinct txid_current(), p.district_code, r.project_id, %s
                      from new_rows r join project p on p.id = r.project_id on conflict do nothing',
                   case when TG_TABLE_NAME = 'approval' then '0' else 'r.year' end);
  elsif TG_OP = 'DELETE' then
    execute format('insert into figures_dirty select distinct txid_current(), p.district_code, r.project_id, %s
                      from old_rows r join project p on p.id = r.project_id on conflict do nothing',
                   case when TG_TABLE_NAME = 'approval' then '0' else 'r.year' end);
  else
    execute format('insert into figures_dirty select distinct txid_current(), p.district_code, r.project_id, %s
                      from (select * from new_rows union all select * from old_rows) r join project p on p.id = r.project_id
                    on conflict do nothing',
                   case when TG_TABLE_NAME = 'approval' then '0' else 'r.year' end);
  end if;
  get diagnostics marked = row_count;
  if marked > 0 then
    insert into figures_pending values (txid_current()) on conflict do nothing;
  end if;
  return null;
end $$;`);
    // TRUNCATE has no transition table: it touches every project, those with figures included.
    this.addSql(`
create function mark_all_figures_dirty() returns trigger language plpgsql as $$
begin
  insert into figures_dirty
  select txid_current(), district_code, project_id, 0 from project_listed_years
  union select txid_current(), district_code, id, 0 from project
  on conflict do nothing;
  insert into figures_pending values (txid_current()) on conflict do nothing;
  return null;
end $$;`);
    for (const table of ['project', 'listing', 'approval', 'evaluation']) {
      this.addSql(`create trigger ${table}_truncates_mark_figures after truncate on ${table}
        for each statement execute function mark_all_figures_dirty();`);
      this.addSql(`create trigger ${table}_inserts_mark_figures after insert on ${table} referencing new table as new_rows
        for each statement execute function mark_figures_dirty();`);
      this.addSql(`create trigger ${table}_updates_mark_figures after update on ${table} referencing new table as new_rows old table as old_rows
        for each statement execute function mark_figures_dirty();`);
      this.addSql(`create trigger ${table}_deletes_mark_figures after delete on ${table} referencing old table as old_rows
        for each statement execute function mark_figures_dirty();`);
    }

    // Figures for the data already there.
    this.addSql(`insert into figures_dirty select txid_current(), district_code, id, 0 from project;`);
    this.addSql(`select refresh_figures();`);
  }
}
