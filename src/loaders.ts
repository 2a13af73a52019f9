import type { EntityManager } from '@mikro-orm/postgresql';
import { createApprovalsByProjectIdLoader, createLandToStartDaysByProjectIdLoader } from './approval/approval.loaders';
import { createDistrictLoaders } from './district/district.loaders';
import { createEvaluationsByProjectIdLoader, createLatestEvaluationByProjectIdLoader } from './evaluation/evaluation.loaders';
import { createIndustryLoaders } from './industry/industry.loaders';
import { createDistrictProjectPagesLoader, createListingsByProjectIdLoader, createProjectByIdLoader } from './project/project.loaders';
import { createIndicatorLoaders } from './indicators/indicators.loaders';
import type { ReferenceCodes } from './common/reference';

/** One set of DataLoaders per request: they batch within the request and never share data across callers. */
export function createLoaders(em: EntityManager, reference: ReferenceCodes) {
  return {
    ...createDistrictLoaders(em),
    ...createIndustryLoaders(em),
    districtProjectPages: createDistrictProjectPagesLoader(em, reference),
    projectById: createProjectByIdLoader(em),
    listingsByProjectId: createListingsByProjectIdLoader(em),
    approvalsByProjectId: createApprovalsByProjectIdLoader(em),
    landToStartDaysByProjectId: createLandToStartDaysByProjectIdLoader(em),
    evaluationsByProjectId: createEvaluationsByProjectIdLoader(em),
    latestEvaluationByProjectId: createLatestEvaluationByProjectIdLoader(em),
    indicators: createIndicatorLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
