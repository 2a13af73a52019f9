import { BadUserInputError, ForbiddenError } from '../common/errors';
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
