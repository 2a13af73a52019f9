import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { createSchema, printSdl, SCHEMA_FILE } from '../schema';

/** `npm run schema:emit`: rewrites schema/schema.graphql from the resolvers (commit the result). */
async function main(): Promise<void> {
  await writeFile(SCHEMA_FILE, printSdl(await createSchema()));
  console.log(`wrote ${SCHEMA_FILE}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
