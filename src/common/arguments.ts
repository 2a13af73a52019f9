import { BadUserInputError } from './errors';

export const YEAR_RANGE = { min: 2000, max: 2100 } as const;

function checkRange(value: number, argument: string, what: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadUserInputError(`${argument} must be ${what} from ${min} to ${max} (got ${value}).`, argument);
  }
}

export const checkYear = (year: number, argument = 'year') => checkRange(year, argument, 'a year', YEAR_RANGE.min, YEAR_RANGE.max);
export const checkMonth = (month: number, argument = 'month') => checkRange(month, argument, 'a month', 1, 12);
export const checkTop = (top: number, argument = 'top') => checkRange(top, argument, 'a number of entries', 1, 100);
