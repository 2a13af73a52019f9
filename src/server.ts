import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { identifyCaller, TokenRegistry } from './auth/caller';
import type { ReferenceCodes } from './common/reference';
import { createContext, Context, ServiceSettings } from './context';
import { createIde } from './ide';
import { currentSqlCounter, runWithSqlCounter } from './db/orm';
import { createSchema } from './schema';
import { responseCachePlugin } from './cache/response-cache';

export interface AppOptions {
  orm: MikroORM;
  reference: ReferenceCodes;
  tokens: TokenRegistry;
  anonymousRead: boolean;
  introspection: boolean;
  settings: ServiceSettings;
  /** Answers kept in memory per data version; 0 turns the response cache off. */
  responseCacheEntries: number;
  log?: (event: Record<string, unknown>) => void;
}

export interface App {
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
}

/** A push of 1,000 projects with listings is about 0.9 MB of JSON. */
const BODY_LIMIT = '2mb';

const EXPECTED_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'IDEMPOTENCY_KEY_REUSED',
]);

/** Builds the HTTP server (GraphQL, IDE, health) without listening, so tests and main.ts share it. */
export async function createApp(options: AppOptions): Promise<App> {
  const log = options.log ?? ((event) => console.error(JSON.stringify(event)));
  const app = express();
  const httpServer = http.createServer(app);
  const ide = createIde('/graphql');

  const apollo = new ApolloServer<Context>({
    schema: await createSchema(),
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // No "Did you mean …?" suggestions: they would spell out the schema to anyone probing it.
    hideSchemaDetailsFromClientErrors: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns shutdown: it drains HTTP, then closes the ORM and the embedded database in order.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ide.plugin,
      ...(options.responseCacheEntries > 0
        ? [responseCachePlugin<Context>(options.orm, { maxEntries: options.responseCacheEntries, callerDependentFields: new Set(['auditLog']) })]
        : []),
      {
        // Tells clients, tests and benchmarks how many SQL statements their request cost.
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
              response.http.headers.set('x-sql-statements', String(currentSqlCounter()?.statements ?? 0));
            },
          };
        },
      },
    ],
    formatError: (formatted: GraphQLFormattedError): GraphQLFormattedError => {
      const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
      if (EXPECTED_CODES.has(code)) return formatted;
      // Unknown errors are logged in full and reach the client only as a reference it can quote.
      const errorId = randomUUID();
      log({ level: 'error', msg: 'unexpected error', errorId, error: formatted });
      return {
        message: `Internal error; quote reference ${errorId} when reporting it.`,
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
      };
    },
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await options.orm.em.getConnection().execute('select 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  app.use(ide.router);
  app.use(
    '/graphql',
    (_req, _res, next) => runWithSqlCounter(next),
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext(options.orm, options.reference, options.settings, identifyCaller(req.headers.authorization, options.tokens, options.anonymousRead)),
    }),
  );
  // Body-parser failures (malformed JSON, a body over the limit) answer in GraphQL's error shape too.
  app.use((error: { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error.type === 'entity.too.large') {
      res.status(413).json({ errors: [{ message: `The request body is larger than ${BODY_LIMIT}; send at most 1,000 items a call.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    } else if (error.type === 'entity.parse.failed') {
      res.status(400).json({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
    } else {
      next(error);
    }
  });
  return { httpServer, apollo };
}
