import type { CurrencyRateSeed } from '../seed.types';

/**
 * Yearly average rates, CNY per one unit, that convert non-CNY money (api-contract.md, "Numbers and money").
 *
 * USD 2019–2025: 国家统计局《中华人民共和国国民经济和社会发展统计公报》, "全年人民币平均汇率为1美元兑X元人民币".
 * EUR 2019–2025: the 中国人民银行/国家外汇管理局 annual average central parity could not be found with the search tool;
 *   the European Central Bank's published annual average of its CNY reference rate is used instead, from memory.
 * 2026 (the current year): the monthly averages of 2026 could not be found; a rough figure from the few daily CFETS
 *   central-parity fixings found stands in, with two significant decimals at most.
 * Every record says in `source` whether the figure was confirmed, and how.
 */
export const CURRENCY_RATES: CurrencyRateSeed[] = [
  {
    currency: 'USD', year: 2019, cnyPerUnit: '6.8985',
    source: '国家统计局《2019年国民经济和社会发展统计公报》全年人民币平均汇率1美元兑6.8985元; seen only in a third-party copy (waihuizhishiwang.com), not the primary text',
  },
  {
    currency: 'USD', year: 2020, cnyPerUnit: '6.8974',
    source: '国家统计局《2020年国民经济和社会发展统计公报》全年人民币平均汇率1美元兑6.8974元; seen only in a third-party copy (waihuizhishiwang.com), not the primary text',
  },
  {
    currency: 'USD', year: 2021, cnyPerUnit: '6.4515',
    source: '国家统计局《2021年国民经济和社会发展统计公报》全年人民币平均汇率1美元兑6.4515元; unverified (not found with the search tool)',
  },
  {
    currency: 'USD', year: 2022, cnyPerUnit: '6.7261',
    source: '国家统计局《2022年国民经济和社会发展统计公报》全年人民币平均汇率1美元兑6.7261元; matches the SAFE annual average central parity quoted by laitimes.com',
  },
  {
    currency: 'USD', year: 2023, cnyPerUnit: '7.0467',
    source: '国家统计局《2023年国民经济和社会发展统计公报》全年人民币平均汇率1美元兑7.0467元; matches the SAFE annual average central parity quoted by laitimes.com',
  },
  {
    currency: 'USD', year: 2024, cnyPerUnit: '7.1217',
    source: '国家统计局《2024年国民经济和社会发展统计公报》全年人民币平均汇率1美元兑7.1217元; unverified (not found with the search tool; consistent with the 2025 公报 "贬值0.3%")',
  },
  {
    currency: 'USD', year: 2025, cnyPerUnit: '7.1429',
    source: '国家统计局《2025年国民经济和社会发展统计公报》(2026-02-28) 全年人民币平均汇率1美元兑7.1429元, as reported by 中央社 2026-02-28',
  },
  {
    currency: 'USD', year: 2026, cnyPerUnit: '7.00',
    source:
      'unverified placeholder for the 2026 average to date: the published monthly averages were not found; 7.00 rounds the CFETS ' +
      'central parity of 2026-01-08 (7.0197), 2026-01-26 (6.9843) and 2026-01-27 (6.9858); replace with the mean of the published monthly averages',
  },
  {
    currency: 'EUR', year: 2019, cnyPerUnit: '7.7355',
    source: 'ECB euro reference rate for CNY, 2019 annual average (the PBOC/SAFE EUR central parity average was not found); from memory, unverified',
  },
  {
    currency: 'EUR', year: 2020, cnyPerUnit: '7.8747',
    source: 'ECB euro reference rate for CNY, 2020 annual average (the PBOC/SAFE EUR central parity average was not found); from memory, unverified',
  },
  {
    currency: 'EUR', year: 2021, cnyPerUnit: '7.6282',
    source: 'ECB euro reference rate for CNY, 2021 annual average (the PBOC/SAFE EUR central parity average was not found); from memory, unverified',
  },
  {
    currency: 'EUR', year: 2022, cnyPerUnit: '7.0788',
    source: 'ECB euro reference rate for CNY, 2022 annual average (the PBOC/SAFE EUR central parity average was not found); from memory, unverified',
  },
  {
    currency: 'EUR', year: 2023, cnyPerUnit: '7.6600',
    source: 'ECB euro reference rate for CNY, 2023 annual average (the PBOC/SAFE EUR central parity average was not found); from memory, unverified',
  },
  {
    currency: 'EUR', year: 2024, cnyPerUnit: '7.7875',
    source: 'ECB euro reference rate for CNY, 2024 annual average (the PBOC/SAFE EUR central parity average was not found); from memory, unverified',
  },
  {
    currency: 'EUR', year: 2025, cnyPerUnit: '8.1',
    source:
      'unverified estimate of the 2025 annual average (no published figure found): CFETS EUR central parity ran from 7.5322 ' +
      '(2025-02-25) to 8.3129 (2025-09-01); replace with the PBOC/SAFE annual average central parity',
  },
  {
    currency: 'EUR', year: 2026, cnyPerUnit: '8.3',
    source:
      'unverified placeholder for the 2026 average to date: only one 2026 CFETS EUR central parity was found (8.2755 on 2026-01-27); ' +
      'replace with the mean of the published monthly averages',
  },
];
