import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role, TokenGrant } from '../config';
import { UnauthenticatedError } from '../common/errors';

/** Who is calling: a token's role and district, or an anonymous reader. */
export interface Caller {
  role: Role | 'anonymous';
  districtCode: string | null;
  /** First 8 hex digits of the token's SHA-256: names the caller in the audit log without revealing the token. */
  actorKey: string | null;
}

export const ANONYMOUS: Caller = { role: 'anonymous', districtCode: null, actorKey: null };

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function actorKeyOf(token: string): string {
  return sha256(token).toString('hex').slice(0, 8);
}

/** The configured tokens, compared by digest in constant time so response timing reveals nothing of a token. */
export class TokenRegistry {
  private readonly grants: { digest: Buffer; grant: TokenGrant }[];

  constructor(grants: readonly TokenGrant[]) {
    this.grants = grants.map((grant) => ({ digest: sha256(grant.token), grant }));
  }

  find(token: string): TokenGrant | null {
    const digest = sha256(token);
    let found: TokenGrant | null = null;
    // Compare with every grant, not stopping at a match, so timing does not depend on the position.
    for (const entry of this.grants) {
      if (timingSafeEqual(entry.digest, digest)) found = entry.grant;
    }
    return found;
  }
}

/**
 * Identifies the caller from the Authorization header. A header that names no known token is refused,
 * even where anonymous reads are allowed; no header is anonymous only when ANONYMOUS_READ is on.
 */
export function identifyCaller(authorization: string | undefined, tokens: TokenRegistry, anonymousRead: boolean): Caller {
  if (authorization === undefined || authorization.trim() === '') {
    if (anonymousRead) return ANONYMOUS;
    throw new UnauthenticatedError('This service needs an API token: send "Authorization: Bearer <token>".');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".');
  const grant = tokens.find(match[1]!);
  if (!grant) throw new UnauthenticatedError('Unknown API token: check the token you were given, or ask the city for one.');
  return { role: grant.role, districtCode: grant.districtCode, actorKey: actorKeyOf(grant.token) };
}
