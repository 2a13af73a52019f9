import { Migration } from '@mikro-orm/migrations';

const DATA_TABLES = ['district', 'industry', 'industry_label', 'currency_rate', 'project', 'listing', 'approval', 'evaluation'];

/**
 * One counter that every change of the data raises, in the writing transaction itself (statement
 * triggers), so a reader that sees the counter unchanged knows its cached answers are still exact,
 * whoever wrote: this instance, another replica, the seed tool or a hand-written SQL fix.
 */
export class Migration20261122000100_data_version extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table data_version (
  id integer primary key default 1 check (id = 1),
  version bigint not null default 0
);`);
    this.addSql(`insert into data_version (id, version) values (1, 0);`);
    this.addSql(`
create function bump_data_version() returns trigger language plpgsql as $$
begin
  update data_version set version = version + 1 where id = 1;
  return null;
end $$;`);
    for (const table of DATA_TABLES) {
      this.addSql(
        `create trigger ${table}_bumps_data_version after insert or update or delete or truncate on ${table}
           for each statement execute function bump_data_version();`,
      );
    }
    // Indexes chosen from EXPLAIN ANALYZE of the dashboard and the rankings (see README, 'Indexes').
    this.addSql(`create index evaluation_year_month_idx on evaluation (year, month);`);
    this.addSql(`create index approval_kind_project_idx on approval (kind, project_id) include (issued_on);`);
  }
}
