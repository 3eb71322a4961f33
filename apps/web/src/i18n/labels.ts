/** The message keys of values the API sends as codes. */
import type { NamedEventType } from '@kyoyaku/legal-text';
import type { ProceedingKind } from '../api/api-types';
import type { MessageKey } from './messages';

export const PROCEEDING_KIND: Record<ProceedingKind, MessageKey> = {
  conclusion: 'proceeding.kind.conclusion',
  amendment: 'proceeding.kind.amendment',
  abolition: 'proceeding.kind.abolition',
};

/**
 * The event types the web names: those of an agreement's history (its own and its region's 勧告) and
 * the records a consultation's outcome cites. Each one's Japanese name is legal-text's
 * EVENT_TYPE_NAMES (the refusals of the server use the same), its message key `event.<type>`.
 */
export const SHOWN_EVENT_TYPES = [
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
  'RegionDeclared',
  'VisionAdopted',
  'RecommendationRecorded',
  'CostShareDecided',
  'CostShareRevised',
  'DoubtRaised',
] as const satisfies readonly NamedEventType[];

export type ShownEventType = (typeof SHOWN_EVENT_TYPES)[number];

const SHOWN = new Set<string>(SHOWN_EVENT_TYPES);

export function isShownEventType(type: string): type is ShownEventType {
  return SHOWN.has(type);
}

/** The message key of an event type's name; one the web does not name (a newer server's) is 「その他の記録」. */
export function eventTypeKey(type: string): MessageKey {
  return isShownEventType(type) ? `event.${type}` : 'event.other';
}
