import { isAllowedTransition, requiredDates } from '../../src/project/lifecycle';
import { ProjectStatus as S } from '../../src/project/project.enums';

describe('lifecycle transitions', () => {
  it.each([
    [S.RESERVE, S.SIGNED, null, true],
    [S.RESERVE, S.LISTED, null, true],
    [S.SIGNED, S.UNDER_CONSTRUCTION, null, true],
    [S.COMPLETED, S.AT_CAPACITY, null, true],
    [S.LISTED, S.LISTED, null, true],
    [S.UNDER_CONSTRUCTION, S.LISTED, null, false],
    [S.AT_CAPACITY, S.IN_PRODUCTION, null, false],
    [S.SIGNED, S.SUSPENDED, null, true],
    [S.UNDER_CONSTRUCTION, S.SUSPENDED, null, true],
    [S.RESERVE, S.SUSPENDED, null, false],
    [S.COMPLETED, S.SUSPENDED, null, false],
    [S.SUSPENDED, S.LISTED, S.LISTED, true],
    [S.SUSPENDED, S.UNDER_CONSTRUCTION, S.LISTED, false],
    [S.SUSPENDED, S.WITHDRAWN, S.LISTED, true],
    [S.IN_PRODUCTION, S.WITHDRAWN, null, true],
    [S.AT_CAPACITY, S.WITHDRAWN, null, false],
    [S.WITHDRAWN, S.LISTED, null, false],
    [S.WITHDRAWN, S.WITHDRAWN, null, true],
  ])('%s → %s (left %s): %s', (from, to, suspendedFrom, allowed) => {
    expect(isAllowedTransition(from, to, suspendedFrom)).toBe(allowed);
  });

  it('needs the dates of the statuses reached', () => {
    expect(requiredDates(S.PRE_CONSTRUCTION)).toEqual([]);
    expect(requiredDates(S.UNDER_CONSTRUCTION)).toEqual(['startedOn']);
    expect(requiredDates(S.AT_CAPACITY)).toEqual(['startedOn', 'completedOn', 'productionOn']);
    expect(requiredDates(S.SUSPENDED)).toEqual([]);
    expect(requiredDates(S.WITHDRAWN)).toEqual([]);
  });
});
