import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { classifyDatabaseFailure } from '../db/database-errors';
import type { FormattedExecutionResult, OperationDefinitionNode } from 'graphql';
import { isPublicOperation } from './cache-control';

interface CachedResult {
  version: string;
  result: FormattedExecutionResult;
}

export interface ResponseCacheOptions {
  /** How many distinct (query, variables) answers to keep; the least recently used go first. */
  maxEntries: number;
}

/**
 * Reads the data version: the sum of the per-writer counters (a handful of rows), the only SQL a cached
 * answer costs. Every counter only rises, so the sum changes with every commit.
 */
async function dataVersion(orm: MikroORM): Promise<string> {
  const { rows } = (await orm.em.getKnex().raw('select sum(version)::text as version from data_version')) as {
    rows: { version: string }[];
  };
  return rows[0]!.version;
}

/**
 * Answers a read it has answered before, at the same data version, from memory. Every write raises
 * the version in its own transaction (migration 'data_version'), so the first read after a commit
 * misses and recomputes: never stale, across replicas too, at the cost of one tiny query per read.
 * Identical reads that miss at the same version while one of them computes wait for that one's answer
 * instead of each computing it again (so a burst of dashboards after a push costs one computation).
 *
 * Only public operations are cached: queries whose every field is marked `@cacheControl(scope: PUBLIC)`
 * (cache-control.ts), so an answer that depends on the caller is never served to another. And it is
 * looked up only after the caller is authenticated: Apollo runs the context function (identifyCaller,
 * which refuses an unknown token with 401, or a missing one where anonymous reads are off) before any
 * plugin hook, so a cached answer never skips that check.
 */
export function responseCachePlugin<T extends object>(orm: MikroORM, options: ResponseCacheOptions): ApolloServerPlugin<T> {
  const cache = new Map<string, CachedResult>();
  /** Computations under way, by version and key; each settles with its answer, or null when it failed. */
  const inFlight = new Map<string, Promise<FormattedExecutionResult | null>>();
  return {
    async requestDidStart() {
      let key: string | null = null;
      let version: string | null = null;
      let leading: { flight: string; settle(result: FormattedExecutionResult | null): void } | null = null;
      return {
        async responseForOperation(requestContext: GraphQLRequestContext<T>) {
          const operation = requestContext.operation as OperationDefinitionNode | undefined;
          if (!operation || operation.operation !== 'query' || !requestContext.document) return null;
          if (!isPublicOperation(requestContext.schema, requestContext.document, operation)) return null;
          key = createHash('sha256')
            .update(requestContext.source ?? '')
            .update('\u0000')
            .update(requestContext.operationName ?? '')
            .update('\u0000')
            .update(JSON.stringify(requestContext.request.variables ?? {}))
            .digest('base64');
          try {
            version = await dataVersion(orm);
          } catch (error) {
            // A hook that throws makes Apollo answer 500 "Internal server error": a failing database is answered here
            // as the resolvers would answer it (503 DATABASE_UNAVAILABLE / DATABASE_BUSY), without a second wait for it.
            const failure = classifyDatabaseFailure(error);
            if (!failure) throw error;
            key = null;
            return {
              http: requestContext.response.http,
              body: { kind: 'single', singleResult: { errors: [{ message: failure.message, extensions: { code: failure.code } }] } },
            };
          }
          const hit = cache.get(key);
          if (hit && hit.version === version) {
            // Re-insert to mark it most recently used.
            cache.delete(key);
            cache.set(key, hit);
            return { http: requestContext.response.http, body: { kind: 'single', singleResult: hit.result } };
          }
          const flight = `${version}\u0000${key}`;
          const underWay = inFlight.get(flight);
          if (underWay) {
            const shared = await underWay;
            // The leader failed: compute this one itself.
            return shared && { http: requestContext.response.http, body: { kind: 'single', singleResult: shared } };
          }
          let settle!: (result: FormattedExecutionResult | null) => void;
          inFlight.set(flight, new Promise((resolve) => (settle = resolve)));
          leading = { flight, settle };
          return null;
        },
        async willSendResponse(requestContext) {
          const body = requestContext.response.body;
          const result = body.kind === 'single' && !body.singleResult.errors?.length ? body.singleResult : null;
          if (leading) {
            // Whatever happened, the waiting reads are released: with the answer, or to compute their own.
            inFlight.delete(leading.flight);
            leading.settle(result);
          }
          if (key === null || version === null || result === null || cache.get(key)?.version === version) return;
          cache.set(key, { version, result });
          if (cache.size > options.maxEntries) cache.delete(cache.keys().next().value!);
        },
      };
    },
  };
}
