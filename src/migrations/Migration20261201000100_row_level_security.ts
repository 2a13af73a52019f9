import { Migration } from '@mikro-orm/migrations';
import { SERVICE_ROLE, WRITING_DISTRICT } from '../db/row-security';

/** The tables a push writes, each row belonging to one district: project by its own column, the others through their project. */
const DISTRICT_TABLES = ['project', 'listing', 'approval', 'evaluation'] as const;

/** The trigger functions that keep the data version and the maintained figures: they write as the owner. */
const TRIGGER_FUNCTIONS = ['bump_data_version()', 'mark_figures_dirty()', 'mark_all_figures_dirty()', 'refresh_figures_at_commit()'];

const writing = `current_setting('${WRITING_DISTRICT}', true)`;
/**
 * The row may be written in this transaction: its district is the one the push named (README, 'Database roles'). A
 * scalar subquery rather than EXISTS: it stays one primary-key lookup per written row, where PostgreSQL may run an
 * EXISTS as a hash of every project of the district, per statement.
 */
const writable = (table: (typeof DISTRICT_TABLES)[number]) =>
  table === 'project'
    ? `project.district_code = ${writing}`
    : `(select p.district_code from project p where p.id = ${table}.project_id) = ${writing}`;

/**
 * Row-level security as a second line behind the service's own authority check (README, 'Database roles').
 *
 * - The role `cz_service` (no login, not a superuser, no BYPASSRLS, not the owner nor a member of it): every push
 *   writes as it (`set local role`, src/push/write-scope.ts). Created here when missing, which needs CREATEROLE or
 *   a superuser (the embedded PostgreSQL's owner is one); an operator without it creates the role beforehand. The
 *   owner (the migrating user) is made a member so that it may SET ROLE to it.
 * - Its grants: SELECT on every table (and on those later migrations create, by default privileges), the writes of a
 *   push on project, listing, approval, evaluation, idempotency_key and audit_entry. Nothing on the maintained
 *   figures nor the data version: the trigger functions that write them become SECURITY DEFINER, so they run as the
 *   owner (with a fixed search_path), and a push cannot write a figure but through them. A later migration that
 *   replaces one of them with CREATE OR REPLACE must say SECURITY DEFINER and SET search_path again.
 * - Policies on the four tables: everyone reads every row; insert, update and delete only rows whose district is
 *   the transaction's `cz.writing_district`. Unset, nothing may be written. RLS is enabled, not forced: the owner
 *   (migrations, reference and demo data, the seed generator, the figures' rebuild, SQL fixes) is not bound.
 */
export class Migration20261201000100_row_level_security extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
do $$
declare
  can_set text := case when current_setting('server_version_num')::int >= 160000 then 'SET' else 'MEMBER' end;
  f text;
begin
  if not exists (select 1 from pg_roles where rolname = '${SERVICE_ROLE}') then
    begin
      create role ${SERVICE_ROLE} nologin noinherit;
    exception
      -- Created at this very moment by the migration of another database on the same server.
      when duplicate_object or unique_violation then null;
      when insufficient_privilege then
        raise exception 'the role ${SERVICE_ROLE} does not exist and % may not create it', current_user
          using errcode = 'insufficient_privilege',
                hint = format('As a superuser: create role ${SERVICE_ROLE} nologin; grant ${SERVICE_ROLE} to %I;', current_user);
    end;
  end if;
  if exists (select 1 from pg_roles where rolname = '${SERVICE_ROLE}' and (rolsuper or rolbypassrls)) then
    raise exception 'the role ${SERVICE_ROLE} is a superuser or has BYPASSRLS: row-level security would not bind the pushes'
      using hint = 'alter role ${SERVICE_ROLE} nosuperuser nobypassrls;';
  end if;
  if pg_has_role('${SERVICE_ROLE}', current_user, 'USAGE') then
    raise exception 'the role ${SERVICE_ROLE} has the privileges of %, the tables'' owner: row-level security would not bind it', current_user
      using hint = format('revoke %I from ${SERVICE_ROLE};', current_user);
  end if;
  if not pg_has_role(current_user, '${SERVICE_ROLE}', can_set) then
    begin
      execute format('grant ${SERVICE_ROLE} to %I', current_user);
    exception when insufficient_privilege then
      raise exception '% must be able to SET ROLE ${SERVICE_ROLE}', current_user
        using errcode = 'insufficient_privilege', hint = format('As a superuser: grant ${SERVICE_ROLE} to %I;', current_user);
    end;
  end if;
  execute format('grant usage on schema %I to ${SERVICE_ROLE}', current_schema());
  execute format('grant select on all tables in schema %I to ${SERVICE_ROLE}', current_schema());
  execute format('alter default privileges in schema %I grant select on tables to ${SERVICE_ROLE}', current_schema());
  -- The trigger functions run as their owner, with a search_path no caller can change (pg_temp last).
  foreach f in array array['${TRIGGER_FUNCTIONS.join("', '")}'] loop
    execute format('alter function %s security definer set search_path = %I, pg_temp', f, current_schema());
  end loop;
end $$;`);
    this.addSql(`grant insert, update, delete on ${DISTRICT_TABLES.join(', ')}, idempotency_key to ${SERVICE_ROLE};`);
    this.addSql(`grant insert on audit_entry to ${SERVICE_ROLE};`);

    for (const table of DISTRICT_TABLES) {
      this.addSql(`alter table ${table} enable row level security;`);
      this.addSql(`create policy everyone_reads on ${table} for select using (true);`);
      this.addSql(`create policy writing_district_inserts on ${table} for insert with check (${writable(table)});`);
      this.addSql(`create policy writing_district_updates on ${table} for update using (${writable(table)}) with check (${writable(table)});`);
      this.addSql(`create policy writing_district_deletes on ${table} for delete using (${writable(table)});`);
    }
  }
}
