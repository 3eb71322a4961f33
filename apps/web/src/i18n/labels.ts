/** The message keys of values the API sends as codes. */
import { isNamedEventType } from '@kyoyaku/legal-text';
import type { ProceedingKind } from '../api/api-types';
import type { MessageKey } from './messages';

export const PROCEEDING_KIND: Record<ProceedingKind, MessageKey> = {
  conclusion: 'proceeding.kind.conclusion',
  amendment: 'proceeding.kind.amendment',
  abolition: 'proceeding.kind.abolition',
};

/**
 * The message key of an event type's name, `event.<type>`, for every record the ledger knows: the
 * Japanese is legal-text's EVENT_TYPE_NAMES (the refusals of the server use the same). One the web
 * does not know (a newer server's) is 「その他の記録」, never its code.
 */
export function eventTypeKey(type: string): MessageKey {
  return isNamedEventType(type) ? `event.${type}` : 'event.other';
}
