import type { DistrictCode } from '../seed.types';

/** The three districts of the API contract, by GB/T 2260 code. 武进国家高新区 is a zone inside 武进区 (320412). */
export const DISTRICTS: { code: DistrictCode; slug: string; name: string; nameEn: string }[] = [
  { code: '320411', slug: 'xinbei', name: '常州国家高新区（新北区）', nameEn: 'Changzhou National High-tech Zone (Xinbei)' },
  { code: '320412', slug: 'wujin', name: '武进区', nameEn: 'Wujin District' },
  { code: '320413', slug: 'jintan', name: '金坛区', nameEn: 'Jintan District' },
];
