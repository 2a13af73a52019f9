import type { AuthChecker } from 'type-graphql';
import type { Caller } from '../auth/caller';
import { BadUserInputError, ForbiddenError, UnauthenticatedError } from '../common/errors';
import type { Context } from '../context';

/**
 * type-graphql's @Authorized check, raising the contract's codes itself (type-graphql's own error would
 * say only "Access denied"): no token → UNAUTHENTICATED, a role not listed → FORBIDDEN.
 */
export const authChecker: AuthChecker<Context> = ({ context }, roles) => {
  const { role } = context.caller;
  if (role === 'anonymous') {
    throw new UnauthenticatedError('This needs an API token: send "Authorization: Bearer <token>".');
  }
  if (roles.length > 0 && !roles.includes(role)) {
    throw new ForbiddenError(`The ${role} role may not do this; it needs one of: ${roles.join(', ')}.`);
  }
  return true;
};

/** The district a push writes: a district token's own (naming another is FORBIDDEN), or the one a city token names. */
export function targetDistrict(caller: Caller, requested: string | null | undefined, known: ReadonlySet<string>): string {
  if (caller.role === 'district') {
    if (requested != null && requested !== caller.districtCode) {
      throw new ForbiddenError(
        `This token writes only district ${caller.districtCode}; it may not write district ${requested}. Leave input.district out or send ${caller.districtCode}.`,
      );
    }
    return caller.districtCode!;
  }
  if (requested == null) {
    throw new BadUserInputError('A city token must name the district it writes: set input.district, e.g. "320412".', 'input.district');
  }
  if (!known.has(requested)) {
    throw new BadUserInputError(`input.district "${requested}" is unknown; use one of ${[...known].join(', ')}.`, 'input.district');
  }
  return requested;
}
