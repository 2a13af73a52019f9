import type { Knex } from '@mikro-orm/postgresql';
import type { Caller } from '../../src/auth/caller';
import { chinaToday } from '../../src/common/china-time';
import { RateTable } from '../../src/money/fx';
import { projectPush } from '../../src/push/project-push';
import type { PushScope } from '../../src/push/push-runner';
import type { ProjectInput } from '../../src/push/push.inputs';
import { SERVICE_ROLE } from '../../src/db/row-security';
import { enterWriteScope } from '../../src/push/write-scope';
import { initOrm, migrate } from '../../src/db/orm';
import { useTestApp } from '../helpers/app';
import { insertApproval, insertEvaluation, insertListing } from '../helpers/fixtures';
import { gql } from '../helpers/graphql';
import { execSql, testDatabaseUrl } from '../helpers/test-database';
import { knexOf, projectItem, push, seedProject, uniqueId, WUJIN } from '../helpers/push-fixtures';

// Row-level security, the second line behind the service's own authority check (README, 'Database roles'): a push
// that got past the check with another district than its caller's is refused by PostgreSQL itself.

const JINTAN = '320413';
const WUJIN_CALLER: Caller = { role: 'district', districtCode: WUJIN, actorKey: 'rls00000' };
const RLS_REFUSAL = { code: '42501', message: expect.stringMatching(/row-level security policy/) };

const app = useTestApp({ demoData: false });
let knex: Knex;
const JINTAN_ID = uniqueId('JT');
let jintanProject: string;
let wujinProject: string;

beforeAll(async () => {
  knex = knexOf(app);
  // Written straight to the tables by the owner, whom the policies do not bind (fixtures, seeds, migrations).
  jintanProject = await seedProject(app, JINTAN, JINTAN_ID);
  wujinProject = await seedProject(app, WUJIN, uniqueId('WJ'));
});

/** A Wujin token's push transaction as runPush opens it, writing `district`: the service's check skipped, as a bug would. */
function asWujinPush<T>(district: string, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return knex.transaction(async (trx) => {
    await enterWriteScope(trx, WUJIN_CALLER, district);
    return work(trx);
  });
}

/** upsertProjects' own plan and set-based writes, for a Wujin caller whose target district was forged. */
function forgedUpsert(district: string, items: Record<string, unknown>[]): Promise<Map<number, string>> {
  return asWujinPush(district, async (trx) => {
    const scope: PushScope = {
      trx,
      districtCode: district,
      caller: WUJIN_CALLER,
      mutation: 'upsertProjects',
      today: chinaToday(),
      rates: new RateTable([]),
      industryCodes: app.reference.industryCodes,
    };
    const planned = await projectPush.plan(scope, items as unknown as ProjectInput[]);
    expect(planned.map((item) => item.errors)).toEqual(items.map(() => []));
    return projectPush.apply(scope, planned.map((item, index) => ({ index, change: item.change! })));
  });
}

/** Amounts as the API's defaults fill them in. */
const cnyItem = (externalId: string) =>
  projectItem(externalId, {
    totalInvestment: { amount: '10', unit: 'YI', currency: 'CNY', qualifier: 'EXACT' },
    listings: [
      {
        year: 2025,
        level: 'CITY_MAJOR',
        category: 'IMPLEMENTATION',
        constructionType: 'NEW',
        annualPlannedInvestment: { amount: '2', unit: 'YI', currency: 'CNY', qualifier: 'EXACT' },
      },
    ],
  });

const countProjects = async (district: string, externalId: string): Promise<number> => {
  const [{ count }] = (await knex('project').where({ district_code: district, external_id: externalId }).count()) as { count: string }[];
  return Number(count);
};

describe('a push with a forged district', () => {
  it('writes as a role that row-level security binds: not a superuser, no BYPASSRLS, not the owner', async () => {
    const role = await asWujinPush(WUJIN, async (trx) => {
      const { rows } = (await trx.raw(
        `select current_user as name, r.rolsuper, r.rolbypassrls, pg_has_role(current_user, c.relowner, 'USAGE') as owner,
                c.relrowsecurity as rls
           from pg_roles r, pg_class c where r.rolname = current_user and c.oid = 'project'::regclass`,
      )) as { rows: Record<string, unknown>[] };
      return rows[0];
    });
    expect(role).toEqual({ name: SERVICE_ROLE, rolsuper: false, rolbypassrls: false, owner: false, rls: true });
  });

  it('is refused by PostgreSQL when it creates a project of another district', async () => {
    const externalId = uniqueId('FORGED');
    await expect(forgedUpsert(JINTAN, [cnyItem(externalId)])).rejects.toMatchObject(RLS_REFUSAL);
    expect(await countProjects(JINTAN, externalId)).toBe(0);
  });

  it("is refused when it overwrites another district's project", async () => {
    const externalId = uniqueId('JT-OWNED');
    await seedProject(app, JINTAN, externalId);
    // The plan cannot even lock the row (FOR UPDATE sees only writable rows), so it tries to create it: refused.
    await expect(forgedUpsert(JINTAN, [cnyItem(externalId)])).rejects.toMatchObject(RLS_REFUSAL);
    const [row] = (await knex('project').where({ district_code: JINTAN, external_id: externalId }).select('name', 'version')) as Record<string, unknown>[];
    expect(row).toEqual({ name: `测试项目 ${externalId}`, version: 1 });
  });

  it('writes its own district through the same path', async () => {
    const externalId = uniqueId('WJ-OWN');
    expect((await forgedUpsert(WUJIN, [cnyItem(externalId)])).size).toBe(1);
    expect(await countProjects(WUJIN, externalId)).toBe(1);
  });

  it.each([
    ['listing', (trx: Knex, projectId: string) => insertListing(trx, projectId, { year: 2031 })],
    ['approval', (trx: Knex, projectId: string) => insertApproval(trx, projectId, 'LAND_CONTRACT', '2025-05-01')],
    ['evaluation', (trx: Knex, projectId: string) => insertEvaluation(trx, projectId, { year: 2025, month: 3, ytdWan: '10' })],
  ])("refuses a new %s of another district's project, and takes one of its own", async (_table, insert) => {
    await expect(asWujinPush(WUJIN, (trx) => insert(trx, jintanProject))).rejects.toMatchObject(RLS_REFUSAL);
    await expect(asWujinPush(WUJIN, (trx) => insert(trx, wujinProject))).resolves.toBeUndefined();
  });

  it("changes and deletes no row of another district's project", async () => {
    const touched = await asWujinPush(WUJIN, async (trx) => ({
      projects: await trx('project').where({ id: jintanProject }).update({ name: 'forged' }),
      listings: await trx('listing').where({ project_id: jintanProject }).update({ source_ref: 'forged' }),
      deleted: await trx('listing').where({ project_id: jintanProject }).delete(),
      own: await trx('listing').where({ project_id: wujinProject, year: 2025 }).update({ source_ref: 'rls test' }),
    }));
    expect(touched).toEqual({ projects: 0, listings: 0, deleted: 0, own: 1 });
    expect(await knex('listing').where({ project_id: jintanProject }).count()).toEqual([{ count: '1' }]);
  });
});

describe('what row-level security leaves alone', () => {
  it('reads: the push role reads every district', async () => {
    const rows = await asWujinPush(WUJIN, async (trx) => (await trx('project').distinct('district_code').orderBy('district_code')) as { district_code: string }[]);
    const districts = rows.map((row) => row.district_code);
    expect(districts).toEqual([WUJIN, JINTAN]);
    const read = await gql(app, 'query($d: ID!, $e: String!) { project(district: $d, externalId: $e) { id } }', { d: JINTAN, e: JINTAN_ID }, 'wujin-token');
    expect(read.body).toEqual({ data: { project: { id: jintanProject } } });
  });

  it('a city push of any district it names, and a district push of its own', async () => {
    const city = await push(app, 'upsertProjects', { district: JINTAN, projects: [projectItem(uniqueId('CITY'))] }, 'city-token');
    const wujin = await push(app, 'upsertProjects', { projects: [projectItem(uniqueId('WJ-API'))] }, 'wujin-token');
    expect([city.created, wujin.created]).toEqual([1, 1]);
    expect(city.results[0]!.project!.district.code).toBe(JINTAN);
  });

  it('the maintained figures and the data version, written by their triggers as the owner', async () => {
    const version = async () => Number(((await knex('data_version').sum('version')) as { sum: string }[])[0]!.sum);
    const before = await version();
    const externalId = uniqueId('FIG');
    await push(app, 'upsertProjects', { projects: [projectItem(externalId)] }, 'wujin-token');
    expect(await version()).toBeGreaterThan(before);
    const figures = await knex('project_figures').where({ district_code: WUJIN, external_id: externalId, year: 2025 }).count();
    expect(figures).toEqual([{ count: '1' }]);
  });
});

describe('an owner that is not a superuser (README, \'What the database roles need\')', () => {
  const server = testDatabaseUrl();
  const suffix = `${process.pid}_${Date.now() % 100000}`;
  const made: { databases: string[]; roles: string[] } = { databases: [], roles: [] };

  /** A login role owning a new database, as an operator would set one up; its URL. */
  async function ownerWithDatabase(name: string, ...setup: string[]): Promise<string> {
    const role = `cz_rls_${name}_${suffix}`;
    made.roles.push(role);
    made.databases.push(role);
    await execSql(server, `create role ${role} login password 'owner-pw'`, ...setup.map((sql) => sql.replaceAll('$ROLE', role)));
    await execSql(server, `create database ${role} owner ${role}`);
    const url = new URL(server);
    url.username = role;
    url.password = 'owner-pw';
    url.pathname = `/${role}`;
    return url.toString();
  }

  afterAll(async () => {
    for (const database of made.databases) await execSql(server, `drop database if exists ${database} with (force)`);
    for (const role of made.roles) await execSql(server, `drop role if exists ${role}`);
  });

  it('migrates when granted cz_service beforehand, and its pushes are bound', async () => {
    const url = await ownerWithDatabase('granted', `grant ${SERVICE_ROLE} to $ROLE`);
    const orm = await initOrm({ clientUrl: url });
    try {
      await migrate(orm);
      const own = orm.em.getKnex();
      // No reference data: the policy is checked before the row's constraints and foreign keys.
      const forged = own.transaction(async (trx) => {
        await enterWriteScope(trx, WUJIN_CALLER, JINTAN);
        await trx('project').insert({ district_code: JINTAN, external_id: 'X', name: 'x', industry_code: 'NEV.EDS', status: 'LISTED' });
      });
      await expect(forged).rejects.toMatchObject(RLS_REFUSAL);
    } finally {
      await orm.close();
    }
  });

  it('stops the migration with the statement to run when it may not SET ROLE cz_service', async () => {
    const url = await ownerWithDatabase('ungranted');
    const orm = await initOrm({ clientUrl: url });
    try {
      await expect(migrate(orm)).rejects.toThrow(new RegExp(`must be able to SET ROLE ${SERVICE_ROLE}`));
    } finally {
      await orm.close();
    }
  });
});
