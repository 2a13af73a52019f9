// The public API of src/ for seeds/: the one module of src/ that seeds/ may import
// (test/unit/architecture.test.ts checks it), so the data can change without reaching into the service's internals.
export { pgArray } from './common/pg-array';
export { RateTable, totalInvestmentRateYear } from './money/fx';
export { toWanYuan } from './money/money';
export { MoneyUnit } from './money/money.enums';
// The entities' column maps: the seeds write rows from entity-shaped values, so a column added to an entity needs no seed edit.
export { columnMap } from './db/column-map';
export { Approval } from './approval/approval.entity';
export { Evaluation } from './evaluation/evaluation.entity';
export { Listing } from './project/listing.entity';
export { Project } from './project/project.entity';
