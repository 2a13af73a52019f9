import { readFile } from 'node:fs/promises';
import { GraphQLSchema, isEnumType, isInputObjectType, isIntrospectionType, isObjectType } from 'graphql';
import { createSchema, printSdl, SCHEMA_FILE } from '../../src/schema';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

it('schema/schema.graphql is the SDL the code emits (run `npm run schema:emit` and commit it)', async () => {
  expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(printSdl(schema));
});

it('documents every type, field, argument and enum value, so the IDE alone teaches the model', () => {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
  }
  expect(missing).toEqual([]);
});
