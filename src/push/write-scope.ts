import type { Knex } from '@mikro-orm/postgresql';
import type { Caller } from '../auth/caller';
import { SERVICE_ROLE, WRITING_DISTRICT } from '../db/row-security';

// PostgreSQL's second line behind the service's own authority check (targetDistrict): every push writes as a
// role that row-level security binds, with the district it may write named in a transaction setting, so a row
// of any other district is refused by the database itself (migration 20261201000100_row_level_security).

/** The advisory lock a district's pushes hold for their whole transaction: one writer per district at a time. */
export const districtWriteLock = (districtCode: string) => `cz-push:${districtCode}`;

/**
 * The district PostgreSQL lets this caller's push write: a district token's own, taken from the token itself and not
 * from the target the service worked out (so a bug there is still refused); the one a city token named. Nothing for
 * anyone else.
 */
export function writingDistrict(caller: Caller, target: string): string {
  return caller.role === 'city' ? target : (caller.districtCode ?? '');
}

/**
 * A push transaction's first statement: the district's push lock (one writer per district at a time), the data
 * version's row to count in (`cz.write_scope`, migration 20261129), the district the policies let it write, and the
 * role it writes as from here to its end (`set_config('role', …, true)` is `set local role`). The deferred refresh
 * of the maintained figures runs at commit under the same role, through its SECURITY DEFINER trigger function.
 */
export async function enterWriteScope(trx: Knex.Transaction, caller: Caller, districtCode: string): Promise<void> {
  await trx.raw(
    `select pg_advisory_xact_lock(hashtext(?)), set_config('cz.write_scope', ?, true), set_config('${WRITING_DISTRICT}', ?, true),
       set_config('role', ?, true)`,
    [districtWriteLock(districtCode), districtCode, writingDistrict(caller, districtCode), SERVICE_ROLE],
  );
}
