import path from 'node:path';
import { LOG_LEVELS, LogLevel } from './observability/logger';

export type Role = 'district' | 'city' | 'analyst';

export interface TokenGrant {
  token: string;
  role: Role;
  districtCode: string | null;
}

export interface Config {
  port: number;
  host: string;
  /** Null on the embedded default: the service starts its own PostgreSQL under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** Null when API_TOKENS is unset (the embedded default then makes demo tokens). */
  apiTokens: TokenGrant[] | null;
  anonymousRead: boolean;
  introspection: boolean;
  sqlDebug: boolean;
  logLevel: LogLevel;
  database: DatabaseLimits;
  responseCacheEntries: number;
  ragThresholds: RagThresholds;
  /** On SIGTERM, how long requests in flight may run before their connections are cut (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
}

/** How the service uses its database connections; each is an environment variable (DB_*). */
export interface DatabaseLimits {
  /** Connections this instance may open (DB_POOL_MAX). */
  poolMax: number;
  /** How long a request waits for a free connection before it fails with DATABASE_BUSY (DB_ACQUIRE_TIMEOUT_MS). */
  acquireTimeoutMs: number;
  /** PostgreSQL cancels a statement running longer (DB_STATEMENT_TIMEOUT_MS; 0 = never). */
  statementTimeoutMs: number;
  /** PostgreSQL ends a session idle inside a transaction this long, releasing its locks (DB_IDLE_IN_TRANSACTION_TIMEOUT_MS; 0 = never). */
  idleInTransactionTimeoutMs: number;
  /**
   * The driver gives up on a query PostgreSQL has not answered in this long (pg's query_timeout; DB_QUERY_TIMEOUT_MS;
   * 0 = never): a frozen server or a lost network fails the request with QUERY_TIMEOUT instead of holding it.
   */
  queryTimeoutMs: number;
}

/**
 * The three-colour thresholds: configuration with the contract's defaults. The rule itself is the database's
 * `rag_status` (migration 20261201), the one implementation behind the figures, the rankings and Project.ragStatus;
 * these values reach it through the `figures_basis` row (src/figures/figures-basis.ts).
 */
export interface RagThresholds {
  /** Points behind 序时进度 beyond which a project is RED (default 30). */
  redPoints: string;
  /** Points behind 序时进度 beyond which a project is YELLOW (default 10). */
  yellowPoints: string;
  /** Days after the month's end within which a due milestone makes a project YELLOW (default 30). */
  warningDays: number;
}

export const DEFAULT_RAG_THRESHOLDS: RagThresholds = { redPoints: '30', yellowPoints: '10', warningDays: 30 };

export class ConfigError extends Error {}

/** DB_QUERY_TIMEOUT_MS by default: this much past the statement timeout, so PostgreSQL's own cancel comes first. */
const QUERY_TIMEOUT_MARGIN_MS = 5000;

const ROLES: readonly Role[] = ['district', 'city', 'analyst'];

/** Parses API_TOKENS: `token=role` or `token=role:districtCode`, comma-separated. */
export function parseApiTokens(value: string): TokenGrant[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry, index) => {
      const match = /^([^=\s]+)=(district|city|analyst)(?::(\d{6}))?$/.exec(entry);
      if (!match) {
        throw new ConfigError(
          // Never echo the entry: it holds a secret.
          `API_TOKENS entry ${index + 1} is not "token=role" or "token=role:<district code>" (roles: ${ROLES.join(', ')}).`,
        );
      }
      const [, token, role, districtCode] = match as unknown as [string, string, Role, string | undefined];
      if ((role === 'district') !== (districtCode !== undefined)) {
        throw new ConfigError(`API_TOKENS entry ${index + 1}: role "${role}" ${role === 'district' ? 'needs' : 'takes no'} a district code.`);
      }
      return { token, role, districtCode: districtCode ?? null };
    });
}

function parseBoolean(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}".`);
}

function parsePoints(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,2}(\.\d{1,4})?$/.test(value) || Number(value) > 100) {
    throw new ConfigError(`${name} must be a number of percentage points from 0 to 100, got "${value}".`);
  }
  return value;
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${value}".`);
  }
  return number;
}

function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined || value.trim() === '') return 'info';
  const level = value.trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}".`);
  return level as LogLevel;
}

/** Reads and validates the environment once; a bad setting stops the service at start with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL.');
  }
  const apiTokens = env.API_TOKENS?.trim() ? parseApiTokens(env.API_TOKENS) : null;
  return {
    port: parseInteger('PORT', env.PORT, 4000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR?.trim() || '.data'),
    apiTokens,
    // The embedded default is a demo: anonymous reads are on unless set explicitly.
    anonymousRead: parseBoolean('ANONYMOUS_READ', env.ANONYMOUS_READ) ?? databaseUrl === null,
    introspection: parseBoolean('INTROSPECTION', env.INTROSPECTION) ?? true,
    sqlDebug: parseBoolean('SQL_DEBUG', env.SQL_DEBUG) ?? false,
    logLevel: parseLogLevel(env.LOG_LEVEL),
    database: parseDatabaseLimits(env),
    responseCacheEntries: parseInteger('RESPONSE_CACHE_ENTRIES', env.RESPONSE_CACHE_ENTRIES, 1000, 0, 1_000_000),
    ragThresholds: {
      redPoints: parsePoints('RAG_RED_POINTS', env.RAG_RED_POINTS, DEFAULT_RAG_THRESHOLDS.redPoints),
      yellowPoints: parsePoints('RAG_YELLOW_POINTS', env.RAG_YELLOW_POINTS, DEFAULT_RAG_THRESHOLDS.yellowPoints),
      warningDays: parseInteger('RAG_WARNING_DAYS', env.RAG_WARNING_DAYS, DEFAULT_RAG_THRESHOLDS.warningDays, 0, 366),
    },
    shutdownGraceMs: parseInteger('SHUTDOWN_GRACE_MS', env.SHUTDOWN_GRACE_MS, 10_000, 0, 3_600_000),
  };
}

function parseDatabaseLimits(env: NodeJS.ProcessEnv): DatabaseLimits {
  const statementTimeoutMs = parseInteger('DB_STATEMENT_TIMEOUT_MS', env.DB_STATEMENT_TIMEOUT_MS, 30_000, 0, 3_600_000);
  return {
    poolMax: parseInteger('DB_POOL_MAX', env.DB_POOL_MAX, 10, 1, 200),
    acquireTimeoutMs: parseInteger('DB_ACQUIRE_TIMEOUT_MS', env.DB_ACQUIRE_TIMEOUT_MS, 5000, 100, 600_000),
    statementTimeoutMs,
    idleInTransactionTimeoutMs: parseInteger('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS, 60_000, 0, 3_600_000),
    // No statement timeout (0): statements may run for ever, so by default the driver waits for them for ever too.
    queryTimeoutMs: parseInteger(
      'DB_QUERY_TIMEOUT_MS',
      env.DB_QUERY_TIMEOUT_MS,
      statementTimeoutMs === 0 ? 0 : statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
      0,
      3_600_000,
    ),
  };
}
