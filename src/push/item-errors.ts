import { InputError } from './push.types';
import { isIsoDate } from '../common/scalars';
import { YEAR_RANGE } from '../common/arguments';

export const MAX_INDEXED_TEXT_LENGTH = 256;

/** Collects one item's errors, each with its path inside the call's input. */
export class ItemErrors {
  readonly list: InputError[] = [];

  constructor(readonly path: string) {}

  add(field: string, code: string, message: string): void {
    this.list.push(Object.assign(new InputError(), { field: field ? `${this.path}.${field}` : this.path, code, message }));
  }

  get ok(): boolean {
    return this.list.length === 0;
  }

  /** A year 2000–2100. */
  year(field: string, year: number): boolean {
    if (Number.isInteger(year) && year >= YEAR_RANGE.min && year <= YEAR_RANGE.max) return true;
    this.add(field, 'INVALID_VALUE', `${field} must be a year from ${YEAR_RANGE.min} to ${YEAR_RANGE.max}; got ${year}.`);
    return false;
  }

  /** An actual date (signed, started, issued…) may not be after today in China. */
  notFuture(field: string, date: string | null | undefined, today: string): void {
    if (date && isIsoDate(date) && date > today) {
      this.add(field, 'INVALID_DATE', `${field} ${date} is in the future; today is ${today} (China time). Send the date it actually happened.`);
    }
  }

  /**
   * Text that goes into a b-tree index (externalId, projectCode): an entry holds at most ~2,700 bytes,
   * and a longer one failed the write with an internal error (found by the fuzz tests).
   */
  maxLength(field: string, value: string | null | undefined, max = MAX_INDEXED_TEXT_LENGTH): boolean {
    if (value == null || value.length <= max) return true;
    this.add(field, 'INVALID_VALUE', `${field} is ${value.length} characters long; at most ${max} are allowed.`);
    return false;
  }

  /** A non-empty text. */
  required(field: string, value: string | null | undefined): boolean {
    if (value != null && value.trim() !== '') return true;
    this.add(field, 'REQUIRED', `${field} is required and may not be empty.`);
    return false;
  }
}
