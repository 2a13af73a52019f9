import { Migration } from '@mikro-orm/migrations';

/**
 * evaluation (year, month) → (year, month, project_id). On a young table without statistics the planner
 * took the two-column index for a push's key lookups (project, year, month) and filtered every evaluation
 * of the month for each item, so a call read every evaluation of its month once per item. With project_id in it,
 * both candidate indexes match a key exactly, whatever the statistics say; the latest-month query the
 * index was made for (README, 'Indexes') uses it as before.
 */
export class Migration20261129000100_evaluation_month_index extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index evaluation_year_month_idx;`);
    this.addSql(`create index evaluation_year_month_idx on evaluation (year, month, project_id);`);
  }
}
