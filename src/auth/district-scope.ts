import { ForbiddenError } from '../common/errors';
import type { Caller } from './caller';

/**
 * The district a district-scoped read is narrowed to. A district token reads only its own district:
 * asking for none or its own gives its own, asking for another is FORBIDDEN. Every other caller reads
 * the district it asked for, or every district (null).
 */
export function readableDistrict(caller: Caller, requested: string | null, what: string): string | null {
  if (caller.role !== 'district') return requested;
  if (requested !== null && requested !== caller.districtCode) {
    throw new ForbiddenError(`A district token sees only its own district's ${what} (${caller.districtCode}).`);
  }
  return caller.districtCode;
}
