import { ConfigError, loadConfig, parseApiTokens } from '../../src/config';
import { actorKeyOf, identifyCaller, TokenRegistry } from '../../src/auth/caller';

describe('API_TOKENS', () => {
  it('parses roles and districts', () => {
    expect(parseApiTokens('t1=district:320412, t2=city,t3=analyst')).toEqual([
      { token: 't1', role: 'district', districtCode: '320412' },
      { token: 't2', role: 'city', districtCode: null },
      { token: 't3', role: 'analyst', districtCode: null },
    ]);
  });

  it.each(['t1=district', 't1=city:320412', 't1=admin', 'justtoken'])('refuses %p without echoing the token', (value) => {
    expect(() => parseApiTokens(value)).toThrow(ConfigError);
    try {
      parseApiTokens(value);
    } catch (error) {
      expect((error as Error).message).not.toContain('t1=');
    }
  });
});

describe('loadConfig', () => {
  it('defaults to the embedded database with anonymous reads', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', databaseUrl: null, anonymousRead: true, apiTokens: null });
  });

  it('keeps anonymous reads off with DATABASE_URL unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }).anonymousRead).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', ANONYMOUS_READ: 'true' }).anonymousRead).toBe(true);
    expect(loadConfig({ ANONYMOUS_READ: 'false' }).anonymousRead).toBe(false);
  });

  it('refuses bad values with the variable name', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ANONYMOUS_READ: 'maybe' })).toThrow(/ANONYMOUS_READ/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud".');
    expect(() => loadConfig({ DB_ACQUIRE_TIMEOUT_MS: '10' })).toThrow('DB_ACQUIRE_TIMEOUT_MS must be a whole number from 100 to 600000, got "10".');
  });

  it('gives the database sane limits by default, each settable', () => {
    expect(loadConfig({}).database).toEqual({
      poolMax: 10,
      acquireTimeoutMs: 5000,
      statementTimeoutMs: 30_000,
      idleInTransactionTimeoutMs: 60_000,
      queryTimeoutMs: 35_000,
    });
    expect(
      loadConfig({
        DB_POOL_MAX: '20',
        DB_ACQUIRE_TIMEOUT_MS: '1000',
        DB_STATEMENT_TIMEOUT_MS: '0',
        DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '5000',
        DB_QUERY_TIMEOUT_MS: '2500',
      }).database,
    ).toEqual({ poolMax: 20, acquireTimeoutMs: 1000, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 5000, queryTimeoutMs: 2500 });
    expect(loadConfig({ LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
  });

  it('gives up on an unanswered query 5 s after the statement timeout by default; 0 turns it off', () => {
    expect(loadConfig({ DB_STATEMENT_TIMEOUT_MS: '1000' }).database.queryTimeoutMs).toBe(6000);
    // No statement timeout: a statement may run for ever, so the driver waits for ever too unless told otherwise.
    expect(loadConfig({ DB_STATEMENT_TIMEOUT_MS: '0' }).database.queryTimeoutMs).toBe(0);
    expect(loadConfig({ DB_QUERY_TIMEOUT_MS: '0' }).database.queryTimeoutMs).toBe(0);
    expect(() => loadConfig({ DB_QUERY_TIMEOUT_MS: '-1' })).toThrow(
      'DB_QUERY_TIMEOUT_MS must be a whole number from 0 to 3600000, got "-1".',
    );
  });

  it('lets requests in flight finish for 10 s after SIGTERM by default, settable', () => {
    expect(loadConfig({}).shutdownGraceMs).toBe(10_000);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '60000' }).shutdownGraceMs).toBe(60_000);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '0' }).shutdownGraceMs).toBe(0);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '10s' })).toThrow(
      'SHUTDOWN_GRACE_MS must be a whole number from 0 to 3600000, got "10s".',
    );
  });
});

describe('identifyCaller', () => {
  const tokens = new TokenRegistry(parseApiTokens('wj=district:320412,c=city'));

  it('maps a known token to its role and district', () => {
    expect(identifyCaller('Bearer wj', tokens, false)).toEqual({ role: 'district', districtCode: '320412', actorKey: actorKeyOf('wj') });
    expect(actorKeyOf('wj')).toMatch(/^[0-9a-f]{8}$/);
  });

  it('refuses an unknown token even where anonymous reads are allowed', () => {
    expect(() => identifyCaller('Bearer nope', tokens, true)).toThrow(/Unknown API token/);
    expect(() => identifyCaller('Basic d2o6', tokens, true)).toThrow(/Bearer/);
  });

  it('lets no token through only with anonymous reads', () => {
    expect(identifyCaller(undefined, tokens, true).role).toBe('anonymous');
    expect(() => identifyCaller(undefined, tokens, false)).toThrow(/needs an API token/);
  });
});
