import { getIntrospectionQuery, GraphQLSchema, OperationDefinitionNode, parse } from 'graphql';
import { Authorized, Query, Resolver } from 'type-graphql';
import { assertPublicFieldsNeedNoRole, isPublicOperation, Public } from '../../src/cache/cache-control';
import { IDE_EXAMPLES } from '../../src/ide/ide.examples';
import { createSchema } from '../../src/schema';

@Resolver()
class RoleBoundResolver {
  // Public and bound to a role: a cached answer would reach callers without the role.
  @Public()
  @Authorized('city')
  @Query(() => String, { description: 'test only' })
  citySecret(): string {
    return 'secret';
  }
}

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

function isPublic(query: string, operationName?: string): boolean {
  const document = parse(query);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const operation = operationName ? operations.find((o) => o.name?.value === operationName)! : operations[0]!;
  return isPublicOperation(schema, document, operation);
}

it.each(IDE_EXAMPLES.filter((example) => !/auditLog/.test(example.query)).map((example) => [example.name, example.query]))(
  'the IDE example %s reads only public fields, so it is cached',
  (_name, query) => {
    expect(isPublic(query)).toBe(true);
  },
);

it('keeps auditLog private, wherever it is selected', () => {
  expect(isPublic('{ auditLog { edges { node { id } } } }')).toBe(false);
  expect(isPublic('{ districts { code } log: auditLog { edges { cursor } } }')).toBe(false);
  expect(isPublic('{ ...Log } fragment Log on Query { auditLog { pageInfo { hasNextPage } } }')).toBe(false);
  // Only the operation that runs counts: the other one's private field does not matter.
  expect(isPublic('query A { districts { code } } query B { auditLog { edges { cursor } } }', 'A')).toBe(true);
  expect(isPublic('query A { districts { code } } query B { auditLog { edges { cursor } } }', 'B')).toBe(false);
});

it('treats introspection and __typename as public (the same for every caller)', () => {
  expect(isPublic(getIntrospectionQuery())).toBe(true);
  expect(isPublic('{ __typename districts { __typename code } }')).toBe(true);
});

it('refuses a schema whose public field needs a role', () => {
  expect(() => assertPublicFieldsNeedNoRole([RoleBoundResolver])).toThrow(/citySecret is marked public but needs a role/);
  // Resolvers outside the schema are not its concern.
  expect(() => assertPublicFieldsNeedNoRole([])).not.toThrow();
});
