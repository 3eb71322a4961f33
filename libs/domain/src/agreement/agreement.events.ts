/**
 * Events of the agreement stream (`agreement-<agreementId>`), DESIGN.md §2.1 and §4.
 * Each type has its schemaVersion (AGREEMENT_EVENT_SCHEMA_VERSION); older shapes are upcast when read
 * (toAgreementEvent). Data are JSON: dates `YYYY-MM-DD`, ids strings, optional keys omitted (never
 * undefined).
 */
import type { AgreementDocument, LegalDate } from '@kyoyaku/legal-text';
import type { DomainEvent, StoredEventLike } from '../shared/domain-event';
import type {
  CouncilDecision,
  Correction,
  NotificationAddressee,
  NotificationFiler,
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

/**
 * 届出 (地方自治法 第252条の2第2項), schemaVersion 2: filed by one party for itself, or by both in one
 * filing (連名), to the governor of the parties' prefecture (or to the 総務大臣 where a prefecture is a
 * party), with the filing's 文書番号. A version 1 届出 is read as one filed by both, without
 * 文書番号 (`recordedBeforeDocumentNumbers`): see upcastGovernorNotificationV1.
 */
export type GovernorNotificationRecorded = DomainEvent<
  'GovernorNotificationRecorded',
  {
    proceedingId: string;
    /** 甲, 乙, or both (連名), in that order. */
    filers: NotificationFiler[];
    addressee: NotificationAddressee;
    notifiedOn: LegalDate;
    /** 文書番号 of the filing, e.g. 青政第1234号; absent only in a 届出 recorded as version 1. */
    documentNumber?: string;
    /** Present (true) only in a 届出 recorded as version 1: one per proceeding, no party, no number. */
    recordedBeforeDocumentNumbers?: true;
  }
>;

/** Emitted together with the last of the notices and 届出 (each party's), after conclusion. */
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

/**
 * The schemaVersion each agreement event type is written with today. An event stored with an older
 * version is upcast to this shape when read (toAgreementEvent); its stored bytes never change.
 */
export const AGREEMENT_EVENT_SCHEMA_VERSION = {
  AgreementOpened: 1,
  ProceedingOpened: 1,
  DraftRecorded: 1,
  CouncilResolutionRecorded: 1,
  ProceedingConcluded: 1,
  PublicNoticeRecorded: 1,
  /** 2: per party or 連名, with the addressee's prefecture and the 文書番号 (1: one per proceeding). */
  GovernorNotificationRecorded: 2,
  ProceedingCompleted: 1,
  ProceedingWithdrawn: 1,
  RecordCorrected: 1,
} as const satisfies Readonly<Record<AgreementEventType, number>>;

export function isAgreementEventType(type: string): type is AgreementEventType {
  return (AGREEMENT_EVENT_TYPES as readonly string[]).includes(type);
}

/** A 届出 as version 1 stored it: one per proceeding, the kind of addressee, no party, no number. */
export interface GovernorNotificationV1Data {
  proceedingId: string;
  recipient: 'prefectural-governor' | 'minister-of-internal-affairs';
  notifiedOn: LegalDate;
}

/**
 * Version 1 → 2 of GovernorNotificationRecorded. Version 1 recorded one 届出 per proceeding and named
 * no party, so it is read as one filing by both parties (甲 and 乙, whose codes it did not record); it
 * is addressed as its `recipient` says — 都道府県知事 without naming the prefecture, or the 総務大臣 —
 * and has no 文書番号, which `recordedBeforeDocumentNumbers: true` says.
 */
export function upcastGovernorNotificationV1(
  data: GovernorNotificationV1Data,
): GovernorNotificationRecorded['data'] {
  return {
    proceedingId: data.proceedingId,
    filers: [{ party: 'core' }, { party: 'partner' }],
    addressee:
      data.recipient === 'minister-of-internal-affairs'
        ? { kind: 'minister-of-internal-affairs' }
        : { kind: 'prefectural-governor' },
    notifiedOn: data.notifiedOn,
    recordedBeforeDocumentNumbers: true,
  };
}

function unsupported(stored: StoredEventLike): RangeError {
  return new RangeError(
    `agreement stream: ${stored.type} schemaVersion ${stored.schemaVersion} is not supported`,
  );
}

/**
 * Turns a stored event (type, schemaVersion, data) back into an AgreementEvent in its current shape —
 * the one upcasting point (DESIGN.md §4): every reader of stored agreement events goes through it. An
 * event of an older schemaVersion is upcast (GovernorNotificationRecorded 1 → 2) and returned with the
 * current version; an unknown type, or a version newer than this code knows, throws a RangeError (a
 * programming or deployment error, not bad user input).
 */
export function toAgreementEvent(stored: StoredEventLike): AgreementEvent {
  if (!isAgreementEventType(stored.type)) {
    throw new RangeError(`agreement stream: unknown event type ${stored.type}`);
  }
  const current = AGREEMENT_EVENT_SCHEMA_VERSION[stored.type];
  if (stored.schemaVersion === current) {
    return { type: stored.type, schemaVersion: current, data: stored.data } as AgreementEvent;
  }
  if (stored.type === 'GovernorNotificationRecorded' && stored.schemaVersion === 1) {
    return {
      type: 'GovernorNotificationRecorded',
      schemaVersion: current,
      data: upcastGovernorNotificationV1(stored.data as GovernorNotificationV1Data),
    };
  }
  throw unsupported(stored);
}

/** The stream an agreement's events live in. */
export function agreementStreamId(agreementId: string): string {
  return `agreement-${agreementId}`;
}
