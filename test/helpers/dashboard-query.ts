import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/common/project-root';

/**
 * The city dashboard's main query, as the API contract's ../shared/dashboard.graphql gives it, kept in the
 * repository (test/fixtures/) so that a clone alone runs the tests and benchmarks that measure it.
 */
export const DASHBOARD_QUERY = readFileSync(path.join(projectRoot(), 'test', 'fixtures', 'dashboard.graphql'), 'utf8');
export const DASHBOARD_VARIABLES = { year: 2026, month: 10 };
