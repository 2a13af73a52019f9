import { DecimalScalar, formatDecimal } from '../../src/money/decimal';
import { toWanYuan } from '../../src/money/money';
import { MoneyUnit } from '../../src/money/money.enums';
import { RateTable, totalInvestmentRateYear } from '../../src/money/fx';

describe('toWanYuan', () => {
  it('converts 亿元, 万元 and 元 exactly', () => {
    expect(toWanYuan('150', MoneyUnit.YI)).toBe('1500000.0000');
    expect(toWanYuan('3.7', MoneyUnit.YI)).toBe('37000.0000');
    expect(toWanYuan('12.5', MoneyUnit.WAN)).toBe('12.5000');
    expect(toWanYuan('123456789', MoneyUnit.YUAN)).toBe('12345.6789');
  });

  it('rounds half-up to one yuan (4 places of 万元)', () => {
    expect(toWanYuan('0.5', MoneyUnit.YUAN)).toBe('0.0001');
    expect(toWanYuan('0.49', MoneyUnit.YUAN)).toBe('0.0000');
    expect(toWanYuan('1.00005', MoneyUnit.WAN)).toBe('1.0001');
  });

  it('applies a yearly rate to foreign money: 9000万美元 at 6.4515', () => {
    expect(toWanYuan('9000', MoneyUnit.WAN, '6.4515')).toBe('58063.5000');
  });

  it('never loses precision on sums a float would get wrong', () => {
    expect(toWanYuan('0.1', MoneyUnit.WAN)).toBe('0.1000');
    expect(toWanYuan('99999999999999.999999', MoneyUnit.WAN)).toBe('100000000000000.0000');
  });
});

describe('Decimal scalar', () => {
  it('accepts plain decimals as strings or JSON numbers', () => {
    expect(DecimalScalar.parseValue('1500000.5')).toBe('1500000.5');
    expect(DecimalScalar.parseValue(12.5)).toBe('12.5');
    expect(DecimalScalar.parseValue('-3')).toBe('-3');
  });

  it.each(['1e5', '1,000', '0.1234567', '', 'abc', '.5', '5.'])('refuses %p', (value) => {
    expect(() => DecimalScalar.parseValue(value)).toThrow(/plain notation/);
  });

  it('outputs fixed 4 places, more only to keep an original amount whole', () => {
    expect(formatDecimal('1500000')).toBe('1500000.0000');
    expect(formatDecimal('12.500000')).toBe('12.5000');
    expect(formatDecimal('0.123456')).toBe('0.123456');
  });
});

describe('FX', () => {
  const rates = new RateTable([{ currency: 'USD', year: 2021, cnyPerUnit: '6.4515' }]);

  it('finds a held rate, 1 for CNY, null when none is held', () => {
    expect(rates.cnyPerUnit('USD', 2021)).toBe('6.4515');
    expect(rates.cnyPerUnit('CNY', 1999)).toBe('1');
    expect(rates.cnyPerUnit('USD', 2022)).toBeNull();
  });

  it('takes the year of the earliest actual date, else the earliest listing year, else this year', () => {
    expect(totalInvestmentRateYear({ signedOn: '2022-03-01', startedOn: '2021-12-31' }, [2020])).toBe(2021);
    expect(totalInvestmentRateYear({}, [2024, 2023])).toBe(2023);
    expect(totalInvestmentRateYear({}, [], new Date('2026-12-31T20:00:00Z'))).toBe(2027);
  });
});
