import { Dec } from '../../src/money/decimal';
import { completionRate, rankWithTies, scheduleGapPp, startRate, timeProgress } from '../../src/indicators/indicator.rules';

// The 三色 (RAG) rule and the month ends it is judged at live in SQL only (`rag_status`, `figure_rows`):
// their cases are in test/integration/rag-rule.test.ts.

describe('time progress, rates and gaps', () => {
  it('序时进度 is exactly m/12', () => {
    expect(timeProgress(10).toNumber()).toBeCloseTo(0.8333333333, 10);
    expect(timeProgress(12).toNumber()).toBe(1);
  });

  it('completion rate is not capped and is null for a zero plan', () => {
    expect(completionRate('566000', '556000')!.toDecimalPlaces(3).toNumber()).toBe(1.018);
    expect(completionRate('2770', '1000')!.toNumber()).toBe(2.77);
    expect(completionRate('5', '0')).toBeNull();
  });

  it('schedule gap is in points', () => {
    expect(scheduleGapPp(new Dec('0.529'), 5)!.toDecimalPlaces(1).toNumber()).toBe(11.2);
    expect(scheduleGapPp(null, 5)).toBeNull();
  });

  it('start rate is started over new planned, null without new projects', () => {
    expect(startRate(4, 4)!.toNumber()).toBe(1);
    expect(startRate(14, 20)!.toNumber()).toBe(0.7);
    expect(startRate(0, 0)).toBeNull();
  });
});

describe('ranking with ties', () => {
  const d = (v: string | null) => (v === null ? null : new Dec(v));

  it('shares ranks and skips (1, 1, 3), nulls last with rank null, keeping the given order among equals', () => {
    const ranked = rankWithTies(
      [
        { item: 'a', value: d('2') },
        { item: 'b', value: d(null) },
        { item: 'c', value: d('5') },
        { item: 'd', value: d('5') },
        { item: 'e', value: d('1') },
      ],
      true,
    );
    expect(ranked.map((r) => [r.item, r.rank])).toEqual([
      ['c', 1],
      ['d', 1],
      ['a', 3],
      ['e', 4],
      ['b', null],
    ]);
  });

  it('ranks lower-is-better indicators ascending', () => {
    const ranked = rankWithTies([{ item: 'x', value: d('3') }, { item: 'y', value: d('0') }, { item: 'z', value: d('0') }], false);
    expect(ranked.map((r) => [r.item, r.rank])).toEqual([
      ['y', 1],
      ['z', 1],
      ['x', 3],
    ]);
  });
});
