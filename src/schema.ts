import path from 'node:path';
import { GraphQLSchema, lexicographicSortSchema, printSchema, specifiedDirectives } from 'graphql';
import { buildSchema } from 'type-graphql';
import { assertPublicFieldsNeedNoRole, cacheControlDirective } from './cache/cache-control';
import { projectRoot } from './common/project-root';
import { DateTimeScalar } from './common/scalars';
import { DistrictResolver } from './district/district.resolver';
import { IndustryLabelResolver, IndustryResolver } from './industry/industry.resolver';
import { ProjectResolver } from './project/project.resolver';
import { DistrictIndicatorsResolver, ProjectRagResolver, RankingResolver } from './indicators/indicators.resolver';
import { authChecker } from './auth/auth-checker';
import { AuditResolver } from './audit/audit.resolver';
import { ItemResultResolver, PushResolver } from './push/push.resolver';

export const SCHEMA_FILE = path.join(projectRoot(), 'schema', 'schema.graphql');

/** The service's schema; tests add resolvers of their own (`extraResolvers`). */
export async function createSchema(options: { extraResolvers?: Function[] } = {}): Promise<GraphQLSchema> {
  const resolvers: [Function, ...Function[]] = [
    DistrictResolver,
    IndustryResolver,
    IndustryLabelResolver,
    ProjectResolver,
    DistrictIndicatorsResolver,
    ProjectRagResolver,
    RankingResolver,
    PushResolver,
    ItemResultResolver,
    AuditResolver,
    ...(options.extraResolvers ?? []),
  ];
  assertPublicFieldsNeedNoRole(resolvers);
  const schema = await buildSchema({
    resolvers,
    authChecker,
    // Apollo's @cacheControl: which fields answer the same to every caller (cache/cache-control.ts).
    directives: [...specifiedDirectives, cacheControlDirective],
    // Arguments are checked by hand where the contract needs per-item errors; nothing else validates.
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
  // type-graphql has no option for the root types' own descriptions.
  schema.getQueryType()!.description =
    'Reads of the city\'s unified major-project library (重大项目库): districts, the industry taxonomy, projects, indicators and rankings.';
  schema.getMutationType()!.description =
    'District pushes (区级推送): each district writes only its own projects, approvals and evaluations; one transaction per call.';
  return schema;
}

/** The SDL as committed in schema/schema.graphql: sorted, so diffs show only real changes. */
export function printSdl(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
