/**
 * Events of the project stream (`project-<projectId>`): a 事業 under one 連携施策, and its cost shares
 * (費用分担, 第4条) per fiscal year — decided, revised (a new decision that supersedes the previous one;
 * both stay), and settled (決算, the actual cost, which may differ from the decision).
 *
 * The project is the aggregate of its cost shares: "one decision in force per fiscal year", "a revision
 * supersedes the decision in force" and "a settlement follows a decision" are rules across one
 * project's decisions, so they are decided on one stream with one expected revision.
 */
import type { LegalDate } from '@kyoyaku/legal-text';
import type { Party } from '../agreement/agreement.types';
import type { Allocation, CostShareBasis } from '../cost-share/cost-share.types';
import type { DomainEvent, StoredEventLike } from '../shared/domain-event';
import type { AgreementRef, MeasureRef } from './measure-eligibility';

/** A municipality taking part, with the agreements in force that allowed it (on the event's date). */
export interface ParticipantRecord extends Party {
  agreements: AgreementRef[];
}

/** An allocation as recorded in a decision: the amount and the agreements that allowed it. */
export type DecidedAllocation = Allocation & { agreements: AgreementRef[] };

export type ProjectRegistered = DomainEvent<
  'ProjectRegistered',
  {
    projectId: string;
    regionId: string;
    coreCity: Party;
    name: string;
    measure: MeasureRef;
    /** The core city first (when it takes part), then by code. */
    participants: ParticipantRecord[];
    description: string;
    registeredOn: LegalDate;
  }
>;

/** What a decision and a revision both carry. Exactly one of consultationId / reasonWithoutConsultation. */
export interface CostShareDecisionData {
  projectId: string;
  decisionId: string;
  fiscalYear: number;
  decidedOn: LegalDate;
  /** Whole yen, digits. */
  total: string;
  basis: CostShareBasis;
  /** Σ amount = total, in tie order (core city first, then by code). */
  allocations: DecidedAllocation[];
  /** The held consultation that decided it. */
  consultationId?: string;
  /** Why it was decided without a consultation (e.g. 書面による持ち回り協議). */
  reasonWithoutConsultation?: string;
}

/** 費用分担の決定 for one fiscal year. */
export type CostShareDecided = DomainEvent<'CostShareDecided', CostShareDecisionData>;

/** 費用分担の変更: a new decision superseding the one in force for the same fiscal year. */
export type CostShareRevised = DomainEvent<
  'CostShareRevised',
  CostShareDecisionData & { supersedes: string; reason: string }
>;

/** 決算: the actual cost of a fiscal year and its allocation, against the decision in force. */
export type CostShareSettled = DomainEvent<
  'CostShareSettled',
  {
    projectId: string;
    fiscalYear: number;
    settledOn: LegalDate;
    /** The decision in force that this settles. */
    decisionId: string;
    total: string;
    basis: CostShareBasis;
    /** True when the basis was taken from the decision (fixed amounts become ratio weights). */
    basisFromDecision: boolean;
    allocations: Allocation[];
    note?: string;
  }
>;

export type ProjectEvent = ProjectRegistered | CostShareDecided | CostShareRevised | CostShareSettled;
export type ProjectEventType = ProjectEvent['type'];

export const PROJECT_EVENT_TYPES: readonly ProjectEventType[] = [
  'ProjectRegistered',
  'CostShareDecided',
  'CostShareRevised',
  'CostShareSettled',
];
export const PROJECT_EVENT_SCHEMA_VERSION = 1;

export function isProjectEventType(type: string): type is ProjectEventType {
  return (PROJECT_EVENT_TYPES as readonly string[]).includes(type);
}

/** Upcasting point for stored project events (only schemaVersion 1 so far). */
export function toProjectEvent(stored: StoredEventLike): ProjectEvent {
  if (!isProjectEventType(stored.type))
    throw new RangeError(`project stream: unknown event type ${stored.type}`);
  if (stored.schemaVersion !== PROJECT_EVENT_SCHEMA_VERSION) {
    throw new RangeError(
      `project stream: ${stored.type} schemaVersion ${stored.schemaVersion} is not supported`,
    );
  }
  return { type: stored.type, schemaVersion: stored.schemaVersion, data: stored.data } as ProjectEvent;
}

export const PROJECT_STREAM_PREFIX = 'project-';

export function projectStreamId(projectId: string): string {
  return `${PROJECT_STREAM_PREFIX}${projectId}`;
}
