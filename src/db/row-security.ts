// The names row-level security is built on (migration 20261201000100_row_level_security; README, 'Database roles').
// Renaming one is a migration: the database holds the role, the policies name the setting.

/**
 * The role every push writes as (src/push/write-scope.ts): not the tables' owner, not a superuser, without
 * BYPASSRLS, so the policies bind it. The migration creates it (or checks the one an operator made) and grants it
 * what a push needs.
 */
export const SERVICE_ROLE = 'cz_service';

/** The transaction setting naming the district a push may write; the policies compare each written row's district with it. */
export const WRITING_DISTRICT = 'cz.writing_district';
