import { DEMO_PROJECTS } from '../../seeds/demo/projects';
import { useTestApp } from '../helpers/app';
import { gql } from '../helpers/graphql';

const app = useTestApp({ demoData: true });

const PROJECT = `query($district: ID!, $externalId: String!) {
  project(district: $district, externalId: $externalId) {
    name park capacity status sourceRef startedOn
    totalInvestment { wanYuan original originalUnit currency qualifier }
    approvals { kind issuedOn } listings { year level } landToStartDays
  } }`;

it('loads every demo project once', async () => {
  const { body } = await gql(app, '{ projects(first: 1) { totalCount } }');
  expect(body.data!.projects.totalCount).toBe(DEMO_PROJECTS.length);
});

it('keeps the amounts as the articles wrote them, converting foreign money at the yearly rate', async () => {
  const byd = (await gql(app, PROJECT, { district: '320411', externalId: 'XB-2021-001' })).body.data!.project;
  expect(byd).toMatchObject({
    park: '罗溪镇',
    capacity: '年产40万辆新能源整车及核心零部件',
    totalInvestment: { wanYuan: '1000000.0000', original: '100.0000', originalUnit: 'YI', currency: 'CNY', qualifier: 'EXACT' },
  });
  expect(byd.sourceRef).toContain('003_549eecf6e2b3ac47');
  // 9000万美元, started in 2021: converted at the 2021 average of 6.4515 CNY per USD.
  const ausheng = (await gql(app, PROJECT, { district: '320411', externalId: 'XB-2021-002' })).body.data!.project;
  expect(ausheng.totalInvestment).toEqual({ wanYuan: '58063.5000', original: '9000.0000', originalUnit: 'WAN', currency: 'USD', qualifier: 'EXACT' });
});

it("records 蜂巢能源四期's land contract and permit ten days apart, and no amount where an article gives none", async () => {
  const hive = (await gql(app, PROJECT, { district: '320413', externalId: 'JT-2023-001' })).body.data!.project;
  expect(hive.totalInvestment.wanYuan).toBe('1500000.0000');
  expect(hive.approvals).toEqual([
    { kind: 'LAND_CONTRACT', issuedOn: '2022-09-09' },
    { kind: 'CONSTRUCTION_PERMIT', issuedOn: '2022-09-19' },
  ]);
  expect(hive.landToStartDays).toBe(10);
  expect(hive.listings).toEqual([{ year: 2023, level: 'PROVINCIAL_MAJOR' }]);
  const liAuto = (await gql(app, PROJECT, { district: '320412', externalId: 'WJ-2024-004' })).body.data!.project;
  expect(liAuto.name).toBe('理想汽车常州基地');
  expect(liAuto.totalInvestment).toBeNull();
});

it('shows the 2026 demo dashboard all three colours', async () => {
  const { body } = await gql(app, '{ cityIndicators(year: 2026, month: 10) { listedCount redCount yellowCount greenCount quickStartCount } }');
  const city = body.data!.cityIndicators;
  expect(city.listedCount).toBe(15);
  expect(city.redCount).toBeGreaterThan(0);
  expect(city.yellowCount).toBeGreaterThan(0);
  expect(city.greenCount).toBeGreaterThan(0);
  expect(city.quickStartCount).toBe(3);
});
