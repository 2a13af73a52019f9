import type { Row } from './dashboard.bench';

/** Fixed decimals for the tables; NaN (no samples) prints as a dash. */
export const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/**
 * The figures issue 9's 'Done when' names, each next to its goal, collected while the parts run and printed last as
 * one table ready for the README. A missed goal is reported, not thrown: the run is noisy on a busy machine.
 */
export class GoalTable {
  readonly rows: Row[] = [];

  check(dataset: string, figure: string, value: string, goal: string, met: boolean): void {
    this.rows.push({ dataset, figure, value, goal, '': met ? 'met' : 'MISSED' });
  }

  /** A figure the issue asks for without a goal. */
  report(dataset: string, figure: string, value: string): void {
    this.rows.push({ dataset, figure, value, goal: '—', '': '' });
  }
}
