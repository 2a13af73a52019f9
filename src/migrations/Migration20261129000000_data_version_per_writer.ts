import { Migration } from '@mikro-orm/migrations';

/**
 * One data-version counter per writer scope instead of one for everything. With a single row, every
 * push held that row's lock from its first write to its commit, so the three districts' pushes ran one
 * after another. A push now counts in its own district's row (the push runner names it in the
 * transaction setting `cz.write_scope`, under the district's push lock); anything else (seeds, SQL
 * fixes) counts in the 'other' row. Readers take the sum: it rises with every commit, whoever wrote.
 */
export class Migration20261129000000_data_version_per_writer extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table data_version drop constraint data_version_id_check;`);
    this.addSql(`alter table data_version drop constraint data_version_pkey;`);
    this.addSql(`alter table data_version add column scope text;`);
    this.addSql(`update data_version set scope = 'other';`);
    this.addSql(`alter table data_version drop column id;`);
    this.addSql(`alter table data_version alter column scope set not null, add primary key (scope);`);
    this.addSql(`
create or replace function bump_data_version() returns trigger language plpgsql as $$
begin
  insert into data_version (scope, version)
    values (coalesce(nullif(current_setting('cz.write_scope', true), ''), 'other'), 1)
    on conflict (scope) do update set version = data_version.version + 1;
  return null;
end $$;`);
  }
}
