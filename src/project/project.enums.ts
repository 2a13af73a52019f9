import { registerEnumType } from 'type-graphql';

/** The lifecycle of domain.md (c); the main path runs RESERVE … AT_CAPACITY in this order. */
export enum ProjectStatus {
  RESERVE = 'RESERVE',
  SIGNED = 'SIGNED',
  LISTED = 'LISTED',
  PRE_CONSTRUCTION = 'PRE_CONSTRUCTION',
  UNDER_CONSTRUCTION = 'UNDER_CONSTRUCTION',
  COMPLETED = 'COMPLETED',
  IN_PRODUCTION = 'IN_PRODUCTION',
  AT_CAPACITY = 'AT_CAPACITY',
  SUSPENDED = 'SUSPENDED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum ProjectLevel {
  PROVINCIAL_MAJOR = 'PROVINCIAL_MAJOR',
  CITY_MAJOR = 'CITY_MAJOR',
  DISTRICT_KEY = 'DISTRICT_KEY',
}

/** Highest level first: the order in which a project's standing listing is chosen. */
export const LEVELS_HIGHEST_FIRST: readonly ProjectLevel[] = [
  ProjectLevel.PROVINCIAL_MAJOR,
  ProjectLevel.CITY_MAJOR,
  ProjectLevel.DISTRICT_KEY,
];

export enum ListingCategory {
  IMPLEMENTATION = 'IMPLEMENTATION',
  RESERVE = 'RESERVE',
}

export enum ConstructionType {
  NEW = 'NEW',
  CONTINUING = 'CONTINUING',
}

registerEnumType(ProjectStatus, {
  name: 'ProjectStatus',
  description: 'Where a project stands in its lifecycle (项目状态).',
  valuesConfig: {
    RESERVE: { description: '储备: identified or planned, not yet signed.' },
    SIGNED: { description: '签约: investment agreement signed (招商).' },
    LISTED: { description: '入库: admitted into a project library after joint review (联合会审).' },
    PRE_CONSTRUCTION: { description: '前期: approvals under way (手续办理): code, filing, land, permits.' },
    UNDER_CONSTRUCTION: { description: '开工 / 在建: construction started and under way.' },
    COMPLETED: { description: '竣工: construction completed or accepted (竣工验收).' },
    IN_PRODUCTION: { description: '投产: production started (incl. trial production 试生产).' },
    AT_CAPACITY: { description: '达产: reached design capacity (满产). Terminal.' },
    SUSPENDED: { description: '中止: on hold; returns only to the status it left, or to WITHDRAWN.' },
    WITHDRAWN: { description: '退库: withdrawn from the library. Terminal; the data is kept.' },
  },
});

registerEnumType(ProjectLevel, {
  name: 'ProjectLevel',
  description: 'The level of a project list (项目层级).',
  valuesConfig: {
    PROVINCIAL_MAJOR: { description: '省重大项目: on Jiangsu province\'s annual major-project list.' },
    CITY_MAJOR: { description: '市重大项目: in Changzhou\'s city major-project library.' },
    DISTRICT_KEY: { description: '区重点项目: a district key project.' },
  },
});

registerEnumType(ListingCategory, {
  name: 'ListingCategory',
  description: 'Category of a listing on an annual list.',
  valuesConfig: {
    IMPLEMENTATION: { description: '实施项目: to be built this year; counts in the investment indicators.' },
    RESERVE: { description: '储备项目: in the pipeline; does not count in sums.' },
  },
});

registerEnumType(ConstructionType, {
  name: 'ConstructionType',
  description: 'Whether construction starts in the listing year.',
  valuesConfig: {
    NEW: { description: '新建: construction is planned to start this year (counts for 开工率).' },
    CONTINUING: { description: '续建 (结转): carried over from an earlier year.' },
  },
});
