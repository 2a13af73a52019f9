import type { AuthChecker } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
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
