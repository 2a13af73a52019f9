import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Context } from '../context';
import { currentSqlCounter } from '../db/orm';
import { DATABASE_FAILURE_CODES, RETRY_AFTER_SECONDS } from '../db/database-errors';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

const errorCodesOf = (errors: readonly GraphQLFormattedError[] | undefined): string[] =>
  (errors ?? []).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));

/**
 * One log line and one metrics observation per GraphQL request: request id, operation, duration, SQL
 * statement count, caller role and error codes. Database failures answer 503 with Retry-After, so load
 * balancers and district systems back off instead of counting them as the service's bugs.
 */
export function requestObserverPlugin(logger: Logger, metrics: Metrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operationName, operation }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const errorCodes = errorCodesOf(errors);
          const sqlStatements = currentSqlCounter()?.statements ?? 0;
          response.http.headers.set('x-sql-statements', String(sqlStatements));
          if (errorCodes.some((code) => DATABASE_FAILURE_CODES.has(code))) {
            response.http.status = 503;
            response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
          }
          const operationType = operation?.operation ?? 'unknown';
          metrics.observeRequest({ operationName: operationName ?? null, operationType, seconds, errorCodes });
          const level = errorCodes.some((code) => code === 'INTERNAL_SERVER_ERROR' || DATABASE_FAILURE_CODES.has(code)) ? 'warn' : 'info';
          logger[level]({
            msg: 'graphql request',
            requestId: contextValue.requestId,
            operationName: operationName ?? null,
            operationType,
            durationMs: Math.round(seconds * 1e6) / 1e3,
            sqlStatements,
            caller: contextValue.caller.role,
            district: contextValue.caller.districtCode,
            status: response.http.status ?? 200,
            errorCodes,
          });
        },
      };
    },
  };
}
