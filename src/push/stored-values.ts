import type { ColumnMap } from '../db/column-map';
import { Dec } from '../money/decimal';
import { Money } from '../money/money.embeddable';
import { sameMoney, type MoneyValue } from '../money/money-value';

/**
 * An entity's properties as the pushes hold them, each Money as a MoneyValue. Typed from the entity, so a property
 * added to it is a compile error in the push until the push sets it; its column maps write and read them.
 */
export type StoredValues<T> = { [K in keyof T]: T[K] extends Money ? MoneyValue : T[K] extends Money | null ? MoneyValue | null : T[K] };

/**
 * The values of a stored row, as `columns` reads them, with each amount written as moneyValue writes it ("10", not the
 * column's "10.000000"), so an audit entry's before and after agree on an unchanged amount.
 */
export function storedValues<V, T>(columns: ColumnMap<T>, row: Record<string, unknown>): V {
  const values = columns.read(row);
  const original: keyof Money = 'original';
  for (const column of columns.columns) {
    const money = values[column.property] as MoneyValue | null;
    if (column.embeddable === Money.name && column.embedded === original && money !== null) {
      money.original = new Dec(money.original).toFixed();
    }
  }
  return values as V;
}

/** Whether `b` holds every value of `a` (the properties of `a`, amounts compared as numbers: "12.5" = "12.5000"). */
export function sameStored<V extends object>(a: V, b: V): boolean {
  const isMoney = (value: unknown) => typeof value === 'object' && value !== null;
  return (Object.keys(a) as (keyof V)[]).every((key) => {
    const [x, y] = [a[key], b[key]];
    return isMoney(x) || isMoney(y) ? sameMoney(x as MoneyValue | null, y as MoneyValue | null) : x === y;
  });
}
