import { MAX_INPUT_DECIMALS, Dec } from '../money/decimal';
import { toWanYuan } from '../money/money';
import { AmountQualifier } from '../money/money.enums';
import type { RateTable } from '../money/fx';
import type { MoneyInput } from './push.inputs';
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

/**
 * The largest amounts the money columns hold (migration: `original numeric(24,6)`, `wan_yuan numeric(20,4)`):
 * a larger one failed the write with an internal "numeric field overflow" (found by the fuzz tests);
 * it is the item's INVALID_VALUE instead.
 */
const ORIGINAL_LIMIT = new Dec('1e18');
const WAN_YUAN_LIMIT = new Dec('1e16');

export interface MoneyValue {
  wanYuan: string;
  original: string;
  originalUnit: string;
  currency: string;
  qualifier: string;
}

/** Checks an amount and converts it to 万元 CNY at the rate of `rateYear`; null when it has an error. */
export function moneyValue(errors: ItemErrors, field: string, input: MoneyInput, rateYear: number, rates: RateTable): MoneyValue | null {
  const money = { ...input, currency: input.currency ?? 'CNY', qualifier: input.qualifier ?? AmountQualifier.EXACT };
  const amount = new Dec(money.amount);
  let ok = true;
  // decimal.js calls "-0" negative; its value is zero, which is allowed.
  if (amount.isNegative() && !amount.isZero()) {
    errors.add(`${field}.amount`, 'INVALID_AMOUNT', `${field}.amount may not be negative; got ${money.amount}.`);
    ok = false;
  }
  if (amount.decimalPlaces() > MAX_INPUT_DECIMALS) ok = false;
  if (!/^[A-Z]{3}$/.test(money.currency)) {
    errors.add(`${field}.currency`, 'INVALID_VALUE', `${field}.currency must be a three-letter ISO 4217 code in capitals such as "CNY" or "USD"; got "${money.currency}".`);
    return null;
  }
  const rate = rates.cnyPerUnit(money.currency, rateYear);
  if (rate === null) {
    errors.add(
      `${field}.currency`,
      'FX_RATE_MISSING',
      `No ${money.currency} rate is held for ${rateYear}, so ${field} cannot be converted to 万元; send the amount in CNY or ask the city to add the rate.`,
    );
    return null;
  }
  if (!ok) return null;
  const wanYuan = toWanYuan(money.amount, money.unit, rate);
  if (amount.abs().gte(ORIGINAL_LIMIT) || new Dec(wanYuan).abs().gte(WAN_YUAN_LIMIT)) {
    errors.add(
      `${field}.amount`,
      'INVALID_VALUE',
      `${field}.amount ${money.amount} ${money.unit} is too large: amounts are held up to ${ORIGINAL_LIMIT.toFixed()} as written and ${WAN_YUAN_LIMIT.toFixed()} 万元; check the amount and its unit.`,
    );
    return null;
  }
  return {
    wanYuan,
    original: amount.toFixed(),
    originalUnit: money.unit,
    currency: money.currency,
    qualifier: money.qualifier,
  };
}

/** Two amounts are the same when every part is, values compared as numbers ("12.5" = "12.5000"). */
export function sameMoney(a: MoneyValue | null, b: MoneyValue | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    new Dec(a.wanYuan).eq(b.wanYuan) &&
    new Dec(a.original).eq(b.original) &&
    a.originalUnit === b.originalUnit &&
    a.currency === b.currency &&
    a.qualifier === b.qualifier
  );
}

/** The money columns of a row with `prefix`, or null when the row holds none. */
export function moneyFromRow(row: Record<string, any>, prefix: string): MoneyValue | null {
  if (row[`${prefix}wan_yuan`] == null) return null;
  return {
    wanYuan: row[`${prefix}wan_yuan`],
    // Written as moneyValue writes it ("10", not the column's "10.000000"), so an audit entry's before and after agree on an unchanged amount.
    original: new Dec(row[`${prefix}original`]).toFixed(),
    originalUnit: row[`${prefix}original_unit`],
    currency: row[`${prefix}currency`],
    qualifier: row[`${prefix}qualifier`],
  };
}

export function moneyColumns(prefix: string, money: MoneyValue | null): Record<string, string | null> {
  return {
    [`${prefix}wan_yuan`]: money?.wanYuan ?? null,
    [`${prefix}original`]: money?.original ?? null,
    [`${prefix}original_unit`]: money?.originalUnit ?? null,
    [`${prefix}currency`]: money?.currency ?? null,
    [`${prefix}qualifier`]: money?.qualifier ?? null,
  };
}
