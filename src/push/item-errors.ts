import { MAX_INPUT_DECIMALS, Dec } from '../money/decimal';
import { toWanYuan } from '../money/money';
import { AmountQualifier } from '../money/money.enums';
import type { RateTable } from '../money/fx';
import type { MoneyInput } from './push.inputs';
import { InputError } from './push.types';
import { isIsoDate } from '../common/scalars';
import { YEAR_RANGE } from '../common/arguments';

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

  /** A non-empty text. */
  required(field: string, value: string | null | undefined): boolean {
    if (value != null && value.trim() !== '') return true;
    this.add(field, 'REQUIRED', `${field} is required and may not be empty.`);
    return false;
  }
}

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
  if (amount.isNegative()) {
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
  return {
    wanYuan: toWanYuan(money.amount, money.unit, rate),
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
    original: row[`${prefix}original`],
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
