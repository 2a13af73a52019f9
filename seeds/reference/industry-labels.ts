import type { DistrictCode, IndustryLabelSeed } from '../seed.types';

function scheme(districtCode: DistrictCode, name: string, labels: [label: string, industryCode: string][]): IndustryLabelSeed[] {
  return labels.map(([label, industryCode]) => ({ districtCode, scheme: name, label, industryCode }));
}

/** Each district's own industry labels, each mapped onto one node of the city taxonomy (domain.md (e)). */
export const INDUSTRY_LABELS: IndustryLabelSeed[] = [
  // WJ-95X: article 000 (95X clusters and future industries) and wjyanghu.com 2023-05-08; 武进国家高新区 "4+2+1" adds 电子信息, 节能环保, 新型交通.
  ...scheme('320412', 'WJ-95X', [
    ['机器人', 'EQP.ROBOT'],
    ['智电汽车', 'NEV'],
    ['新能源汽车', 'NEV'],
    ['集成电路', 'IC'],
    ['石墨烯', 'MAT.CARBON'],
    ['医疗健康', 'BIO'],
    ['高端装备', 'EQP.HIGHEND'],
    ['新能源', 'NE'],
    ['新材料', 'MAT'],
    ['氢能', 'NE.H2'],
    ['新型储能', 'NE.ESS'],
    ['合成生物', 'BIO.SYN'],
    ['低空经济', 'LAE'],
    ['人工智能', 'ICT.AI'],
    ['数字经济', 'ICT.SW'],
    ['电子信息', 'ICT'],
    ['节能环保', 'PUB.ECO'],
    // Inferred: 智电汽车 is the zone's separate "2" label, so 新型交通 is taken as rail transit equipment.
    ['新型交通', 'EQP.RAIL'],
  ]),
  // JT-5NEW: article 002 ("五新产业"; 5 of 7 省重大 are 新能源) and jintan.gov.cn 2025-01-04; membership inferred, variants are our own.
  ...scheme('320413', 'JT-5NEW', [
    ['新能源', 'NE'],
    ['新能源汽车', 'NEV'],
    ['新一代信息技术', 'ICT'],
    ['新医药', 'BIO'],
    ['新材料', 'MAT'],
    ['动力电池', 'NE.BAT'],
    ['储能', 'NE.ESS'],
    ['光伏', 'NE.PV'],
  ]),
  // XB-6: 高新区 leading industries, kjj.changzhou.gov.cn 2023-02-14 and changzhou.gov.cn; the last three are inferred.
  ...scheme('320411', 'XB-6', [
    ['新能源汽车及汽车核心零部件', 'NEV'],
    ['新医药及医疗器械', 'BIO'],
    ['高端智能装备', 'EQP'],
    ['智慧能源', 'NE.GRID'],
    ['光伏', 'NE.PV'],
    ['新型碳材料', 'MAT.CARBON'],
  ]),
];
