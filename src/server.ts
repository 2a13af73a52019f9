import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { identifyCaller, TokenRegistry } from './auth/caller';
import type { ReferenceCodes } from './common/reference';
import { createContext, Context } from './context';
import { createIde } from './ide';
import { runWithSqlCounter } from './db/orm';
import { KnownOperationTypesRule } from './http/known-operation-types';
import { createErrorFormatter } from './http/format-error';
import { queryLimitOptions } from './http/query-limits';
import { Logger, silentLogger } from './observability/logger';
import { createMetrics, Metrics } from './observability/metrics';
import { requestObserverPlugin } from './observability/request-observer';
import { createSchema } from './schema';
import { responseCachePlugin } from './cache/response-cache';

export interface AppOptions {
  orm: MikroORM;
  reference: ReferenceCodes;
  tokens: TokenRegistry;
  anonymousRead: boolean;
  introspection: boolean;
  /** Answers kept in memory per data version; 0 turns the response cache off. */
  responseCacheEntries: number;
  logger?: Logger;
  /** The GraphQL schema; default createSchema(). Tests pass one with resolvers of their own. */
  schema?: GraphQLSchema;
  /** On stop, how long requests in flight may run before their connections are cut (default: Apollo's 10 s). */
  shutdownGraceMs?: number;
}

export interface App {
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  metrics: Metrics;
}

/** A push of 1,000 projects with two listings each is about 0.8 MB of JSON (773 KiB in the push benchmark). */
const BODY_LIMIT = '2mb';

/** A client's X-Request-Id is kept (for tracing across systems) when it is a plain token, else one is made. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** How long /ready waits for the database before answering 503. */
const READY_TIMEOUT_MS = 2000;

/** Builds the HTTP server (GraphQL, IDE, health) without listening, so tests and main.ts share it. */
export async function createApp(options: AppOptions): Promise<App> {
  const logger = options.logger ?? silentLogger;
  const metrics = createMetrics(options.orm);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const ide = createIde('/graphql');
  const limits = queryLimitOptions();

  const apollo = new ApolloServer<Context>({
    schema: options.schema ?? (await createSchema()),
    logger,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // No "Did you mean …?" suggestions: they would spell out the schema to anyone probing it.
    hideSchemaDetailsFromClientErrors: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    parseOptions: limits.parseOptions,
    validationRules: [...limits.validationRules, KnownOperationTypesRule],
    // main.ts owns shutdown: it drains HTTP, then closes the ORM and the embedded database in order.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs }),
      ide.plugin,
      ...(options.responseCacheEntries > 0
        ? [responseCachePlugin<Context>(options.orm, { maxEntries: options.responseCacheEntries })]
        : []),
      requestObserverPlugin(logger, metrics),
      // Apollo computes a cache policy field by field when its cacheControl plugin is on (a wrapper around every
      // resolver); the response cache reads the schema's hints itself (cache/cache-control.ts), so it is off.
      ApolloServerPluginCacheControlDisabled(),
    ],
    // Only errors raised on purpose (ExpectedError), Apollo's own request errors and database failures are shown.
    formatError: createErrorFormatter(logger),
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([options.orm.em.getConnection().execute('select 1'), timeout]);
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    } finally {
      clearTimeout(timer);
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(ide.router);
  app.use(
    '/graphql',
    (req, res, next) => {
      const given = req.get('x-request-id');
      res.locals.requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', res.locals.requestId as string);
      runWithSqlCounter(next);
    },
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) =>
        createContext(
          options.orm,
          options.reference,
          identifyCaller(req.headers.authorization, options.tokens, options.anonymousRead),
          res.locals.requestId as string,
        ),
    }),
  );
  // Body-parser failures (malformed JSON, a body over the limit) answer in GraphQL's error shape too;
  // anything else is masked like a resolver's unknown error, never Express's HTML page with a stack.
  app.use((error: { status?: number; type?: string }, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if (error.type === 'entity.too.large') {
      res.status(413).json({ errors: [{ message: `The request body is larger than ${BODY_LIMIT}; send at most 1,000 items a call.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    } else if (error.type === 'entity.parse.failed') {
      res.status(400).json({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
    } else if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
      res.status(error.status).json({ errors: [{ message: 'The request could not be read; send a JSON GraphQL request.', extensions: { code: 'BAD_REQUEST' } }] });
    } else {
      const errorId = randomUUID();
      logger.error({ msg: 'unexpected HTTP error', errorId, url: req.originalUrl, err: error });
      res.status(500).json({ errors: [{ message: `Internal error; quote reference ${errorId} when reporting it.`, extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } }] });
    }
  });
  return { httpServer, apollo, metrics };
}
