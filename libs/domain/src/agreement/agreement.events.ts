/**
 * Events of the agreement stream (`agreement-<agreementId>`), DESIGN.md §2.1 and §4.
 * Every event has schemaVersion 1. Data are JSON: dates `YYYY-MM-DD`, ids strings, optional keys
 * omitted (never undefined).
 */
import type { AgreementDocument, LegalDate } from '@kyoyaku/legal-text';
import type { DomainEvent, StoredEventLike } from '../shared/domain-event';
import type {
  CouncilDecision,
  Correction,
  NotificationRecipient,
  Party,
  PartyRole,
  ProceedingDraft,
  ProceedingKind,
  Retroactivity,
  Signatories,
} from './agreement.types';

/** The agreement exists: 甲 (core city) and 乙 (partner) in a region. First event of the stream. */
export type AgreementOpened = DomainEvent<
  'AgreementOpened',
  { agreementId: string; regionId: string; coreCity: Party; partner: Party }
>;

/** A proceeding (締結・変更・廃止) starts. Always followed by its first DraftRecorded. */
export type ProceedingOpened = DomainEvent<
  'ProceedingOpened',
  { proceedingId: string; kind: ProceedingKind; openedOn: LegalDate }
>;

/** A draft (案) of the proceeding, numbered 1, 2, … within it; a later draft supersedes earlier ones. */
export type DraftRecorded = DomainEvent<
  'DraftRecorded',
  { proceedingId: string; draftNumber: number; draftedOn: LegalDate; draft: ProceedingDraft }
>;

/** 議会の議決 of one party's council on the draft `draftNumber`. */
export type CouncilResolutionRecorded = DomainEvent<
  'CouncilResolutionRecorded',
  {
    proceedingId: string;
    party: PartyRole;
    municipalityCode: string;
    decision: CouncilDecision;
    resolvedOn: LegalDate;
    /** The draft the council resolved on (the current draft when it was recorded). */
    draftNumber: number;
    /** 議決番号 (議案第N号 / 議決第N号), when known. */
    resolutionNumber?: string;
  }
>;

interface ProceedingConcludedCommon {
  proceedingId: string;
  concludedOn: LegalDate;
  /** 施行日 of the new version, or of the abolition. */
  effectiveOn: LegalDate;
  signatories: Signatories;
  /** Present only when effectiveOn < concludedOn (遡及). */
  retroactive?: Retroactivity;
}

/**
 * 締結. For `conclusion` and `amendment` it carries the resulting text (`document`) and its 1-based
 * `versionNumber` (conclusion order); for an amendment the document is the previous version with the
 * concluded operations applied (applyAmendment), frozen here so replay never re-computes it.
 */
export type ProceedingConcluded = DomainEvent<
  'ProceedingConcluded',
  ProceedingConcludedCommon &
    (
      | { kind: 'conclusion' | 'amendment'; versionNumber: number; document: AgreementDocument }
      | { kind: 'abolition' }
    )
>;

/** 告示 by one party. */
export type PublicNoticeRecorded = DomainEvent<
  'PublicNoticeRecorded',
  {
    proceedingId: string;
    party: PartyRole;
    municipalityCode: string;
    /** 告示番号, e.g. 青森市告示第123号. */
    noticeNumber: string;
    publishedOn: LegalDate;
  }
>;

/** 届出 to 都道府県知事 (or 総務大臣). */
export type GovernorNotificationRecorded = DomainEvent<
  'GovernorNotificationRecorded',
  { proceedingId: string; recipient: NotificationRecipient; notifiedOn: LegalDate }
>;

/** Emitted together with the last of the two notices and the notification, after conclusion. */
export type ProceedingCompleted = DomainEvent<'ProceedingCompleted', { proceedingId: string }>;

/** A pending (not concluded) proceeding is withdrawn. Withdrawing the conclusion proceeding withdraws the agreement. */
export type ProceedingWithdrawn = DomainEvent<
  'ProceedingWithdrawn',
  { proceedingId: string; withdrawnOn: LegalDate; reason: string }
>;

/**
 * 誤記訂正: names the corrected event by its store eventId (opaque to the domain) and by its revision in
 * this stream (what the domain resolves); evolve replaces the field's value, the original event stays.
 */
export type RecordCorrected = DomainEvent<
  'RecordCorrected',
  {
    correctsEventId: string;
    correctsRevision: number;
    correctedEventType: CorrectableEventType;
    proceedingId: string;
    correction: Correction;
    reason: string;
  }
>;

export type CorrectableEventType =
  | 'CouncilResolutionRecorded'
  | 'ProceedingConcluded'
  | 'PublicNoticeRecorded'
  | 'GovernorNotificationRecorded';

export type AgreementEvent =
  | AgreementOpened
  | ProceedingOpened
  | DraftRecorded
  | CouncilResolutionRecorded
  | ProceedingConcluded
  | PublicNoticeRecorded
  | GovernorNotificationRecorded
  | ProceedingCompleted
  | ProceedingWithdrawn
  | RecordCorrected;

export type AgreementEventType = AgreementEvent['type'];

export const AGREEMENT_EVENT_TYPES: readonly AgreementEventType[] = [
  'AgreementOpened',
  'ProceedingOpened',
  'DraftRecorded',
  'CouncilResolutionRecorded',
  'ProceedingConcluded',
  'PublicNoticeRecorded',
  'GovernorNotificationRecorded',
  'ProceedingCompleted',
  'ProceedingWithdrawn',
  'RecordCorrected',
];

/** The current schemaVersion of every agreement event. */
export const AGREEMENT_EVENT_SCHEMA_VERSION = 1;

export function isAgreementEventType(type: string): type is AgreementEventType {
  return (AGREEMENT_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * Turns a stored event (type, schemaVersion, data) back into an AgreementEvent — the upcasting point
 * (DESIGN.md §4). Version 1 is the only shape so far; an unknown type or a newer schemaVersion throws a
 * RangeError (a programming or deployment error, not bad user input).
 */
export function toAgreementEvent(stored: StoredEventLike): AgreementEvent {
  if (!isAgreementEventType(stored.type)) {
    throw new RangeError(`agreement stream: unknown event type ${stored.type}`);
  }
  if (stored.schemaVersion !== AGREEMENT_EVENT_SCHEMA_VERSION) {
    throw new RangeError(
      `agreement stream: ${stored.type} schemaVersion ${stored.schemaVersion} is not supported`,
    );
  }
  return { type: stored.type, schemaVersion: stored.schemaVersion, data: stored.data } as AgreementEvent;
}

/** The stream an agreement's events live in. */
export function agreementStreamId(agreementId: string): string {
  return `agreement-${agreementId}`;
}
