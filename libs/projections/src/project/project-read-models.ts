import type {
  Allocation,
  CostShareBasis,
  DecidedAllocation,
  MeasureRef,
  ParticipantRecord,
  Party,
} from '@kyoyaku/domain';
import type { LedgerEventRef } from '../compliance/event-ref';

export const PROJECT_COLLECTIONS = {
  /** Key: projectId. */
  projects: 'projects',
  /** Per region, key = sort key = projectId. */
  regionProjects: (regionId: string) => `region-projects:${regionId}`,
  /** Per project, key = decisionId, sorted by the position of the decision. */
  costShares: (projectId: string) => `cost-shares:${projectId}`,
  /** Per project, key = fiscal year. */
  settlements: (projectId: string) => `settlements:${projectId}`,
} as const;

/** A project (事業) as the register shows it. */
export interface ProjectView {
  projectId: string;
  regionId: string;
  coreCity: Party;
  name: string;
  measure: MeasureRef;
  participants: ParticipantRecord[];
  description: string;
  registeredOn: string;
  /** Fiscal years with a decision, ascending. */
  fiscalYears: number[];
  registration: LedgerEventRef;
  /** Stream revision: the ETag. */
  revision: number;
  lastPosition: string;
  /** Its registration or a later event records invented facts (the shipped demo); absent otherwise. */
  illustrative?: true;
}

/** A decision or a revision (費用分担の決定・変更), with where it stands now. */
export interface CostShareDecisionView {
  projectId: string;
  decisionId: string;
  fiscalYear: number;
  kind: 'decision' | 'revision';
  status: 'in-force' | 'superseded';
  decidedOn: string;
  total: string;
  basis: CostShareBasis;
  allocations: DecidedAllocation[];
  consultationId: string | null;
  reasonWithoutConsultation: string | null;
  /** For a revision: the decision it superseded and why. */
  supersedes: string | null;
  revisionReason: string | null;
  /** The revision that superseded this one, if any. */
  supersededBy: string | null;
  event: LedgerEventRef;
  /** The decision records invented facts (the shipped demo); absent otherwise. */
  illustrative?: true;
}

/** One municipality's decided and settled share of a year. */
export interface SettlementDifference {
  municipalityCode: string;
  name: string;
  decided: string;
  settled: string;
  /** settled − decided (negative when less was spent). */
  difference: string;
}

/** 決算 of a fiscal year, against the decision in force. */
export interface CostShareSettlementView {
  projectId: string;
  fiscalYear: number;
  settledOn: string;
  decisionId: string;
  total: string;
  decidedTotal: string;
  difference: string;
  basis: CostShareBasis;
  basisFromDecision: boolean;
  allocations: Allocation[];
  differences: SettlementDifference[];
  note: string | null;
  event: LedgerEventRef;
  /** The settlement records invented facts (the shipped demo); absent otherwise. */
  illustrative?: true;
}
