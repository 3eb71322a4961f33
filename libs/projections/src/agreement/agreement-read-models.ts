import type {
  AgreementEvent,
  AgreementHistory,
  AgreementStatus,
  AgreementVersion,
  AgreementAbolition,
  MissingStep,
  Party,
  ProceedingState,
} from '@kyoyaku/domain';
import type { Actor } from '@kyoyaku/event-store';

/**
 * The documents the agreement projection writes. All JSON: global positions (bigint in the store)
 * are decimal strings here.
 */
export const COLLECTIONS = {
  /** The agreement's events with their envelope fields: the input of every replay-based read. */
  streams: 'agreement-streams',
  summaries: 'agreements',
  histories: 'agreement-histories',
  proceedings: (agreementId: string) => `proceedings:${agreementId}`,
  timeline: (agreementId: string) => `timeline:${agreementId}`,
  measureHistory: (agreementId: string) => `measure-history:${agreementId}`,
  regions: 'regions',
} as const;

export interface StoredAgreementEvent {
  position: string;
  revision: number;
  recordedAt: string;
  eventId: string;
  event: AgreementEvent;
  /** Its metadata says the fact is invented (the shipped demo's). */
  illustrative?: true;
}

export interface AgreementStreamDoc {
  events: StoredAgreementEvent[];
}

export interface OpenProceedingSummary {
  proceedingId: string;
  kind: ProceedingState['kind'];
  openedOn: string;
  /** Concluded but 告示 or 届出 still missing, or still negotiating. */
  status: ProceedingState['status'];
  missingSteps: MissingStep[];
}

export interface AgreementSummaryDoc {
  agreementId: string;
  regionId: string;
  /** 題名 of the latest version (or of the current draft while negotiating). */
  title: string;
  coreCity: Party;
  partner: Party;
  status: AgreementStatus;
  /** Latest version in conclusion order (現行), null before the first conclusion. */
  latestVersion: number | null;
  /** Proceedings not yet complete (negotiating, or concluded with notices/notification missing). */
  openProceedings: OpenProceedingSummary[];
  /** Stream revision: the ETag. */
  revision: number;
  lastPosition: string;
  /** Some of its events record invented facts (the shipped demo); absent otherwise. */
  illustrative?: true;
}

export type VersionDoc = Omit<AgreementVersion, 'recordedAtPosition'> & {
  recordedAtPosition?: string;
  /** An event of the proceeding that made it records invented facts; absent otherwise. */
  illustrative?: true;
};
export type AbolitionDoc = Omit<AgreementAbolition, 'recordedAtPosition'> & { recordedAtPosition?: string };
export type HistoryDoc = Omit<AgreementHistory, 'versions' | 'abolition'> & {
  versions: VersionDoc[];
  abolition?: AbolitionDoc;
};

export type ProceedingDoc = ProceedingState & {
  agreementId: string;
  missingSteps: MissingStep[];
  /** One of its events records invented facts; absent otherwise. */
  illustrative?: true;
};

export interface TimelineEntryDoc {
  position: string;
  revision: number;
  eventId: string;
  type: string;
  recordedAt: string;
  actor: Actor;
  /** One line in Japanese. */
  summary: string;
  proceedingId?: string;
  /** The event records invented facts; absent otherwise. */
  illustrative?: true;
}

export type MeasureChange = 'added' | 'revised' | 'roles-changed' | 'unchanged' | 'removed';

export interface MeasureHistoryEntry {
  versionNumber: number;
  effectiveFrom: string;
  change: MeasureChange;
  /** The measure as that version states it; absent when removed. */
  measure?: AgreementVersion['document']['measures'][number];
}

export interface MeasureHistoryDoc {
  agreementId: string;
  measureId: string;
  entries: MeasureHistoryEntry[];
}

export interface RegionDoc {
  regionId: string;
  name: string;
  coreCity: Party;
  declaredOn: string;
  visions: { title: string; adoptedOn: string }[];
  revision: number;
}

/** bigint positions → strings, so the history can be stored as JSON. */
export function toHistoryDoc(history: AgreementHistory): HistoryDoc {
  const { versions, abolition, ...rest } = history;
  return {
    ...rest,
    versions: versions.map(({ recordedAtPosition, ...v }) => ({
      ...v,
      ...(recordedAtPosition === undefined ? {} : { recordedAtPosition: recordedAtPosition.toString() }),
    })),
    ...(abolition === undefined
      ? {}
      : {
          abolition: (({ recordedAtPosition, ...a }) => ({
            ...a,
            ...(recordedAtPosition === undefined
              ? {}
              : { recordedAtPosition: recordedAtPosition.toString() }),
          }))(abolition),
        }),
  };
}

/** The inverse of toHistoryDoc, to hand a stored history to the domain's functions. */
export function fromHistoryDoc(doc: HistoryDoc): AgreementHistory {
  const { versions, abolition, ...rest } = doc;
  return {
    ...rest,
    versions: versions.map(({ recordedAtPosition, ...v }) => ({
      ...v,
      ...(recordedAtPosition === undefined ? {} : { recordedAtPosition: BigInt(recordedAtPosition) }),
    })),
    ...(abolition === undefined
      ? {}
      : {
          abolition: (({ recordedAtPosition, ...a }) => ({
            ...a,
            ...(recordedAtPosition === undefined ? {} : { recordedAtPosition: BigInt(recordedAtPosition) }),
          }))(abolition),
        }),
  };
}

/** Sort keys that order numerically as strings. */
export function padded(n: number | bigint | string): string {
  return n.toString().padStart(20, '0');
}
