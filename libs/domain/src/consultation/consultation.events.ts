/**
 * Events of the consultation stream (`consultation-<consultationId>`): 定期的な協議 (第5条) and
 * extraordinary ones — scheduled, then held (with attendees, minutes and outcomes), postponed or
 * cancelled with a reason. Outcomes may cite events already in the ledger; later events (a cost-share
 * decision) cite the consultation back.
 */
import type { LegalDate } from '@kyoyaku/legal-text';
import type { Party } from '../agreement/agreement.types';
import type { DomainEvent, StoredEventLike } from '../shared/domain-event';

export const CONSULTATION_KINDS = ['periodic', 'extraordinary'] as const;
/** 定期 (第5条の定期的な協議) / 臨時. */
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number];
export const CONSULTATION_KIND_NAMES: Readonly<Record<ConsultationKind, string>> = {
  periodic: '定期協議',
  extraordinary: '臨時協議',
};

export const CONSULTATION_STATUSES = ['scheduled', 'held', 'postponed', 'cancelled'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];
export const CONSULTATION_STATUS_NAMES: Readonly<Record<ConsultationStatus, string>> = {
  scheduled: '開催予定',
  held: '開催済',
  postponed: '延期',
  cancelled: '中止',
};

export const OUTCOME_KINDS = ['cost-share-decision', 'amendment', 'doubt-resolution', 'other'] as const;
/** What an outcome decided: a cost share, an amendment to start, a doubt's resolution, or anything else. */
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
export const OUTCOME_KIND_NAMES: Readonly<Record<OutcomeKind, string>> = {
  'cost-share-decision': '費用分担',
  amendment: '協約の変更',
  'doubt-resolution': '疑義の解決',
  other: 'その他',
};

export interface ConsultationAttendee {
  municipalityCode: string;
  municipalityName: string;
  /** 職名: 青森市企画部長 … */
  title: string;
  /** 氏名, when the minutes give it. */
  name?: string;
}

/** An event of the ledger an outcome cites, as the ledger had recorded it. */
export interface CitedEvent {
  streamId: string;
  eventId: string;
  type: string;
  /** Global position, digits. */
  position: string;
}

export interface ConsultationOutcome {
  kind: OutcomeKind;
  /** One sentence: what was agreed (「令和2年度の費用分担を了承した」). */
  summary: string;
  cites?: CitedEvent;
}

/** First event of the stream. */
export type ConsultationScheduled = DomainEvent<
  'ConsultationScheduled',
  {
    consultationId: string;
    regionId: string;
    kind: ConsultationKind;
    scheduledOn: LegalDate;
    /** The core city first, then partners by code. */
    participants: Party[];
    agenda: string[];
  }
>;

/** 開催: recorded once, with the minutes (議事録) and what was decided. */
export type ConsultationHeld = DomainEvent<
  'ConsultationHeld',
  {
    consultationId: string;
    heldOn: LegalDate;
    attendees: ConsultationAttendee[];
    /** The agenda as actually taken up. */
    agenda: string[];
    minutes: string;
    outcomes: ConsultationOutcome[];
  }
>;

/** 延期, to a new date or to a date not yet fixed. */
export type ConsultationPostponed = DomainEvent<
  'ConsultationPostponed',
  { consultationId: string; postponedOn: LegalDate; from: LegalDate; to?: LegalDate; reason: string }
>;

/** 中止. Terminal. */
export type ConsultationCancelled = DomainEvent<
  'ConsultationCancelled',
  { consultationId: string; cancelledOn: LegalDate; reason: string }
>;

export type ConsultationEvent =
  ConsultationScheduled | ConsultationHeld | ConsultationPostponed | ConsultationCancelled;
export type ConsultationEventType = ConsultationEvent['type'];

export const CONSULTATION_EVENT_TYPES: readonly ConsultationEventType[] = [
  'ConsultationScheduled',
  'ConsultationHeld',
  'ConsultationPostponed',
  'ConsultationCancelled',
];
export const CONSULTATION_EVENT_SCHEMA_VERSION = 1;

export function isConsultationEventType(type: string): type is ConsultationEventType {
  return (CONSULTATION_EVENT_TYPES as readonly string[]).includes(type);
}

/** Upcasting point for stored consultation events (only schemaVersion 1 so far). */
export function toConsultationEvent(stored: StoredEventLike): ConsultationEvent {
  if (!isConsultationEventType(stored.type)) {
    throw new RangeError(`consultation stream: unknown event type ${stored.type}`);
  }
  if (stored.schemaVersion !== CONSULTATION_EVENT_SCHEMA_VERSION) {
    throw new RangeError(
      `consultation stream: ${stored.type} schemaVersion ${stored.schemaVersion} is not supported`,
    );
  }
  return { type: stored.type, schemaVersion: stored.schemaVersion, data: stored.data } as ConsultationEvent;
}

export const CONSULTATION_STREAM_PREFIX = 'consultation-';

export function consultationStreamId(consultationId: string): string {
  return `${CONSULTATION_STREAM_PREFIX}${consultationId}`;
}
