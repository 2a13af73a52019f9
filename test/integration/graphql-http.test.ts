/**
 * GraphQL-over-HTTP conformance (issue 5, item 6): the `graphql-http` package's server audits, run
 * against the whole service on a loopback port, one test per audit.
 *
 * A MUST audit that fails fails its test. SHOULD and MAY audits are recommendations: their failures
 * are collected and printed at the end (and kept in the test names' results), never fatal, so the
 * suite tells what is recommended without making it a requirement.
 */
import { serverAudits } from 'graphql-http';
import type { AuditFail } from 'graphql-http';
import { useTestApp } from '../helpers/app';

const app = useTestApp({ demoData: false });

afterAll(async () => {
  if (notMet.length > 0) {
    console.log(`graphql-http: recommendations not met (${notMet.length}):\n${notMet.map((f) => `  ${f.id} ${f.name}: ${f.reason}`).join('\n')}`);
  }
});

const notMet: { id: string; name: string; reason: string }[] = [];

/** The body of a failing audit's response, for the failure message; the audit may have read it already. */
async function bodyOf(result: AuditFail): Promise<string> {
  try {
    return (await result.response.clone().text()).slice(0, 500);
  } catch {
    return '(body already read)';
  }
}

// The list is built before beforeAll runs: the URL is a function the audits call when they run.
const audits = serverAudits({ url: () => `${app.url}/graphql`, fetchFn: fetch });

describe('graphql-http server audits', () => {
  it('has audits of every level', () => {
    expect(audits.some((a) => a.name.startsWith('MUST '))).toBe(true);
    expect(audits.some((a) => a.name.startsWith('SHOULD '))).toBe(true);
  });

  for (const audit of audits) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      if (result.status === 'ok') return;
      const level = audit.name.split(' ')[0];
      if (level === 'MUST') {
        throw new Error(`MUST audit failed (${result.status}): ${result.reason}\nstatus ${result.response.status}\n${await bodyOf(result)}`);
      }
      notMet.push({ id: audit.id, name: audit.name, reason: `${result.reason} [HTTP ${result.response.status}]` });
    });
  }
});
