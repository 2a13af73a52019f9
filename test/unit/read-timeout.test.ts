import type { Client } from 'pg';
import { classifyDatabaseFailure } from '../../src/db/database-errors';
import { closeAfterReadTimeout, READ_TIMEOUT_MESSAGE } from '../../src/db/read-timeout';

type Callback = (error: Error | null, result?: unknown) => void;

/** A stand-in for pg's Client: each query answers with the next of `answers`; end() is counted. */
function fakeClient(answers: (Error | string)[]) {
  const sent: string[] = [];
  const fake = {
    ended: 0,
    sent,
    query(sql: string, callback: Callback) {
      sent.push(sql);
      const answer = answers.shift();
      process.nextTick(() => (answer instanceof Error ? callback(answer) : callback(null, { rows: [answer] })));
    },
    end() {
      fake.ended += 1;
      return Promise.resolve();
    },
  };
  return fake;
}

const run = (client: { query: unknown }, sql: string) =>
  new Promise<unknown>((resolve, reject) => {
    const query = client.query as (sql: string, callback: Callback) => void;
    query.call(client, sql, (error, result) => (error ? reject(error) : resolve(result)));
  });

describe('closeAfterReadTimeout', () => {
  it('closes the connection at the first read timeout, and fails what is sent after it with the timeout, unsent', async () => {
    const fake = fakeClient(['ok', new Error(READ_TIMEOUT_MESSAGE), 'never sent']);
    closeAfterReadTimeout(fake as unknown as Client);
    await expect(run(fake, 'select 1')).resolves.toEqual({ rows: ['ok'] });
    expect(fake.ended).toBe(0);
    await expect(run(fake, 'select pg_sleep(60)')).rejects.toThrow(READ_TIMEOUT_MESSAGE);
    expect(fake.ended).toBe(1);
    const rollback = run(fake, 'ROLLBACK');
    await expect(rollback).rejects.toThrow(READ_TIMEOUT_MESSAGE);
    expect(fake.sent).toEqual(['select 1', 'select pg_sleep(60)']);
    expect(fake.ended).toBe(1);
  });

  it('leaves other errors and the connection alone', async () => {
    const refused = Object.assign(new Error('relation "nope" does not exist'), { code: '42P01' });
    const fake = fakeClient([refused, 'ok']);
    closeAfterReadTimeout(fake as unknown as Client);
    await expect(run(fake, 'select * from nope')).rejects.toBe(refused);
    await expect(run(fake, 'select 1')).resolves.toEqual({ rows: ['ok'] });
    expect(fake.ended).toBe(0);
  });
});

describe('classifyDatabaseFailure', () => {
  it("classifies pg's client-side query timeout as QUERY_TIMEOUT, as knex reports it and wrapped", () => {
    const driver = new Error(READ_TIMEOUT_MESSAGE);
    const knex = new Error(`select * from project where id = $1 - ${READ_TIMEOUT_MESSAGE}`);
    for (const error of [driver, knex, new Error('request failed', { cause: knex })]) {
      expect(classifyDatabaseFailure(error)?.code).toBe('QUERY_TIMEOUT');
    }
    expect(classifyDatabaseFailure(new Error('Query read timeouts are configured'))).toBeNull();
  });
});
