import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { withCommandDatabase } from './command-database';
import { ImportFileError, isImportKind, readImportFile } from './import-file';
import { progressDisplay } from './import-progress';
import { formatReport } from './import-report';
import { importExitCode, importFile, ImportUsageError } from './importer';

const USAGE = `usage: npm run import -- --district <code> --kind projects|approvals|evaluations [--no-atomic] [--dry-run] <file.json>

Imports a JSON array of ProjectInput, ApprovalInput or EvaluationInput items (as in the GraphQL mutations,
amounts as strings) into the district, acting as that district (actor "cli" in the audit log), in chunks of
at most 1,000 items. Importing the same file again changes nothing.
  --no-atomic  write the valid items even when others are rejected (default: atomic)
  --dry-run    check everything against the stored data and report, writing nothing
Database: DATABASE_URL, else the embedded database under DATA_DIR (default .data).
Exit code: 0 nothing rejected, 1 some item rejected, 2 bad usage or bad file, 3 the import could not run.`;

class UsageError extends Error {}

function parseCommandLine() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        district: { type: 'string' },
        kind: { type: 'string' },
        'no-atomic': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.district || !/^\d{6}$/.test(values.district)) throw new UsageError('--district must be a 6-digit district code, e.g. 320412.');
  if (!isImportKind(values.kind)) throw new UsageError('--kind must be projects, approvals or evaluations.');
  if (positionals.length !== 1) throw new UsageError(`name exactly one file to import (got ${positionals.length}).`);
  return { districtCode: values.district, kind: values.kind, path: positionals[0]!, atomic: !values['no-atomic'], dryRun: values['dry-run'] };
}

/** `npm run import -- --district 320412 --kind projects file.json`: a clerk's file through the push mutations' own code. */
async function main(): Promise<number> {
  const args = parseCommandLine();
  const config = loadConfig();
  // A bad file is reported before any database is started.
  const file = await readImportFile(args.path, args.kind);
  return withCommandDatabase(config, async ({ orm, reference }) => {
    const progress = progressDisplay();
    const result = await importFile({ knex: orm.em.getKnex(), reference, ...args, file, onProgress: progress.onProgress }).finally(progress.stop);
    console.log(`\n${formatReport(result)}`);
    return importExitCode(result);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ImportUsageError) {
      console.error(`import: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof ImportFileError || error instanceof ConfigError) {
      console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : `import: ${error.message}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(3);
  },
);
