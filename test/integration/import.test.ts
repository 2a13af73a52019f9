import { DEFAULT_RAG_THRESHOLDS } from '../../src/config';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from '@mikro-orm/postgresql';
import { Database, openDatabase } from '../../src/bootstrap';
import { projectRoot } from '../../src/common/project-root';
import { ImportFileError } from '../../src/cli/import-file';
import { formatReport, rejectedLines } from '../../src/cli/import-report';
import { importExitCode, importFile, ImportOptions, ImportProgress, ImportUsageError } from '../../src/cli/importer';
import { createScratchDatabase } from '../helpers/test-database';
import { projectItem } from '../helpers/push-fixtures';

let scratch: { url: string; drop(): Promise<void> };
let database: Database;
let knex: Knex;
let dir: string;

beforeAll(async () => {
  scratch = await createScratchDatabase('import');
  database = await openDatabase({ url: scratch.url, demoData: false, ragThresholds: DEFAULT_RAG_THRESHOLDS });
  knex = database.orm.em.getKnex();
  dir = await mkdtemp(path.join(os.tmpdir(), 'cz-import-test-'));
});

afterAll(async () => {
  await database.orm.close();
  await scratch.drop();
  await rm(dir, { recursive: true, force: true });
});

/** A project item as the push tests make it, named as an import's. */
const project = (id: string, overrides: Record<string, unknown> = {}) => projectItem(id, { name: `导入项目 ${id}`, ...overrides });

let fileCount = 0;
async function file(items: unknown): Promise<string> {
  const file = path.join(dir, `file-${++fileCount}.json`);
  await writeFile(file, JSON.stringify(items, null, 2));
  return file;
}

const run = (kind: ImportOptions['kind'], filePath: string, options: Partial<ImportOptions> = {}) =>
  importFile({ knex, reference: database.reference, districtCode: '320412', kind, path: filePath, ...options });

const count = async (sql: string, bindings: unknown[] = []) =>
  Number(((await knex.raw(sql, bindings as any)) as { rows: { n: string }[] }).rows[0]!.n);

describe('projects', () => {
  let threeProjects: string;

  it('creates the projects of a file, acting as the district with the actor key cli', async () => {
    threeProjects = await file([project('WJ-IMP-1'), project('WJ-IMP-2'), project('WJ-IMP-3', { industryCode: null, industryLabel: '智电汽车' })]);
    const result = await run('projects', threeProjects);
    expect(result.counts).toEqual({ CREATED: 3, UPDATED: 0, UNCHANGED: 0, REJECTED: 0, REPLAYED: 0 });
    expect(result.chunks).toMatchObject([{ chunk: 0, first: 0, last: 2, status: 'WRITTEN' }]);
    expect(result.chunks[0]!.idempotencyKey).toBe(`cli:${result.sha256.slice(0, 16)}:0`);
    expect(importExitCode(result)).toBe(0);
    expect(result.results.every((r) => r.projectId !== null)).toBe(true);

    const audit = (await knex('audit_entry').where({ entity: 'Project' }).select('actor_role', 'actor_district', 'actor_key', 'mutation')) as Record<string, unknown>[];
    expect(audit).toHaveLength(3);
    for (const entry of audit) expect(entry).toEqual({ actor_role: 'district', actor_district: '320412', actor_key: 'cli', mutation: 'upsertProjects' });
    const stored = await knex('project').whereIn('external_id', ['WJ-IMP-1', 'WJ-IMP-2', 'WJ-IMP-3']).select('district_code', 'version', 'total_investment_wan_yuan');
    expect(stored).toHaveLength(3);
    expect(stored.every((p: any) => p.district_code === '320412' && p.version === 1 && Number(p.total_investment_wan_yuan) === 100000)).toBe(true);

    const report = formatReport(result);
    expect(report).toContain('Outcomes: CREATED 3, UPDATED 0, UNCHANGED 0, REJECTED 0');
    expect(report).toContain('chunk 1/1  #0–#2  written: CREATED 3');
  });

  it('replays the same file: nothing changes and nothing new is audited', async () => {
    const auditBefore = await count('select count(*) as n from audit_entry');
    const result = await run('projects', threeProjects);
    expect(result.counts).toEqual({ CREATED: 0, UPDATED: 0, UNCHANGED: 0, REJECTED: 0, REPLAYED: 3 });
    expect(result.chunks[0]).toMatchObject({ status: 'REPLAYED' });
    expect(result.chunks[0]!.replayOf).toBeInstanceOf(Date);
    expect(importExitCode(result)).toBe(0);
    expect(await count('select count(*) as n from audit_entry')).toBe(auditBefore);
    expect(await count("select count(*) as n from project where external_id like 'WJ-IMP-%' and version <> 1")).toBe(0);
    expect(formatReport(result)).toContain('This file was imported before');

    // The same items in another file (other bytes): a new key, planned afresh, and every item is UNCHANGED.
    const reformatted = path.join(dir, 'reformatted.json');
    await writeFile(reformatted, JSON.stringify([project('WJ-IMP-1'), project('WJ-IMP-2'), project('WJ-IMP-3', { industryCode: null, industryLabel: '智电汽车' })]));
    const again = await run('projects', reformatted);
    expect(again.counts).toMatchObject({ UNCHANGED: 3, REPLAYED: 0 });
    expect(again.chunks[0]!.status).toBe('UNCHANGED');
    expect(await count('select count(*) as n from audit_entry')).toBe(auditBefore);
  });

  it('rejects a bad item with its field path, and writes nothing of an atomic file', async () => {
    const bad = await file([
      project('WJ-BAD-1'),
      project('WJ-BAD-2', { industryCode: 'NO.SUCH' }),
      project('WJ-BAD-3', { listings: [{ year: 2025, level: 'CITY_MAJOR', category: 'IMPLEMENTATION', constructionType: 'NEW', annualPlannedInvestment: { amount: '-1', unit: 'WAN' } }] }),
    ]);
    const result = await run('projects', bad);
    expect(result.counts).toMatchObject({ CREATED: 0, REJECTED: 3 });
    expect(result.chunks[0]!.status).toBe('REJECTED');
    expect(importExitCode(result)).toBe(1);
    expect(result.results[1]!.errors).toEqual([expect.objectContaining({ field: 'industryCode', code: 'UNKNOWN_INDUSTRY' })]);
    expect(result.results[2]!.errors).toEqual([expect.objectContaining({ field: 'listings.0.annualPlannedInvestment.amount', code: 'INVALID_AMOUNT' })]);
    expect(result.results[0]!.errors).toEqual([expect.objectContaining({ code: 'BATCH_ABORTED' })]);
    expect(await count("select count(*) as n from project where external_id like 'WJ-BAD-%'")).toBe(0);

    const lines = rejectedLines(result);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^#1 WJ-BAD-2: industryCode — UNKNOWN_INDUSTRY — industryCode "NO.SUCH" is not in the city taxonomy/);
    expect(lines[1]).toMatch(/^#2 WJ-BAD-3: listings\.0\.annualPlannedInvestment\.amount — INVALID_AMOUNT — /);
    const report = formatReport(result);
    expect(report).toContain('REJECTED 3 (2 with errors, 1 not written because of them)');
    expect(report).toContain('Nothing was written.');

    // Not atomic: the good item is written, the bad ones reported.
    const partial = await run('projects', bad, { atomic: false });
    expect(partial.counts).toMatchObject({ CREATED: 1, REJECTED: 2 });
    expect(partial.chunks[0]!.idempotencyKey).toMatch(/:0:non-atomic$/);
    expect(importExitCode(partial)).toBe(1);
    expect(await count("select count(*) as n from project where external_id like 'WJ-BAD-%'")).toBe(1);
    expect(formatReport(partial)).toContain('Not atomic: the valid items were written');
  });

  it('refuses a structurally bad file, naming the index and field, writing nothing', async () => {
    const { name: _name, ...noName } = project('WJ-STR-2');
    const bad = await file([
      project('WJ-STR-1', { totalInvestment: { amount: '1e5', unit: 'WAN' } }),
      noName,
      project('WJ-STR-3', { status: 'BUILDING', startedOn: '2025-02-30', nmae: 'typo' }),
      project('WJ-STR-4', { listings: [{ year: 2025.5, level: 'CITY_MAJOR', category: 'IMPLEMENTATION', constructionType: 'NEW', annualPlannedInvestment: { amount: 3, unit: 'YI' } }] }),
    ]);
    const projectsBefore = await count('select count(*) as n from project');
    const error = await run('projects', bad).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportFileError);
    const issues = (error as ImportFileError).issues.map(({ index, externalId, field }) => ({ index, externalId, field }));
    expect(issues).toEqual([
      { index: 0, externalId: 'WJ-STR-1', field: 'totalInvestment.amount' },
      { index: 1, externalId: 'WJ-STR-2', field: 'name' },
      { index: 2, externalId: 'WJ-STR-3', field: 'status' },
      { index: 2, externalId: 'WJ-STR-3', field: 'startedOn' },
      { index: 2, externalId: 'WJ-STR-3', field: 'nmae' },
      { index: 3, externalId: 'WJ-STR-4', field: 'listings.0.year' },
    ]);
    const message = (error as Error).message;
    expect(message).toContain('4 of 4 items are not valid ProjectInput values, so nothing was imported');
    expect(message).toContain('#0 WJ-STR-1: totalInvestment.amount — BAD_USER_INPUT — Expected type "Decimal". Decimal must be a number in plain notation');
    expect(message).toContain('#1 WJ-STR-2: name — BAD_USER_INPUT — Field "name" of required type "String!" was not provided.');
    expect(message).toContain('#2 WJ-STR-3: nmae — BAD_USER_INPUT — Field "nmae" is not defined by type "ProjectInput". Did you mean "name"?');
    expect(await count('select count(*) as n from project')).toBe(projectsBefore);

    for (const [content, expected] of [
      ['{"projects": []}', /expected a JSON array of ProjectInput items \(write the "projects" array itself/],
      ['[{"externalId": ', /is not valid JSON/],
    ] as const) {
      const broken = path.join(dir, `broken-${++fileCount}.json`);
      await writeFile(broken, content);
      await expect(run('projects', broken)).rejects.toThrow(expected);
    }
    await expect(run('projects', path.join(dir, 'missing.json'))).rejects.toThrow(/cannot read .*missing\.json/);
    await expect(run('projects', threeProjectsPath(), { districtCode: '999999' })).rejects.toThrow(ImportUsageError);
  });
});

const threeProjectsPath = () => path.join(dir, 'file-1.json');

describe('evaluations in chunks', () => {
  const PROJECTS = 250;
  const evaluations = (amount: (p: number, month: number) => string) =>
    Array.from({ length: PROJECTS }, (_, p) =>
      Array.from({ length: 10 }, (_, m) => ({
        externalId: `WJ-EV-${p}`,
        year: 2025,
        month: m + 1,
        completedInvestmentYtd: { amount: amount(p, m + 1), unit: 'WAN' },
        physicalProgressPct: (m + 1) * 5,
      })),
    ).flat();
  const revisions = () => count("select sum(revision) as n from evaluation e join project p on p.id = e.project_id where p.external_id like 'WJ-EV-%'");

  beforeAll(async () => {
    const projects = await run('projects', await file(Array.from({ length: PROJECTS }, (_, p) => project(`WJ-EV-${p}`))));
    expect(projects.counts.CREATED).toBe(PROJECTS);
  });

  it('imports 2,500 evaluations in 3 chunks, checked first, reporting progress', async () => {
    const events: ImportProgress[] = [];
    const result = await run('evaluations', await file(evaluations((p, m) => String(p * 10 + m))), { onProgress: (e) => events.push(e) });
    expect(result.items).toBe(2500);
    expect(result.prechecked).toBe(true);
    expect(result.chunks.map(({ first, last, status }) => ({ first, last, status }))).toEqual([
      { first: 0, last: 999, status: 'WRITTEN' },
      { first: 1000, last: 1999, status: 'WRITTEN' },
      { first: 2000, last: 2499, status: 'WRITTEN' },
    ]);
    expect(result.chunks.map((c) => c.idempotencyKey)).toEqual([0, 1, 2].map((i) => `cli:${result.sha256.slice(0, 16)}:${i}`));
    expect(result.counts).toMatchObject({ CREATED: 2500, REJECTED: 0 });
    expect(await revisions()).toBe(2500);
    expect(await count("select count(*) as n from audit_entry where mutation = 'submitEvaluations' and actor_key = 'cli'")).toBe(2500);
    expect(events.filter((e) => e.phase === 'check').map((e) => e.done)).toEqual([0, 1000, 2000, 2500]);
    expect(events.filter((e) => e.phase === 'write').map((e) => e.done)).toEqual([0, 1000, 2000, 2500]);
  });

  it('writes no chunk of an atomic file when an item of its last chunk is rejected', async () => {
    const items = evaluations((p, m) => String(p * 10 + m + 1));
    items[2100] = { ...items[2100]!, month: 13 };
    const badFile = await file(items);
    const result = await run('evaluations', badFile);
    expect(result.chunks.map((c) => c.status)).toEqual(['NOT_WRITTEN', 'NOT_WRITTEN', 'REJECTED']);
    expect(result.counts).toMatchObject({ UPDATED: 0, REJECTED: 2500 });
    expect(rejectedLines(result)).toEqual([expect.stringMatching(/^#2100 WJ-EV-210: month — INVALID_VALUE — month must be from 1 to 12; got 13\./)]);
    expect(await revisions()).toBe(2500);
    const report = formatReport(result);
    expect(report).toContain('REJECTED 2,500 (1 with errors, 2,499 not written because of them)');
    expect(report).toContain('Nothing was written (every chunk is checked before any is written)');

    // Dry run: the same outcomes a real run would give, nothing written.
    const dry = await run('evaluations', badFile, { dryRun: true, atomic: false });
    expect(dry.counts).toMatchObject({ UPDATED: 2499, REJECTED: 1 });
    expect(dry.chunks.map((c) => c.status)).toEqual(['CHECKED', 'CHECKED', 'CHECKED']);
    expect(await revisions()).toBe(2500);
    expect(formatReport(dry)).toContain('Dry run: nothing was written.');

    const partial = await run('evaluations', badFile, { atomic: false });
    expect(partial.counts).toMatchObject({ UPDATED: 2499, REJECTED: 1 });
    expect(await revisions()).toBe(2500 + 2499);
  });
});

describe('the command', () => {
  const cli = path.join(projectRoot(), 'dist', 'src', 'cli', 'import.js');
  let cliDatabase: { url: string; drop(): Promise<void> };

  const exec = (command: string, args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(command, args, { cwd: projectRoot(), env: { ...process.env, ...env }, timeout: 170_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    // Type errors fail `npm test`'s own tsc step; here only the emitted JavaScript matters.
    await exec('npx', ['tsc', '-p', 'tsconfig.json']);
    expect(existsSync(cli)).toBe(true);
    cliDatabase = await createScratchDatabase('import_cli');
  }, 180_000);

  afterAll(async () => {
    await cliDatabase?.drop();
  });

  it('imports a file into DATABASE_URL and exits 0, 1 or 2 as documented', async () => {
    const env = { DATABASE_URL: cliDatabase.url, API_TOKENS: '' };
    const good = await file([project('WJ-CLI-1'), project('WJ-CLI-2')]);
    const first = await exec('node', [cli, '--district', '320412', '--kind', 'projects', good], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^writing: 0\/2 items \(0%\), chunk 0\/1\nwriting: 2\/2 items \(100%\), chunk 1\/1\n/);
    expect(first.stdout).toContain(`Imported ${good}: 2 projects into district 320412 as actor "cli" (atomic; 1 chunk of at most 1,000;`);
    expect(first.stdout).toContain('Outcomes: CREATED 2, UPDATED 0, UNCHANGED 0, REJECTED 0');
    expect(first.stdout).toContain('Done: 2 items written.');

    const again = await exec('node', [cli, '--district', '320412', '--kind', 'projects', good], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('REPLAYED 2');

    const rejected = await exec('node', [cli, '--district', '320412', '--kind', 'projects', await file([project('WJ-CLI-3', { status: 'SUSPENDED' })])], env);
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toContain('#0 WJ-CLI-3: status — INVALID_TRANSITION — A new project cannot start SUSPENDED');

    const badFile = await exec('node', [cli, '--district', '320412', '--kind', 'projects', await file([project('WJ-CLI-4', { totalInvestment: { amount: '1e5', unit: 'WAN' } })])], env);
    expect(badFile.code).toBe(2);
    expect(badFile.stderr).toContain('#0 WJ-CLI-4: totalInvestment.amount — BAD_USER_INPUT — Expected type "Decimal"');

    const usage = await exec('node', [cli, '--kind', 'projects', good], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--district must be a 6-digit district code');
  }, 120_000);
});
