import type { EntityManager } from '@mikro-orm/postgresql';
import { createApprovalsByProjectIdLoader } from './approval/approval.loaders';
import { createDistrictLoaders } from './district/district.loaders';
import { createEvaluationsByProjectIdLoader, createLatestEvaluationByProjectIdLoader } from './evaluation/evaluation.loaders';
import { createIndustryLoaders } from './industry/industry.loaders';
import { createDistrictProjectPagesLoader, createListingsByProjectIdLoader, createProjectByIdLoader } from './project/project.loaders';
import { createIndicatorLoaders } from './indicators/indicators.loaders';
import type { ServiceSettings } from './context';
import type { ReferenceCodes } from './common/reference';

/** One set of DataLoaders per request: they batch within the request and never share data across callers. */
export function createLoaders(em: EntityManager, reference: ReferenceCodes, settings: ServiceSettings) {
  return {
    ...createDistrictLoaders(em),
    ...createIndustryLoaders(em),
    districtProjectPages: createDistrictProjectPagesLoader(em, reference),
    projectById: createProjectByIdLoader(em),
    listingsByProjectId: createListingsByProjectIdLoader(em),
    approvalsByProjectId: createApprovalsByProjectIdLoader(em),
    evaluationsByProjectId: createEvaluationsByProjectIdLoader(em),
    latestEvaluationByProjectId: createLatestEvaluationByProjectIdLoader(em),
    indicators: createIndicatorLoaders(em, settings.ragThresholds),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
