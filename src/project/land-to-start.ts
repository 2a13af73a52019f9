import { ApprovalKind } from '../approval/approval.enums';

const DAY_MS = 24 * 60 * 60 * 1000;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** CONSTRUCTION_PERMIT.issuedOn − LAND_CONTRACT.issuedOn in days; null if either approval is missing. */
export function landToStartDays(approvals: readonly { kind: ApprovalKind; issuedOn: string }[]): number | null {
  const land = approvals.find((a) => a.kind === ApprovalKind.LAND_CONTRACT);
  const permit = approvals.find((a) => a.kind === ApprovalKind.CONSTRUCTION_PERMIT);
  return land && permit ? daysBetween(land.issuedOn, permit.issuedOn) : null;
}
