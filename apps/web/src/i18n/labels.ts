/** The message keys of values the API sends as codes. */
import type { ProceedingKind } from '../api/api-types';
import type { MessageKey } from './messages';

export const PROCEEDING_KIND: Record<ProceedingKind, MessageKey> = {
  conclusion: 'proceeding.kind.conclusion',
  amendment: 'proceeding.kind.amendment',
  abolition: 'proceeding.kind.abolition',
};

/** The event types an agreement's history shows (its own and its region's 勧告), by their Japanese names. */
export const EVENT_TYPE = {
  AgreementOpened: 'event.AgreementOpened',
  ProceedingOpened: 'event.ProceedingOpened',
  DraftRecorded: 'event.DraftRecorded',
  CouncilResolutionRecorded: 'event.CouncilResolutionRecorded',
  ProceedingConcluded: 'event.ProceedingConcluded',
  PublicNoticeRecorded: 'event.PublicNoticeRecorded',
  GovernorNotificationRecorded: 'event.GovernorNotificationRecorded',
  ProceedingCompleted: 'event.ProceedingCompleted',
  ProceedingWithdrawn: 'event.ProceedingWithdrawn',
  RecordCorrected: 'event.RecordCorrected',
  RegionDeclared: 'event.RegionDeclared',
  VisionAdopted: 'event.VisionAdopted',
  RecommendationRecorded: 'event.RecommendationRecorded',
  // Cited by a consultation's outcome.
  CostShareDecided: 'event.CostShareDecided',
  CostShareRevised: 'event.CostShareRevised',
  DoubtRaised: 'event.DoubtRaised',
} as const satisfies Record<string, MessageKey>;

export type ShownEventType = keyof typeof EVENT_TYPE;

/** The name of an event type; an unknown one (a newer server) is 「その他の記録」. */
export function eventTypeKey(type: string): MessageKey {
  return type in EVENT_TYPE ? EVENT_TYPE[type as ShownEventType] : 'event.other';
}
