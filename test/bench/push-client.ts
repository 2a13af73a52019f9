import { elapsedMs, percentile } from './http-measure';

/** The push mutations the benchmarks send, as a district system sends them: over HTTP with its bearer token. */
export type PushMutation = 'upsertProjects' | 'submitEvaluations';

const INPUTS: Record<PushMutation, { type: string; field: string }> = {
  upsertProjects: { type: 'UpsertProjectsInput', field: 'projects' },
  submitEvaluations: { type: 'SubmitEvaluationsInput', field: 'evaluations' },
};

// What a district client needs back: the counts, and each item's outcome and errors (not the written projects).
const DOCUMENTS = Object.fromEntries(
  (Object.keys(INPUTS) as PushMutation[]).map((mutation) => [
    mutation,
    `mutation Push($input: ${INPUTS[mutation].type}!) {
      ${mutation}(input: $input) { created updated unchanged rejected results { index outcome errors { field code message } } }
    }`,
  ]),
) as Record<PushMutation, string>;

export const PUSH_CHUNK = 1000;

export interface PushChunk {
  mutation: PushMutation;
  items: object[];
}

export const chunked = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Everything the pushes of one measurement did: calls, items written, latencies and errors of any kind. */
export class PushTally {
  calls = 0;
  /** Items of the calls that wrote (a call with a rejected item writes nothing: it is atomic). */
  items = 0;
  /** Items that came back UNCHANGED (wrote nothing): a load meant to change data every call expects none. */
  unchanged = 0;
  requestBytes = 0;
  statements = 0;
  readonly latenciesMs: number[] = [];
  errorCount = 0;
  /** The first few error messages, for the report. */
  readonly errors: string[] = [];

  error(message: string, count = 1): void {
    this.errorCount += count;
    if (this.errors.length < 5) this.errors.push(message);
  }

  p(percent: number): number {
    return Number(percentile(this.latenciesMs, percent).toFixed(1));
  }

  get callMsTotal(): number {
    return this.latenciesMs.reduce((sum, ms) => sum + ms, 0);
  }
}

interface PushPayload {
  unchanged: number;
  rejected: number;
  results: { index: number; outcome: string; errors: { field: string; code: string; message: string }[] }[];
}

/** One push call; a transport error, a non-2xx answer, a GraphQL error or a REJECTED item counts as an error. */
export async function push(url: string, token: string, chunk: PushChunk, tally: PushTally): Promise<void> {
  const body = JSON.stringify({ query: DOCUMENTS[chunk.mutation], variables: { input: { [INPUTS[chunk.mutation].field]: chunk.items } } });
  const started = process.hrtime.bigint();
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    text = await response.text();
  } catch (error) {
    tally.error(`${chunk.mutation}: ${(error as Error).message}`);
    return;
  }
  tally.latenciesMs.push(elapsedMs(started));
  tally.calls += 1;
  tally.requestBytes += Buffer.byteLength(body);
  tally.statements += Number(response.headers.get('x-sql-statements') ?? 0);
  const json = (() => {
    try {
      return JSON.parse(text) as { data?: Record<string, PushPayload | null>; errors?: { message: string }[] };
    } catch {
      return null;
    }
  })();
  if (!response.ok || !json || json.errors || !json.data?.[chunk.mutation]) {
    tally.error(`${chunk.mutation}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return;
  }
  const payload = json.data[chunk.mutation]!;
  if (payload.rejected > 0) {
    const first = payload.results.find((r) => r.outcome === 'REJECTED' && r.errors[0]?.code !== 'BATCH_ABORTED') ?? payload.results[0]!;
    tally.error(`${chunk.mutation}: ${payload.rejected} REJECTED, e.g. ${JSON.stringify(first.errors[0])}`, payload.rejected);
    return;
  }
  tally.items += chunk.items.length;
  tally.unchanged += payload.unchanged;
}

export interface DistrictWriter {
  token: string;
  chunks: Iterable<PushChunk>;
}

/**
 * The districts push at once, each its chunks one after another, as the service lets one push per district
 * run at a time anyway (its per-district lock). `stop` ends every writer after its call in flight.
 */
export async function runWriters(url: string, writers: DistrictWriter[], tally: PushTally, stop: () => boolean = () => false): Promise<void> {
  await Promise.all(
    writers.map(async (writer) => {
      for (const chunk of writer.chunks) {
        if (stop()) break;
        await push(url, writer.token, chunk, tally);
      }
    }),
  );
}
