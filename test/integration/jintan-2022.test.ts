import { useTestApp } from '../helpers/app';
import { insertEvaluation, insertListing, insertProject } from '../helpers/fixtures';
import { gql } from '../helpers/graphql';

/**
 * Source 002 (金坛, early 2023): "2022年全区4个省重大项目开工建设，开工率100%，全年完成投资56.6亿元，
 * 完成年度计划的101.8%". Four provincial projects, all new and started in 2022, with annual plans of
 * 55.6亿元 together (56.6 ÷ 55.6 = 101.80%) and December YTD figures summing to 56.6亿元.
 */
const PROJECTS = [
  { externalId: 'JT-2022-P1', startedOn: '2022-03-18', planWan: '200000', ytdWan: '210000' },
  { externalId: 'JT-2022-P2', startedOn: '2022-05-06', planWan: '150000', ytdWan: '150000' },
  { externalId: 'JT-2022-P3', startedOn: '2022-06-30', planWan: '106000', ytdWan: '104500' },
  { externalId: 'JT-2022-P4', startedOn: '2022-09-19', planWan: '100000', ytdWan: '101500' },
];

const app = useTestApp({ demoData: false });

beforeAll(async () => {
  const knex = app.orm.em.getKnex();
  for (const project of PROJECTS) {
    const id = await insertProject(knex, {
      district: '320413',
      externalId: project.externalId,
      industry: 'NE.BAT',
      status: 'UNDER_CONSTRUCTION',
      startedOn: project.startedOn,
    });
    await insertListing(knex, id, { year: 2022, level: 'PROVINCIAL_MAJOR', constructionType: 'NEW', plannedWan: project.planWan });
    await insertEvaluation(knex, id, { year: 2022, month: 6, ytdWan: '1' });
    await insertEvaluation(knex, id, { year: 2022, month: 12, ytdWan: project.ytdWan });
  }
});

it("reproduces Jintan's published 2022 figures for its provincial major projects", async () => {
  const { body } = await gql(
    app,
    `{ district(code: "320413") { indicators(year: 2022, month: 12, level: PROVINCIAL_MAJOR) {
        newPlannedCount startedCount startRate completedInvestment plannedInvestment investmentCompletionRate } } }`,
  );
  const indicators = body.data!.district.indicators;
  expect(indicators).toMatchObject({
    newPlannedCount: 4,
    startedCount: 4,
    startRate: 1.0,
    completedInvestment: '566000.0000',
    plannedInvestment: '556000.0000',
  });
  expect(Math.round(indicators.investmentCompletionRate * 1000) / 10).toBe(101.8);
});
