import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { generateProjects } from '../../seeds';
import { loadConfig } from '../config';
import { withCommandDatabase } from './command-database';

const USAGE = 'usage: npm run seed -- --scale N   (adds N synthetic projects to each district)';

/** `npm run seed -- --scale N`: the benchmark data generator, into DATABASE_URL or the embedded database. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string' } } });
  const scale = Number(values.scale ?? NaN);
  if (!Number.isInteger(scale) || scale < 1 || scale > 1_000_000) {
    console.error(USAGE);
    process.exit(2);
  }
  await withCommandDatabase(loadConfig(), async ({ orm }) => {
    const started = process.hrtime.bigint();
    const counts = await generateProjects(orm.em.getKnex(), scale);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`generated in ${seconds.toFixed(1)} s (the maintained figures included): ${JSON.stringify(counts)}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
