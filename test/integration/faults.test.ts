import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { isAlive, RunningPostgres, startEmbeddedPostgres, stopOrphanedPostgres } from '../../src/launcher';
import { TEST_TOKENS } from '../helpers/app';
import { execSql } from '../helpers/test-database';
import { ServiceProcess, startServiceProcess } from '../helpers/service-process';

// Faults, against the service as production runs it (src/main.ts in its own process, default DB_* limits):
// PostgreSQL stopping (immediate shutdown, or its postmaster killed) and freezing under a stream of district
// pushes, and SIGTERM during slow requests. This file runs a private embedded PostgreSQL (its own temp data
// dir), as it stops, freezes and restarts it.

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Resolves with the promise's value, or null after `ms` (its timer cleared either way, so nothing keeps Jest alive). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(null), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}
async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await delay(20);
  }
}

const DATABASE = 'cz_faults';
const ITEMS_PER_PUSH = 50;
/** The base projects are listed in each of these years, so each evaluation push can report a month of its own. */
const BASE_YEARS = Array.from({ length: 20 }, (_, i) => 2005 + i);
const MONTHS_PER_RUN = 60;
const DISTRICTS = [
  { code: '320412', token: 'wujin-token' },
  { code: '320413', token: 'jintan-token' },
  { code: '320411', token: 'xinbei-token' },
] as const;
type District = (typeof DISTRICTS)[number];
const API_TOKENS = TEST_TOKENS.map((t) => `${t.token}=${t.role}${t.districtCode ? `:${t.districtCode}` : ''}`).join(',');
/** The codes of database failures (src/db/database-errors.ts): HTTP 503 with Retry-After. */
const DATABASE_FAILURES = ['DATABASE_UNAVAILABLE', 'DATABASE_BUSY', 'QUERY_TIMEOUT'];

const UPSERT = `mutation($input: UpsertProjectsInput!) { upsertProjects(input: $input) {
  created updated unchanged rejected results { index externalId outcome errors { field code message } } } }`;
const EVALUATIONS = `mutation($input: SubmitEvaluationsInput!) { submitEvaluations(input: $input) {
  created updated unchanged rejected results { index externalId outcome errors { field code message } } } }`;

const READ = '{ projects(first: 5, filter: { districts: ["320412"] }) { totalCount edges { node { externalId } } } }';

let dataDir: string;
let postgres: RunningPostgres;
let service: ServiceProcess;

interface HttpResult {
  status: number | null;
  retryAfter: string | null;
  body: any;
  networkError: string | null;
  ms: number;
}

async function post(url: string, query: string, variables: Record<string, unknown>, token: string, timeoutMs = 30_000): Promise<HttpResult> {
  const started = Date.now();
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // kept as text: a non-JSON answer is itself a finding
    }
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body, networkError: null, ms: Date.now() - started };
  } catch (error) {
    return { status: null, retryAfter: null, body: null, networkError: String((error as Error).cause ?? error), ms: Date.now() - started };
  }
}

async function probe(url: string, timeoutMs = 5_000): Promise<{ status: number | null; ms: number }> {
  const started = Date.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return { status: response.status, ms: Date.now() - started };
  } catch {
    return { status: null, ms: Date.now() - started };
  }
}

/** Sends a signal to a process that may have exited meanwhile (a backend ending its session). */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** The processes whose parent is `pid`: from /proc on Linux, else from pgrep. */
async function childrenOf(pid: number): Promise<number[]> {
  if (process.platform !== 'linux') {
    const { stdout } = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
    return stdout.split('\n').filter(Boolean).map(Number);
  }
  const children: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The parent pid is the second field after the parenthesised command name.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) children.push(Number(entry));
  }
  return children;
}

async function postmasterPid(): Promise<number> {
  return Number.parseInt((await fs.readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]!, 10);
}

// --- the pushes ---------------------------------------------------------------------------------------------

interface Push {
  key: string;
  district: District;
  kind: 'upsert' | 'evaluations';
  query: string;
  input: Record<string, any>;
  /** What must be stored for each item once the push is in. */
  expected: { externalId: string; value: string; text: string; year?: number; month?: number }[];
  sentAt: number;
  result: HttpResult | null;
  acknowledged: boolean;
}

const baseProject = (district: District, i: number) => ({
  externalId: `FB-${district.code}-${i}`,
  name: `故障测试基础项目 ${district.code} #${i}`,
  industryCode: 'NEV',
  status: 'UNDER_CONSTRUCTION',
  startedOn: '2005-01-10',
  totalInvestment: { amount: '50000', unit: 'WAN' },
  listings: BASE_YEARS.map((year) => ({
    year,
    level: 'DISTRICT_KEY',
    category: 'IMPLEMENTATION',
    constructionType: 'CONTINUING',
    annualPlannedInvestment: { amount: '5000', unit: 'WAN' },
  })),
});

/**
 * Push n of a district in one run, with an idempotency key of its own: even n, 50 new projects; odd n, the
 * evaluations of the district's 50 base projects for a month no other push reports.
 */
function makePush(district: District, n: number, run: { id: string; firstMonth: number }): Push {
  const key = `faults-${run.id}-${district.code}-${n}`;
  if (n % 2 === 0) {
    const expected = Array.from({ length: ITEMS_PER_PUSH }, (_, i) => ({
      externalId: `FP-${run.id}-${district.code}-${n}-${i}`,
      value: `${n * 1000 + i + 1}.0000`,
      text: `故障推送 ${key} #${i}`,
    }));
    const projects = expected.map((e) => ({
      externalId: e.externalId,
      name: e.text,
      industryCode: 'NEV',
      status: 'RESERVE',
      totalInvestment: { amount: e.value, unit: 'WAN' },
    }));
    return { key, district, kind: 'upsert', query: UPSERT, input: { idempotencyKey: key, projects }, expected, sentAt: 0, result: null, acknowledged: false };
  }
  const m = (n - 1) / 2;
  if (m >= MONTHS_PER_RUN) throw new Error(`run ${run.id} sent more than ${MONTHS_PER_RUN} evaluation pushes for ${district.code}`);
  const year = BASE_YEARS[Math.floor((run.firstMonth + m) / 12)]!;
  const month = ((run.firstMonth + m) % 12) + 1;
  const expected = Array.from({ length: ITEMS_PER_PUSH }, (_, i) => ({
    externalId: `FB-${district.code}-${i}`,
    value: `${(m + 1) * 1000 + i}.0000`,
    text: `${key} #${i}`,
    year,
    month,
  }));
  const evaluations = expected.map((e) => ({ externalId: e.externalId, year, month, completedInvestmentYtd: { amount: e.value, unit: 'WAN' }, comment: e.text }));
  return { key, district, kind: 'evaluations', query: EVALUATIONS, input: { idempotencyKey: key, evaluations }, expected, sentAt: 0, result: null, acknowledged: false };
}

const payloadOf = (push: Push, body: any) => body?.data?.[push.kind === 'upsert' ? 'upsertProjects' : 'submitEvaluations'];

/** HTTP 200, no errors, and a result for every item, none rejected. */
function isAcknowledged(push: Push, result: HttpResult): boolean {
  const payload = payloadOf(push, result.body);
  return (
    result.status === 200 && !result.body?.errors && payload?.results?.length === ITEMS_PER_PUSH && payload.results.every((r: any) => r.outcome !== 'REJECTED')
  );
}

async function send(push: Push): Promise<void> {
  push.sentAt = Date.now();
  push.result = await post(service.url, push.query, { input: push.input }, push.district.token);
  push.acknowledged = isAcknowledged(push, push.result);
  // A rejected item is a mistake in this test's data, not a fault: stop at once with the reason.
  const rejected = payloadOf(push, push.result.body)?.results?.find((r: any) => r.outcome === 'REJECTED');
  if (rejected) throw new Error(`push ${push.key} was rejected: ${JSON.stringify(rejected)}`);
}

/** How many of a push's items are stored at all, how many with exactly the pushed values, and whether its key is. */
async function storedState(client: Client, push: Push): Promise<{ present: number; matching: number; keyStored: boolean }> {
  const mutation = push.kind === 'upsert' ? 'upsertProjects' : 'submitEvaluations';
  const { rows: keys } = await client.query('select 1 from idempotency_key where district_code = $1 and mutation = $2 and key = $3', [
    push.district.code,
    mutation,
    push.key,
  ]);
  const { rows } =
    push.kind === 'upsert'
      ? await client.query(
          `select external_id, name as text, total_investment_original::text as value from project
            where district_code = $1 and external_id = any($2::text[])`,
          [push.district.code, push.expected.map((e) => e.externalId)],
        )
      : await client.query(
          `select p.external_id, e.comment as text, e.ytd_original::text as value from evaluation e join project p on p.id = e.project_id
            where p.district_code = $1 and e.year = $2 and e.month = $3`,
          [push.district.code, push.expected[0]!.year, push.expected[0]!.month],
        );
  const byId = new Map(rows.map((row) => [row.external_id as string, row]));
  const matching = push.expected.filter((e) => {
    const row = byId.get(e.externalId);
    return row !== undefined && row.text === e.text && Number(row.value) === Number(e.value);
  }).length;
  return { present: rows.length, matching, keyStored: keys.length === 1 };
}

const whole = { present: ITEMS_PER_PUSH, matching: ITEMS_PER_PUSH, keyStored: true };

// --- a stream of pushes through a fault ---------------------------------------------------------------------

interface Fault {
  /** Breaks the database; resolves once it is broken. */
  begin(): Promise<void>;
  /** Mends it; resolves once PostgreSQL accepts connections again. */
  end(): Promise<void>;
  /** How long the database stays broken. */
  durationMs: number;
}

/**
 * Three districts push one chunk after another while `fault` breaks the database mid-stream; /health and
 * /ready are probed all along. Then every push is checked against the database, and the failed ones retried.
 */
async function pushThrough(run: { id: string; firstMonth: number }, fault: Fault, options: { pushesFail: boolean } = { pushesFail: true }) {
  const t: Record<string, number> = { start: Date.now() };
  const logStart = service.output().length;

  // /health and /ready probed every 250 ms, as an orchestrator does: on schedule, whether or not the last answered.
  const probes: { path: '/health' | '/ready'; sentAt: number; status: number | null; ms: number }[] = [];
  const probing: Promise<void>[] = [];
  // And a dashboard's read every 250 ms.
  const reads: { sentAt: number; result: HttpResult }[] = [];
  const prober = setInterval(() => {
    for (const probePath of ['/health', '/ready'] as const) {
      const sentAt = Date.now();
      probing.push(probe(`${service.url}${probePath}`).then((answer) => void probes.push({ path: probePath, sentAt, ...answer })));
    }
    const sentAt = Date.now();
    probing.push(post(service.url, READ, {}, 'city-token').then((result) => void reads.push({ sentAt, result })));
  }, 250);

  const pushes: Push[] = [];
  let pushing = true;
  const workers = DISTRICTS.map(async (district) => {
    for (let n = 0; pushing; n++) {
      const push = makePush(district, n, run);
      pushes.push(push);
      await send(push);
      // The way a district system backs off; keeps the stream from spinning while the database is down.
      if (!push.acknowledged) await delay(250);
    }
  });
  const acknowledgedSince = (district: District, since: number) => pushes.filter((p) => p.district === district && p.acknowledged && p.sentAt >= since).length;

  try {
    await waitFor(() => DISTRICTS.every((d) => acknowledgedSince(d, 0) >= 3), 20_000, 'three acknowledged pushes per district');
    t.faultBegan = Date.now();
    await fault.begin();
    t.faulted = Date.now();
    await delay(fault.durationMs);
    t.mendBegan = Date.now();
    await fault.end();
    t.mended = Date.now();
    await waitFor(() => DISTRICTS.every((d) => acknowledgedSince(d, t.mended!) >= 2), 20_000, 'two acknowledged pushes per district after the database is back');
    // Asserted below: /ready answers 200 again within 10 s.
    const readyAgain = () => probes.some((p) => p.path === '/ready' && p.sentAt >= t.mended! && p.status === 200);
    await waitFor(readyAgain, 10_000, '/ready').catch(() => undefined);
  } finally {
    pushing = false;
    await Promise.all(workers);
    clearInterval(prober);
    await Promise.all(probing);
  }
  t.streamEnded = Date.now();
  // The service's own account: no request may have met an error it could not classify (logged as 'unexpected').
  const unexpected = service
    .output()
    .slice(logStart)
    .split('\n')
    .filter((line) => /"msg":"unexpected|Unexpected error processing request/.test(line));
  const failed = pushes.filter((p) => !p.acknowledged);
  const failedWhileBroken = failed.filter((p) => p.sentAt >= t.faulted! && p.sentAt < t.mendBegan!);
  const readyWhileBroken = probes.filter((p) => p.path === '/ready' && p.sentAt >= t.faulted! && p.sentAt + p.ms < t.mendBegan!);
  const readyAgain = probes.find((p) => p.path === '/ready' && p.sentAt >= t.mended! && p.status === 200);
  const readyAfterMendMs = readyAgain ? readyAgain.sentAt + readyAgain.ms - t.mended! : null;
  const max = (values: number[]) => (values.length > 0 ? Math.max(...values) : null);
  const committedUnacknowledged: string[] = [];
  const summary = () => ({
    pushes: pushes.length,
    acknowledged: pushes.length - failed.length,
    failed: failed.length,
    failedWhileBroken: failedWhileBroken.length,
    failedAnswers: [...new Set(failed.map((p) => `${p.result!.status} ${p.result!.body?.errors?.map((e: any) => e.extensions?.code).join(',')}`))],
    committedUnacknowledged: committedUnacknowledged.length,
    maxFailedPushMs: max(failed.map((p) => p.result!.ms)),
    maxPushWhileBrokenMs: max(pushes.filter((p) => p.sentAt >= t.faulted! && p.sentAt < t.mendBegan!).map((p) => p.result!.ms)),
    maxPushMs: max(pushes.map((p) => p.result!.ms)),
    readsWhileBroken: (() => {
      const during = reads.filter((r) => r.sentAt >= t.faulted! && r.sentAt < t.mendBegan!);
      const answers = [...new Set(during.map((r) => `${r.result.status ?? r.result.networkError} ${r.result.body?.errors?.map((e: any) => e.extensions?.code).join(',') ?? 'ok'}`))];
      return `${during.length}: ${answers.join('; ')}; max ${max(during.map((r) => r.result.ms))} ms`;
    })(),
    maxHealthMs: max(probes.filter((p) => p.path === '/health').map((p) => p.ms)),
    readyWhileBroken: `${readyWhileBroken.filter((p) => p.status === 503).length} of ${readyWhileBroken.length} 503, max ${max(readyWhileBroken.map((p) => p.ms))} ms`,
    breakMs: t.faulted! - t.faultBegan!,
    mendMs: t.mended! - t.mendBegan!,
    readyAfterMendMs,
    streamMs: t.streamEnded! - t.start!,
    unexpectedErrors: unexpected.length,
  });
  try {
    await checkStream();
  } finally {
    console.log(`${run.id}: ${JSON.stringify(summary())}`);
  }

  /** The three districts' pushes checked at once, each district on a database connection of its own. */
  async function eachDistrict(check: (client: Client, districtPushes: Push[]) => Promise<void>) {
    await Promise.all(DISTRICTS.map((district) => withClient(postgres.url, (client) => check(client, pushes.filter((p) => p.district === district)))));
  }

  async function checkStream() {
    expect(unexpected.map((line) => line.slice(0, 2_000))).toEqual([]);
    // Every push was answered over HTTP: none hung past the client's timeout, no connection was dropped.
    expect(pushes.filter((p) => p.result!.networkError !== null).map((p) => `${p.key}: ${p.result!.networkError} after ${p.result!.ms} ms`)).toEqual([]);
    if (options.pushesFail) expect(failedWhileBroken.length).toBeGreaterThan(0);

    // A failed push gets HTTP 503 with Retry-After and a database-failure code, with a message of the service's
    // own: never the driver's words, SQL or a stack trace.
    for (const push of failed) {
      const { status, retryAfter, body } = push.result!;
      const codes = Array.isArray(body?.errors) ? body.errors.map((e: any) => e.extensions?.code) : body;
      const databaseFailure = Array.isArray(codes) && codes.length === 1 && DATABASE_FAILURES.includes(codes[0]);
      expect({ key: push.key, status, retryAfter: retryAfter !== null, codes, databaseFailure }).toEqual({
        key: push.key,
        status: 503,
        retryAfter: true,
        codes,
        databaseFailure: true,
      });
      for (const error of body.errors) {
        expect(error.extensions.stacktrace).toBeUndefined();
        expect(error.message).not.toMatch(/ECONNREFUSED|ECONNRESET|terminat|shut ?down|postgres|knex|tarn|127\.0\.0\.1|select |insert |\.ts:\d/i);
      }
    }

    // Each acknowledged push is stored in full, with the values pushed; every other push wholly or not at all.
    await eachDistrict(async (client, districtPushes) => {
      for (const push of districtPushes) {
        const state = await storedState(client, push);
        if (push.acknowledged) {
          expect({ key: push.key, ...state }).toEqual({ key: push.key, ...whole });
        } else {
          const isWhole = state.present === ITEMS_PER_PUSH && state.matching === ITEMS_PER_PUSH && state.keyStored;
          const isNone = state.present === 0 && !state.keyStored;
          expect({ key: push.key, ...state, wholeOrNone: isWhole || isNone }).toEqual({ key: push.key, ...state, wholeOrNone: true });
          if (isWhole) committedUnacknowledged.push(push.key);
        }
      }
    });

    // Resending each failed push with its key succeeds (one whose answer was lost after its commit replays it).
    await eachDistrict(async (client, districtPushes) => {
      for (const push of districtPushes.filter((p) => !p.acknowledged)) {
        const retry = await post(service.url, push.query, { input: push.input }, push.district.token);
        expect({ key: push.key, status: retry.status, errors: retry.body?.errors }).toEqual({ key: push.key, status: 200, errors: undefined });
        expect(isAcknowledged(push, retry)).toBe(true);
      }
      for (const push of districtPushes) expect({ key: push.key, ...(await storedState(client, push)) }).toEqual({ key: push.key, ...whole });
    });

    // Reads: answered 200, or 503 with a database-failure code; never dropped, never another error.
    for (const { result } of reads) {
      const codes = result.body?.errors?.map((e: any) => e.extensions?.code);
      const clean = result.status === 200 ? codes === undefined : result.status === 503 && codes?.length === 1 && DATABASE_FAILURES.includes(codes[0]);
      expect({ status: result.status, codes, networkError: result.networkError, clean }).toEqual({ status: result.status, codes, networkError: null, clean: true });
    }
    // /health: 200 throughout. /ready: 503, within 3 s, while the database is broken; 200 within 10 s of it being back.
    expect(probes.filter((p) => p.path === '/health' && p.status !== 200)).toEqual([]);
    expect(readyWhileBroken.length).toBeGreaterThan(2);
    expect(readyWhileBroken.filter((p) => p.status !== 503 || p.ms > 3_000)).toEqual([]);
    expect(readyAfterMendMs).not.toBeNull();
    expect(readyAfterMendMs).toBeLessThan(10_000);
  }
}

// --- set-up -------------------------------------------------------------------------------------------------

const TEMP_PREFIX = 'cz-faults-pg-';
const OWNER_FILE = 'owner.pid';

/** A run of this file that was killed leaves its server (maybe frozen) in its temp dir: stop those whose Jest process has gone. */
async function reapAbandonedClusters(): Promise<void> {
  for (const entry of await fs.readdir(os.tmpdir())) {
    if (!entry.startsWith(TEMP_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), entry);
    const owner = Number.parseInt(await fs.readFile(path.join(dir, OWNER_FILE), 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) continue;
    try {
      const pid = Number.parseInt((await fs.readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]!, 10);
      if (pid > 0) for (const frozen of [pid, ...(await childrenOf(pid))]) signal(frozen, 'SIGCONT');
    } catch {
      // no server running there
    }
    await stopOrphanedPostgres(path.join(dir, 'pg')).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

beforeAll(async () => {
  await reapAbandonedClusters();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), TEMP_PREFIX));
  // mkdtemp makes it mode 700; as root, the postgres OS user must reach the cluster inside it.
  await fs.chmod(dataDir, 0o755);
  await fs.writeFile(path.join(dataDir, OWNER_FILE), `${process.pid}\n`);
  postgres = await startEmbeddedPostgres({ dataDir, database: DATABASE });
  service = await startServiceProcess(postgres.url, { API_TOKENS, LOG_LEVEL: 'warn' });
  for (const district of DISTRICTS) {
    const projects = Array.from({ length: ITEMS_PER_PUSH }, (_, i) => baseProject(district, i));
    const base = await post(service.url, UPSERT, { input: { projects } }, district.token);
    expect(base.body.errors).toBeUndefined();
    expect(base.body.data.upsertProjects.created).toBe(ITEMS_PER_PUSH);
  }
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await postgres?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
}, 60_000);

// --- the tests ----------------------------------------------------------------------------------------------

it('loses no acknowledged push and half-writes none through an immediate shutdown of PostgreSQL; /ready follows it', async () => {
  const port = postgres.port;
  await pushThrough(
    { id: 'immediate', firstMonth: 0 },
    {
      async begin() {
        // Immediate shutdown (SIGQUIT): backends die at once, no checkpoint; crash recovery runs at the next start.
        process.kill(await postmasterPid(), 'SIGQUIT');
        await postgres.stop();
      },
      durationMs: 1_500,
      async end() {
        postgres = await startEmbeddedPostgres({ dataDir, database: DATABASE, port });
      },
    },
  );
}, 40_000);

it('loses no acknowledged push and half-writes none when the postmaster is killed (as by the OOM killer)', async () => {
  const port = postgres.port;
  await pushThrough(
    { id: 'kill', firstMonth: MONTHS_PER_RUN },
    {
      async begin() {
        // SIGKILL to the postmaster alone: its backends notice and exit; a restart kills any left and recovers.
        process.kill(await postmasterPid(), 'SIGKILL');
        await postgres.stop();
      },
      durationMs: 1_500,
      async end() {
        postgres = await startEmbeddedPostgres({ dataDir, database: DATABASE, port });
      },
    },
  );
}, 40_000);

it('answers /ready 503 in bounded time and recovers when PostgreSQL freezes (accepts connections, answers nothing)', async () => {
  let frozen: number[] = [];
  await pushThrough(
    { id: 'freeze', firstMonth: 2 * MONTHS_PER_RUN },
    {
      async begin() {
        // SIGSTOP to the postmaster, then its children (each backend is a session leader of its own): like a hung host
        // or a network partition, TCP connects are still accepted (by the kernel), nothing answers.
        const postmaster = await postmasterPid();
        signal(postmaster, 'SIGSTOP');
        frozen = [postmaster, ...(await childrenOf(postmaster))];
        for (const pid of frozen.slice(1)) signal(pid, 'SIGSTOP');
      },
      durationMs: 7_000,
      async end() {
        for (const pid of frozen) signal(pid, 'SIGCONT');
      },
    },
    { pushesFail: false },
  ).finally(() => {
    for (const pid of frozen) signal(pid, 'SIGCONT');
  });
}, 50_000);

it('fails requests in flight during a freeze with QUERY_TIMEOUT after DB_QUERY_TIMEOUT_MS, and leaves no session behind', async () => {
  const queryTimeoutMs = 2_000;
  const databaseUrl = await createDatabase('cz_faults_query_timeout');
  const child = await startServiceProcess(databaseUrl, { API_TOKENS, LOG_LEVEL: 'warn', DB_QUERY_TIMEOUT_MS: String(queryTimeoutMs) });
  const locker = new Client({ connectionString: databaseUrl });
  locker.on('error', () => undefined);
  const wujin = DISTRICTS[0];
  const push = makePush(wujin, 0, { id: 'query-timeout', firstMonth: 0 });
  let frozen: number[] = [];
  try {
    await locker.connect();
    // A read and a push wait for this lock inside PostgreSQL, so they are surely in flight when it freezes.
    await locker.query('begin');
    await locker.query('lock table project in access exclusive mode');
    const sentAt = Date.now();
    const inFlight = [post(child.url, push.query, { input: push.input }, wujin.token), post(child.url, READ, {}, 'city-token')];
    await waitForLockWaiters(locker, 'relation', inFlight.length, child);
    const postmaster = await postmasterPid();
    signal(postmaster, 'SIGSTOP');
    frozen = [postmaster, ...(await childrenOf(postmaster))];
    for (const pid of frozen.slice(1)) signal(pid, 'SIGSTOP');
    const frozenMs = Date.now() - sentAt;

    // Answered while PostgreSQL is still frozen: 503, QUERY_TIMEOUT, about DB_QUERY_TIMEOUT_MS after being sent.
    const results = await Promise.all(inFlight);
    const answers = results.map((result) => ({
      status: result.status,
      retryAfter: result.retryAfter !== null,
      codes: result.body?.errors?.map((e: any) => e.extensions?.code),
      inTime: result.ms >= queryTimeoutMs - 100 && result.ms < queryTimeoutMs + 2_000,
    }));
    expect({ answers, ms: results.map((r) => r.ms) }).toEqual({
      answers: results.map(() => ({ status: 503, retryAfter: true, codes: ['QUERY_TIMEOUT'], inTime: true })),
      ms: results.map((r) => r.ms),
    });
    const timings = { frozenAfterMs: frozenMs, answeredAfterMs: results.map((r) => r.ms) };
    console.log(`DB_QUERY_TIMEOUT_MS=${queryTimeoutMs}: ${JSON.stringify(timings)}`);
  } finally {
    for (const pid of frozen) signal(pid, 'SIGCONT');
  }
  try {
    await locker.query('rollback');
    // The timed-out connections were closed, not lent again: their sessions end (their transactions rolled back)
    // instead of staying idle in a transaction that holds Wujin's push lock.
    const sessions = `select count(*)::int as busy from pg_stat_activity
                       where datname = current_database() and application_name = 'cz-projects' and state <> 'idle'`;
    const deadline = Date.now() + 5_000;
    let busy = -1;
    while (busy !== 0 && Date.now() < deadline) {
      busy = (await locker.query<{ busy: number }>(sessions)).rows[0]!.busy;
      if (busy !== 0) await delay(50);
    }
    expect(busy).toBe(0);
    // The push wrote nothing; resent, it goes through.
    expect(await storedState(locker, push)).toEqual({ present: 0, matching: 0, keyStored: false });
    const retry = await post(child.url, push.query, { input: push.input }, wujin.token);
    expect({ status: retry.status, errors: retry.body?.errors, acknowledged: isAcknowledged(push, retry) }).toEqual({
      status: 200,
      errors: undefined,
      acknowledged: true,
    });
    expect(child.output()).not.toMatch(/"msg":"unexpected|Unexpected error processing request/);
  } finally {
    await locker.end().catch(() => undefined);
    await child.stop();
  }
}, 60_000);

it('finishes requests in flight on SIGTERM, refuses new connections, and exits 0', async () => {
  const databaseUrl = await createDatabase('cz_faults_sigterm');
  const started = Date.now();
  const child = await startServiceProcess(databaseUrl, { API_TOKENS });
  const startMs = Date.now() - started;
  const locker = new Client({ connectionString: databaseUrl });
  locker.on('error', () => undefined);
  try {
    await locker.connect();
    // Wujin's pushes take the district's write lock first: held here, they wait inside their transactions.
    await locker.query(LOCK_WUJIN_PUSHES);
    const wujin = DISTRICTS[0];
    const pushes = [0, 2, 4].map((n) => makePush(wujin, n, { id: 'sigterm', firstMonth: 0 }));
    const inFlight = pushes.map((push) => post(child.url, push.query, { input: push.input }, wujin.token));
    await waitForLockWaiters(locker, 'advisory', pushes.length, child);

    const sigtermAt = Date.now();
    child.child.kill('SIGTERM');
    // Draining: the listener closes at once, while the process waits for the requests in flight.
    await waitForRefusal(new URL(child.url), 5_000);
    await delay(500);
    expect(child.child.exitCode).toBeNull();

    await locker.query(UNLOCK_WUJIN_PUSHES);
    const results = await Promise.all(inFlight);
    for (const [index, result] of results.entries()) {
      expect({ key: pushes[index]!.key, status: result.status, errors: result.body?.errors, networkError: result.networkError }).toEqual({
        key: pushes[index]!.key,
        status: 200,
        errors: undefined,
        networkError: null,
      });
      expect(result.body.data.upsertProjects).toMatchObject({ created: ITEMS_PER_PUSH, rejected: 0 });
    }
    const exit = await within(child.exited, 15_000);
    const exitMs = Date.now() - sigtermAt;
    expect({ exit, output: exit?.code === 0 ? '' : child.output() }).toEqual({ exit: { code: 0, signal: null }, output: '' });
    expect(child.output()).toMatch(/"msg":"stopped"/);

    for (const push of pushes) expect({ key: push.key, ...(await storedState(locker, push)) }).toEqual({ key: push.key, ...whole });
    console.log(`SIGTERM: ${JSON.stringify({ serviceStartMs: startMs, sigtermToExitMs: exitMs })}`);
  } finally {
    await locker.end().catch(() => undefined);
    await child.kill();
  }
}, 40_000);

it('cuts the requests still running SHUTDOWN_GRACE_MS after SIGTERM, then exits 0', async () => {
  const graceMs = 1_000;
  const databaseUrl = await createDatabase('cz_faults_grace');
  const child = await startServiceProcess(databaseUrl, { API_TOKENS, SHUTDOWN_GRACE_MS: String(graceMs) });
  const locker = new Client({ connectionString: databaseUrl });
  locker.on('error', () => undefined);
  try {
    await locker.connect();
    await locker.query(LOCK_WUJIN_PUSHES);
    const wujin = DISTRICTS[0];
    const push = makePush(wujin, 0, { id: 'grace', firstMonth: 0 });
    const inFlight = post(child.url, push.query, { input: push.input }, wujin.token);
    await waitForLockWaiters(locker, 'advisory', 1, child);

    const sigtermAt = Date.now();
    child.child.kill('SIGTERM');
    // Still waiting for the lock when the grace time is over: its connection is cut (the default would wait 10 s).
    const result = await inFlight;
    const cutMs = Date.now() - sigtermAt;
    expect({ status: result.status, networkError: result.networkError !== null }).toEqual({ status: null, networkError: true });
    expect(cutMs).toBeGreaterThanOrEqual(graceMs - 100);
    expect(cutMs).toBeLessThan(graceMs + 4_000);

    // The service closes its database pool once the cut request's transaction ends, and exits.
    await locker.query(UNLOCK_WUJIN_PUSHES);
    const exit = await within(child.exited, 15_000);
    expect({ exit, output: exit?.code === 0 ? '' : child.output() }).toEqual({ exit: { code: 0, signal: null }, output: '' });
    console.log(`SHUTDOWN_GRACE_MS=${graceMs}: ${JSON.stringify({ sigtermToCutMs: cutMs })}`);
  } finally {
    await locker.end().catch(() => undefined);
    await child.kill();
  }
}, 40_000);

const LOCK_WUJIN_PUSHES = "select pg_advisory_lock(hashtext('cz-push:320412'))";
const UNLOCK_WUJIN_PUSHES = "select pg_advisory_unlock(hashtext('cz-push:320412'))";

/** A database of its own on this file's server, for a test that runs a service of its own; returns its URL. */
async function createDatabase(name: string): Promise<string> {
  const serverUrl = new URL(postgres.url);
  serverUrl.pathname = '/postgres';
  await execSql(serverUrl.toString(), `create database ${name}`);
  const databaseUrl = new URL(postgres.url);
  databaseUrl.pathname = `/${name}`;
  return databaseUrl.toString();
}

/** Waits until `count` sessions wait for a lock of the type (the requests in flight have reached it). */
async function waitForLockWaiters(client: Client, locktype: 'advisory' | 'relation', count: number, service: ServiceProcess) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const waiters = 'select count(*)::int as waiting from pg_locks where locktype = $1 and not granted';
    const { rows } = await client.query<{ waiting: number }>(waiters, [locktype]);
    if (rows[0]!.waiting === count) return;
    if (Date.now() > deadline) throw new Error(`the requests did not reach the lock:\n${service.output()}`);
    await delay(20);
  }
}

/** Waits until a TCP connect to `url` is refused: the service has closed its listener. */
async function waitForRefusal(url: URL, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (!accepted) return;
    if (Date.now() > deadline) throw new Error(`the service still accepts connections ${timeoutMs / 1000} s after SIGTERM`);
    await delay(20);
  }
}
