import { registerEnumType } from 'type-graphql';

export enum ApprovalKind {
  PROJECT_FILING = 'PROJECT_FILING',
  LAND_CONTRACT = 'LAND_CONTRACT',
  LAND_USE_PLANNING_PERMIT = 'LAND_USE_PLANNING_PERMIT',
  REAL_ESTATE_TITLE = 'REAL_ESTATE_TITLE',
  CONSTRUCTION_PLANNING_PERMIT = 'CONSTRUCTION_PLANNING_PERMIT',
  CONSTRUCTION_PERMIT = 'CONSTRUCTION_PERMIT',
  ENVIRONMENTAL_APPROVAL = 'ENVIRONMENTAL_APPROVAL',
  ENERGY_REVIEW = 'ENERGY_REVIEW',
  DISCHARGE_PERMIT = 'DISCHARGE_PERMIT',
  COMPLETION_ACCEPTANCE = 'COMPLETION_ACCEPTANCE',
}

registerEnumType(ApprovalKind, {
  name: 'ApprovalKind',
  description: 'A step of the approval procedures (审批手续) a project goes through.',
  valuesConfig: {
    PROJECT_FILING: { description: '立项: 审批 / 核准 / 备案 (approval, ratification or filing).' },
    LAND_CONTRACT: { description: '土地出让合同: land contract signed (拿地).' },
    LAND_USE_PLANNING_PERMIT: { description: '建设用地规划许可证: land-use planning permit.' },
    REAL_ESTATE_TITLE: { description: '不动产权证书: real-estate title certificate.' },
    CONSTRUCTION_PLANNING_PERMIT: { description: '建设工程规划许可证: construction-works planning permit.' },
    CONSTRUCTION_PERMIT: { description: '建筑工程施工许可证: construction permit; marks 开工.' },
    ENVIRONMENTAL_APPROVAL: { description: '环评批复: environmental impact approval.' },
    ENERGY_REVIEW: { description: '节能审查: energy-conservation review.' },
    DISCHARGE_PERMIT: { description: '排污许可证: pollutant discharge permit.' },
    COMPLETION_ACCEPTANCE: { description: '竣工验收: completion acceptance.' },
  },
});
