import { Dec } from './decimal';
import { MoneyUnit } from './money.enums';

/** How many 万元 one unit is. */
const WAN_PER_UNIT: Record<MoneyUnit, string> = {
  [MoneyUnit.YUAN]: '0.0001',
  [MoneyUnit.WAN]: '1',
  [MoneyUnit.YI]: '10000',
};

/**
 * The canonical 万元 CNY amount: original × unit × rate, rounded half-up to 4 places (one yuan).
 * `cnyPerUnit` is 1 for CNY, else the yearly average rate.
 */
export function toWanYuan(amount: string, unit: MoneyUnit, cnyPerUnit: string = '1'): string {
  return new Dec(amount).times(WAN_PER_UNIT[unit]).times(cnyPerUnit).toDecimalPlaces(4, Dec.ROUND_HALF_UP).toFixed(4);
}
