import { MAX_INPUT_DECIMALS, Dec } from './decimal';
import type { RateTable } from './fx';
import { toWanYuan } from './money';
import { AmountQualifier, MoneyUnit } from './money.enums';

/** An amount as a district writes it (push's MoneyInput): currency CNY and qualifier EXACT when left out. */
export interface MoneyAmount {
  amount: string;
  unit: MoneyUnit;
  currency?: string | null;
  qualifier?: AmountQualifier | null;
}

/** Where an amount's errors go, each with its field path, code and message (a push item's ItemErrors). */
export interface MoneyErrors {
  add(field: string, code: string, message: string): void;
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
export function moneyValue(errors: MoneyErrors, field: string, input: MoneyAmount, rateYear: number, rates: RateTable): MoneyValue | null {
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
