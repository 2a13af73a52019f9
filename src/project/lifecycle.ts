import { ProjectStatus } from './project.enums';

/** The main path, in order; SUSPENDED and WITHDRAWN stand beside it. */
export const MAIN_PATH: readonly ProjectStatus[] = [
  ProjectStatus.RESERVE,
  ProjectStatus.SIGNED,
  ProjectStatus.LISTED,
  ProjectStatus.PRE_CONSTRUCTION,
  ProjectStatus.UNDER_CONSTRUCTION,
  ProjectStatus.COMPLETED,
  ProjectStatus.IN_PRODUCTION,
  ProjectStatus.AT_CAPACITY,
];

const step = (status: ProjectStatus) => MAIN_PATH.indexOf(status);

/**
 * domain.md (c): any forward move on the main path (skips included); SUSPENDED from SIGNED …
 * UNDER_CONSTRUCTION and back only to the status it left; WITHDRAWN from anything but AT_CAPACITY.
 * Staying put is no move and always allowed.
 */
export function isAllowedTransition(from: ProjectStatus, to: ProjectStatus, suspendedFrom: ProjectStatus | null): boolean {
  if (from === to) return true;
  if (to === ProjectStatus.WITHDRAWN) return from !== ProjectStatus.AT_CAPACITY;
  if (from === ProjectStatus.WITHDRAWN) return false;
  if (from === ProjectStatus.SUSPENDED) return to === suspendedFrom;
  if (to === ProjectStatus.SUSPENDED) return step(from) >= step(ProjectStatus.SIGNED) && step(from) <= step(ProjectStatus.UNDER_CONSTRUCTION);
  return step(to) > step(from);
}

/** The actual dates a status needs: from UNDER_CONSTRUCTION startedOn, from COMPLETED completedOn, from IN_PRODUCTION productionOn. */
export function requiredDates(status: ProjectStatus): ('startedOn' | 'completedOn' | 'productionOn')[] {
  const at = step(status);
  if (at < 0) return [];
  const needs: ('startedOn' | 'completedOn' | 'productionOn')[] = [];
  if (at >= step(ProjectStatus.UNDER_CONSTRUCTION)) needs.push('startedOn');
  if (at >= step(ProjectStatus.COMPLETED)) needs.push('completedOn');
  if (at >= step(ProjectStatus.IN_PRODUCTION)) needs.push('productionOn');
  return needs;
}
