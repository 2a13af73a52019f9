import {
  BREAK,
  DirectiveLocation,
  DocumentNode,
  GraphQLBoolean,
  GraphQLDirective,
  GraphQLEnumType,
  GraphQLField,
  GraphQLInt,
  GraphQLSchema,
  isIntrospectionType,
  Kind,
  OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { Directive, getMetadataStorage } from 'type-graphql';

/**
 * Which answers may be shared between callers, by Apollo's cache-control convention: a field marked
 * `@cacheControl(scope: PUBLIC)` answers the same whoever asks; every other field is private. The response
 * cache (response-cache.ts) keeps an operation's answer only when every field it selects is public, so a
 * new field is kept out of the cache until someone marks it. The service reads only `scope`: answers are
 * kept until the next write (the data version), not for a `maxAge`.
 */
export const CacheControlScope = new GraphQLEnumType({
  name: 'CacheControlScope',
  description: 'Whether an answer may be shared between callers (Apollo cache-control convention).',
  values: {
    PUBLIC: { description: 'The same answer whoever asks: the service may answer it from its cache.' },
    PRIVATE: { description: 'The answer depends on the caller: never shared (the default of every field).' },
  },
});

/** Apollo's `@cacheControl` directive, declared so the emitted SDL and introspection name the convention. */
export const cacheControlDirective = new GraphQLDirective({
  name: 'cacheControl',
  description:
    'Cache hint (Apollo convention). This service reads `scope` on fields: an operation is answered from its cache ' +
    'only when every field it selects is PUBLIC; answers are kept until the next write, whatever `maxAge` says.',
  locations: [DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT, DirectiveLocation.INTERFACE, DirectiveLocation.UNION],
  args: {
    maxAge: { type: GraphQLInt, description: 'Seconds the answer may be kept (not used by this service).' },
    scope: { type: CacheControlScope, description: 'PUBLIC or PRIVATE.' },
    inheritMaxAge: { type: GraphQLBoolean, description: "Take the parent field's maxAge (not used by this service)." },
  },
});

const PUBLIC_HINT = '@cacheControl(scope: PUBLIC)';

/**
 * Marks one field public: a root field, a @FieldResolver or a @Field. Only for answers that depend on
 * nothing about the caller (not its role, district or token), including whether it may ask at all.
 */
export function Public(): PropertyDecorator & MethodDecorator {
  return Directive(PUBLIC_HINT);
}

/**
 * Marks public every @Field the decorated object type class declares itself: its data, which a public
 * resolver produced. Fields other classes add to the type (@FieldResolver methods of resolver classes, which
 * see the caller through the context) stay private until marked with @Public(). Field decorators run before
 * class decorators, so the class's fields are all known here.
 */
export function PublicFields(): ClassDecorator {
  return (target) => {
    for (const field of getMetadataStorage().fields.filter((f) => f.target === target)) {
      Directive(PUBLIC_HINT)(target.prototype, field.name);
    }
  };
}

/** True when the field carries `@cacheControl(scope: PUBLIC)`. */
export function isPublicField(field: GraphQLField<unknown, unknown>): boolean {
  const hint = field.astNode?.directives?.find((directive) => directive.name.value === cacheControlDirective.name);
  const scope = hint?.arguments?.find((argument) => argument.name.value === 'scope')?.value;
  return scope?.kind === Kind.ENUM && scope.value === 'PUBLIC';
}

/**
 * Refuses a schema in which a public field needs a role (@Authorized): the cache would hand its answer to
 * callers without the role. Run at schema build on type-graphql's metadata, for the schema's resolvers.
 */
export function assertPublicFieldsNeedNoRole(resolvers: readonly Function[]): void {
  const storage = getMetadataStorage();
  const isPublicHint = (sdl: string) => sdl.replace(/\s+/g, '') === PUBLIC_HINT.replace(/\s+/g, '');
  const isOtherResolver = (target: Function) => !resolvers.includes(target) && storage.resolverClasses.some((r) => r.target === target);
  for (const { target, fieldName, directive } of storage.fieldDirectives) {
    if (!isPublicHint(directive.nameOrDefinition) || isOtherResolver(target)) continue;
    const authorized =
      storage.authorizedFields.some((field) => field.target === target && field.fieldName === fieldName) ||
      storage.authorizedResolver.some((resolver) => resolver.target === target);
    if (authorized) {
      throw new Error(`${target.name}.${fieldName} is marked public but needs a role (@Authorized): a cached answer would skip that check.`);
    }
  }
}

const verdicts = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, boolean>>();

/**
 * True when every field the operation (and any fragment of its document) selects is public; introspection
 * (`__typename`, `__schema`, `__type` and the fields of their types) answers the same to every caller.
 * Apollo keeps one parsed document per query text, so the verdict is remembered per operation node.
 */
export function isPublicOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  let bySchema = verdicts.get(schema);
  if (!bySchema) verdicts.set(schema, (bySchema = new WeakMap()));
  let verdict = bySchema.get(operation);
  if (verdict === undefined) {
    verdict = true;
    const typeInfo = new TypeInfo(schema);
    // Other operations of the document are not run; its fragments are all checked (conservative and cheap).
    const selected: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: [operation, ...document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)],
    };
    visit(
      selected,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          if (node.name.value.startsWith('__') || (parent && isIntrospectionType(parent))) return undefined;
          const field = typeInfo.getFieldDef();
          if (field && isPublicField(field)) return undefined;
          verdict = false;
          return BREAK;
        },
      }),
    );
    bySchema.set(operation, verdict);
  }
  return verdict;
}
