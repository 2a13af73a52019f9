import { registerEnumType } from 'type-graphql';

export enum RagStatus {
  GREEN = 'GREEN',
  YELLOW = 'YELLOW',
  RED = 'RED',
}

registerEnumType(RagStatus, {
  name: 'RagStatus',
  description: 'Three-colour status (三色管理) of a project at a month.',
  valuesConfig: {
    GREEN: { description: '绿: on schedule (正常).' },
    YELLOW: { description: '黄: warning (预警): a milestone due within 30 days, or 10–30 points behind 序时进度.' },
    RED: { description: '红: overdue (逾期): a milestone missed, or more than 30 points behind 序时进度.' },
  },
});
