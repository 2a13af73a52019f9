// The public API of src/ for seeds/: the one module of src/ that seeds/ may import
// (test/unit/architecture.test.ts checks it), so the data can change without reaching into the service's internals.
export { pgArray } from './common/pg-array';
export { RateTable, totalInvestmentRateYear } from './money/fx';
export { toWanYuan } from './money/money';
export { MoneyUnit } from './money/money.enums';
