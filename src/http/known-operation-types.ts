import { ASTVisitor, GraphQLError, ValidationContext } from 'graphql';

/**
 * Refuses an operation whose type the schema lacks (there is no Subscription type) at validation, as
 * graphql-js 17's KnownOperationTypesRule does: graphql-js 16 lets `subscription { … }` through to
 * execution, whose "Schema is not configured to execute subscription operation" reached the client
 * as a masked INTERNAL_SERVER_ERROR (found by test/integration/fuzz-queries.test.ts).
 */
export function KnownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      if (!schema.getRootType(node.operation)) {
        context.reportError(new GraphQLError(`This service has no ${node.operation} operations; send a query or a mutation.`, { nodes: node }));
      }
    },
  };
}
