import { useTestApp } from '../helpers/app';
import { insertApproval, insertEvaluation, insertListing, insertProject } from '../helpers/fixtures';
import { errorCodes, gql } from '../helpers/graphql';

const INDICATORS = `listedCount newPlannedCount startedCount startRate underConstructionCount completedCount
  plannedInvestment completedInvestment investmentCompletionRate scheduleGapPp redCount yellowCount greenCount quickStartCount`;

const app = useTestApp({ demoData: false });

beforeAll(async () => {
  const knex = app.orm.em.getKnex();
  // Wujin: P1 listed at two levels, on track; P2 missed its planned start; P3 a reserve listing; P4 withdrawn.
  const p1 = await insertProject(knex, { externalId: 'P1', status: 'UNDER_CONSTRUCTION', startedOn: '2026-03-01', totalWan: '5000' });
  await insertListing(knex, p1, { year: 2026, level: 'PROVINCIAL_MAJOR', plannedWan: '1000', constructionType: 'NEW' });
  await insertListing(knex, p1, { year: 2026, level: 'DISTRICT_KEY', plannedWan: '400', constructionType: 'CONTINUING' });
  await insertEvaluation(knex, p1, { year: 2026, month: 3, ytdWan: '300' });
  await insertEvaluation(knex, p1, { year: 2026, month: 5, ytdWan: '500' });
  await insertApproval(knex, p1, 'LAND_CONTRACT', '2026-02-25');
  await insertApproval(knex, p1, 'CONSTRUCTION_PERMIT', '2026-03-01');
  const p2 = await insertProject(knex, { externalId: 'P2', totalWan: '3000' });
  await insertListing(knex, p2, { year: 2026, level: 'CITY_MAJOR', plannedWan: '1000', plannedStartOn: '2026-05-01' });
  const p3 = await insertProject(knex, { externalId: 'P3', totalWan: '3000' });
  await insertListing(knex, p3, { year: 2026, level: 'DISTRICT_KEY', category: 'RESERVE', plannedWan: '9999' });
  const p4 = await insertProject(knex, { externalId: 'P4', status: 'WITHDRAWN', totalWan: '99999' });
  await insertListing(knex, p4, { year: 2026, level: 'CITY_MAJOR', plannedWan: '500' });
  await insertEvaluation(knex, p4, { year: 2026, month: 6, ytdWan: '500' });
  // Jintan: Q1 resubmitted its June figure (revision 2 replaced 100 with 300): 12.5 points behind.
  const q1 = await insertProject(knex, { district: '320413', externalId: 'Q1', status: 'UNDER_CONSTRUCTION', startedOn: '2026-01-10' });
  await insertListing(knex, q1, { year: 2026, level: 'CITY_MAJOR', plannedWan: '800' });
  await insertEvaluation(knex, q1, { year: 2026, month: 6, ytdWan: '300', revision: 2 });
});

describe('District.indicators and cityIndicators', () => {
  it('computes every indicator exactly, month defaulting to the latest evaluated one', async () => {
    const { body } = await gql(
      app,
      `{ districts { code indicators(year: 2026) { year month timeProgress ${INDICATORS} } }
         cityIndicators(year: 2026) { month ${INDICATORS} } }`,
    );
    expect(body.errors).toBeUndefined();
    const [xinbei, wujin, jintan] = body.data!.districts.map((d: any) => d.indicators);
    expect(wujin).toEqual({
      year: 2026, month: 6, timeProgress: 0.5,
      listedCount: 3, newPlannedCount: 2, startedCount: 1, startRate: 0.5, underConstructionCount: 1, completedCount: 0,
      plannedInvestment: '2000.0000', completedInvestment: '500.0000', investmentCompletionRate: 0.25, scheduleGapPp: -25,
      redCount: 1, yellowCount: 0, greenCount: 1, quickStartCount: 1,
    });
    expect(jintan).toMatchObject({
      listedCount: 1, newPlannedCount: 1, startedCount: 1, startRate: 1, plannedInvestment: '800.0000', completedInvestment: '300.0000',
      investmentCompletionRate: 0.375, scheduleGapPp: -12.5, redCount: 0, yellowCount: 1, greenCount: 0, quickStartCount: 0,
    });
    expect(xinbei).toMatchObject({
      listedCount: 0, startRate: null, plannedInvestment: '0.0000', investmentCompletionRate: null, scheduleGapPp: null,
    });
    expect(body.data!.cityIndicators).toMatchObject({
      month: 6, listedCount: 4, newPlannedCount: 3, startedCount: 2, plannedInvestment: '2800.0000', completedInvestment: '800.0000',
      redCount: 1, yellowCount: 1, greenCount: 1, quickStartCount: 1,
    });
    expect(body.data!.cityIndicators.investmentCompletionRate).toBeCloseTo(800 / 2800, 12);
  });

  it('lets the listing at `level` stand: P1 counts with its district-key plan', async () => {
    const { body } = await gql(app, `{ district(code: "320412") { indicators(year: 2026, month: 6, level: DISTRICT_KEY) { ${INDICATORS} } } }`);
    expect(body.data!.district.indicators).toMatchObject({
      listedCount: 2, newPlannedCount: 0, startRate: null, plannedInvestment: '400.0000', completedInvestment: '500.0000',
      investmentCompletionRate: 1.25, greenCount: 1, redCount: 0,
    });
  });

  it('carries the latest month forward and defaults to 12 for a year with no evaluation', async () => {
    const may = await gql(app, '{ district(code: "320412") { indicators(year: 2026, month: 4) { completedInvestment } } }');
    expect(may.body.data!.district.indicators.completedInvestment).toBe('300.0000');
    const empty = await gql(app, '{ cityIndicators(year: 2025) { month listedCount } }');
    expect(empty.body.data!.cityIndicators).toEqual({ month: 12, listedCount: 0 });
  });

  it('gives each project the same colour as the counts do', async () => {
    const { body } = await gql(app, '{ projects(first: 10) { edges { node { externalId ragStatus(year: 2026, month: 6) } } } }');
    expect(body.data!.projects.edges.map((e: any) => [e.node.externalId, e.node.ragStatus])).toEqual([
      ['P1', 'GREEN'],
      ['P2', 'RED'],
      ['P3', null],
      ['P4', null],
      ['Q1', 'YELLOW'],
    ]);
  });
});

describe('rankings', () => {
  const rankingOf = async (indicator: string) => {
    const { body } = await gql(app, `{ districtRanking(indicator: ${indicator}, year: 2026, month: 6) { rank value district { code } } }`);
    return body.data!.districtRanking.map((r: any) => [r.district.code, r.rank, r.value]);
  };

  it('shares ranks on ties (1, 1, 3) and lists equals by district code', async () => {
    expect(await rankingOf('STARTED_COUNT')).toEqual([
      ['320412', 1, 1],
      ['320413', 1, 1],
      ['320411', 3, 0],
    ]);
  });

  it('puts null values last with rank null', async () => {
    expect(await rankingOf('INVESTMENT_COMPLETION_RATE')).toEqual([
      ['320413', 1, 0.375],
      ['320412', 2, 0.25],
      ['320411', null, null],
    ]);
  });

  it('ranks RED_COUNT lower-is-better', async () => {
    expect(await rankingOf('RED_COUNT')).toEqual([
      ['320411', 1, 0],
      ['320413', 1, 0],
      ['320412', 3, 1],
    ]);
  });

  it('ranks projects, leaves WITHDRAWN out and cuts strictly at top', async () => {
    const ranking = async (indicator: string, top = 10) => {
      const { body } = await gql(app, `{ projectRanking(indicator: ${indicator}, year: 2026, month: 6, top: ${top}) { rank value project { externalId } } }`);
      expect(body.errors).toBeUndefined();
      return body.data!.projectRanking.map((r: any) => [r.project.externalId, r.rank, r.value]);
    };
    expect(await ranking('COMPLETED_INVESTMENT')).toEqual([
      ['P1', 1, 500],
      ['Q1', 2, 300],
      ['P2', 3, 0],
      ['P3', 3, 0],
    ]);
    expect(await ranking('COMPLETED_INVESTMENT', 3)).toEqual([
      ['P1', 1, 500],
      ['Q1', 2, 300],
      ['P2', 3, 0],
    ]);
    expect(await ranking('INVESTMENT_COMPLETION_RATE')).toEqual([
      ['P1', 1, 0.5],
      ['Q1', 2, 0.375],
      ['P2', 3, 0],
      ['P3', null, null],
    ]);
    expect(await ranking('LAND_TO_START_DAYS')).toEqual([
      ['P1', 1, 4],
      ['P2', null, null],
      ['P3', null, null],
      ['Q1', null, null],
    ]);
  });

  it('ranks projects within a filter, the level picking the standing listing', async () => {
    const { body } = await gql(
      app,
      '{ projectRanking(indicator: INVESTMENT_COMPLETION_RATE, year: 2026, month: 6, filter: { districts: ["320412"], level: DISTRICT_KEY }) { rank value project { externalId } } }',
    );
    expect(body.data!.projectRanking.map((r: any) => [r.project.externalId, r.rank, r.value])).toEqual([
      ['P1', 1, 1.25],
      ['P3', null, null],
    ]);
  });
});

describe('bad input', () => {
  it.each([
    ['{ cityIndicators(year: 2026, month: 0) { month } }', 'month', /month must be a month from 1 to 12 \(got 0\)/],
    ['{ cityIndicators(year: 2026, month: 13) { month } }', 'month', /from 1 to 12/],
    ['{ cityIndicators(year: 1999) { month } }', 'year', /year must be a year from 2000 to 2100 \(got 1999\)/],
    ['{ districtRanking(indicator: RED_COUNT, year: 2101) { rank } }', 'year', /2000 to 2100/],
    ['{ projectRanking(indicator: TOTAL_INVESTMENT, year: 2026, top: 0) { rank } }', 'top', /top must be a number of entries from 1 to 100/],
    ['{ projectRanking(indicator: TOTAL_INVESTMENT, year: 2026, top: 500) { rank } }', 'top', /from 1 to 100 \(got 500\)/],
    ['{ districts { indicators(year: 2026, month: 13) { month } } }', 'month', /from 1 to 12/],
  ])('%s → BAD_USER_INPUT on %s', async (query, argument, message) => {
    const response = await gql(app, query);
    expect(errorCodes(response)).toContain('BAD_USER_INPUT');
    expect(response.body.errors![0]!.extensions!.argument).toBe(argument);
    expect(response.body.errors![0]!.message).toMatch(message);
  });
});
