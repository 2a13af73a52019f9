import { Dec } from '../../src/money/decimal';
import { RagStatus } from '../../src/evaluation/rag-status.enum';
import {
  completionRate,
  endOfMonth,
  RagInput,
  ragStatus,
  rankWithTies,
  scheduleGapPp,
  startRate,
  timeProgress,
} from '../../src/indicators/indicator.rules';

const base: RagInput = {
  year: 2026,
  month: 6,
  plannedStartOn: null,
  plannedCompletionOn: null,
  startedOn: null,
  completedOn: null,
  completedYtd: '0',
  annualPlan: '1200',
};

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

  it('knows the last day of every month', () => {
    expect(endOfMonth(2024, 2)).toBe('2024-02-29');
    expect(endOfMonth(2026, 2)).toBe('2026-02-28');
    expect(endOfMonth(2026, 12)).toBe('2026-12-31');
  });
});

describe('三色 RAG status', () => {
  // At month 6 the plan of 1200 has 600 as 序时进度; 30 points behind is 240, 10 points behind is 480.
  it.each([
    ['exactly 30 points behind is YELLOW (not RED)', '240', RagStatus.YELLOW],
    ['just over 30 points behind is RED', '239.9999', RagStatus.RED],
    ['exactly 10 points behind is GREEN', '480', RagStatus.GREEN],
    ['just over 10 points behind is YELLOW', '479.9999', RagStatus.YELLOW],
    ['ahead of schedule is GREEN', '900', RagStatus.GREEN],
  ])('%s', (_case, completedYtd, expected) => {
    expect(ragStatus({ ...base, completedYtd })).toBe(expected);
  });

  it('a zero plan skips the rate rule', () => {
    expect(ragStatus({ ...base, annualPlan: '0', completedYtd: '0' })).toBe(RagStatus.GREEN);
  });

  it('a planned start on the last day of the month, not met, is RED; met that day is not', () => {
    const onTrack = { ...base, completedYtd: '600' };
    expect(ragStatus({ ...onTrack, plannedStartOn: '2026-06-30' })).toBe(RagStatus.RED);
    expect(ragStatus({ ...onTrack, plannedStartOn: '2026-06-30', startedOn: '2026-06-30' })).toBe(RagStatus.GREEN);
    expect(ragStatus({ ...onTrack, plannedStartOn: '2026-06-30', startedOn: '2026-07-01' })).toBe(RagStatus.RED);
  });

  it('a planned date within the 30 days after the month end is YELLOW; 31 days after is GREEN', () => {
    const onTrack = { ...base, completedYtd: '600' };
    expect(ragStatus({ ...onTrack, plannedCompletionOn: '2026-07-01' })).toBe(RagStatus.YELLOW);
    expect(ragStatus({ ...onTrack, plannedCompletionOn: '2026-07-30' })).toBe(RagStatus.YELLOW);
    expect(ragStatus({ ...onTrack, plannedCompletionOn: '2026-07-31' })).toBe(RagStatus.GREEN);
    expect(ragStatus({ ...onTrack, plannedCompletionOn: '2026-07-30', startedOn: '2026-01-01', completedOn: '2026-06-15' })).toBe(
      RagStatus.GREEN,
    );
  });

  it('takes configured thresholds', () => {
    const thresholds = { redPoints: '50', yellowPoints: '40', warningDays: 10 };
    expect(ragStatus({ ...base, completedYtd: '240' }, thresholds)).toBe(RagStatus.GREEN);
    expect(ragStatus({ ...base, completedYtd: '100' }, thresholds)).toBe(RagStatus.YELLOW);
    expect(ragStatus({ ...base, completedYtd: '600', plannedStartOn: '2026-07-15' }, thresholds)).toBe(RagStatus.GREEN);
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
