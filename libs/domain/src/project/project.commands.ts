import type { LegalDate } from '@kyoyaku/legal-text';
import type { ConsultationRecordFacts } from '../consultation/consultation.decider';
import type { CostShareBasis } from '../cost-share/cost-share.types';
import type { RegionRef } from '../region/region-members';
import type { Actor } from '../shared/actor';
import type { MeasureEligibility } from './measure-eligibility';

/** 事業の登録. Participants are municipality codes; names come from the eligibility facts. */
export interface RegisterProject {
  type: 'RegisterProject';
  actor: Actor;
  projectId: string;
  regionId: string;
  name: string;
  measureId: string;
  participants: string[];
  description: string;
  registeredOn: LegalDate;
  facts: {
    /** The region; null when it is not declared. */
    region: RegionRef | null;
    /** Who may take part under the measure on `registeredOn`. */
    eligibility: MeasureEligibility;
    /** Today in Japan: a project is registered once decided (registeredOn ≤ today). */
    today: LegalDate;
  };
}

interface CostShareDecisionInput {
  actor: Actor;
  projectId: string;
  /** The id of the new decision. */
  decisionId: string;
  decidedOn: LegalDate;
  /** Whole yen, digits. */
  total: string;
  basis: CostShareBasis;
  /** Codes of the municipalities sharing the cost; the project's participants when omitted. */
  participants?: string[];
  consultationId?: string;
  reasonWithoutConsultation?: string;
  facts: {
    /** Who may take part under the project's measure on `decidedOn`. */
    eligibility: MeasureEligibility;
    /** The cited consultation as the ledger holds it; null when none is cited or it does not exist. */
    consultation: ConsultationRecordFacts | null;
    /** Today in Japan: a decision is recorded once made (decidedOn ≤ today). */
    today: LegalDate;
  };
}

/** 費用分担の決定 for a fiscal year that has none in force. */
export interface DecideCostShare extends CostShareDecisionInput {
  type: 'DecideCostShare';
  fiscalYear: number;
}

/** 費用分担の変更: supersedes the decision in force (its fiscal year is kept). */
export interface ReviseCostShare extends CostShareDecisionInput {
  type: 'ReviseCostShare';
  supersedesDecisionId: string;
  reason: string;
}

/** 決算 of a fiscal year. */
export interface SettleCostShare {
  type: 'SettleCostShare';
  actor: Actor;
  projectId: string;
  fiscalYear: number;
  settledOn: LegalDate;
  /** Actual cost, whole yen. */
  total: string;
  /** The basis of the actual allocation; the decision's when omitted. */
  basis?: CostShareBasis;
  note?: string;
  facts: {
    /** Today in Japan: a 決算 is recorded once made (settledOn ≤ today). */
    today: LegalDate;
  };
}

export type ProjectCommand = RegisterProject | DecideCostShare | ReviseCostShare | SettleCostShare;
export type ProjectCommandType = ProjectCommand['type'];
