/** The message keys of values the API sends as codes. */
import type { ProceedingKind } from '../api/api-types';
import type { MessageKey } from './messages';

export const PROCEEDING_KIND: Record<ProceedingKind, MessageKey> = {
  conclusion: 'proceeding.kind.conclusion',
  amendment: 'proceeding.kind.amendment',
  abolition: 'proceeding.kind.abolition',
};
