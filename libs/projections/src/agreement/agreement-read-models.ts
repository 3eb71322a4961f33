import type {
  AgreementEvent,
  AgreementHistory,
  AgreementStatus,
  AgreementVersion,
  AgreementAbolition,
  AmendmentBase,
  MissingStep,
  NotificationState,
  Party,
  ProceedingState,
  Recommender,
} from '@kyoyaku/domain';
import type { Actor } from '@kyoyaku/event-store';
import type { ReadModelReader } from '../read-model';

/**
 * The documents the agreement projection writes. All JSON: global positions (bigint in the store)
 * are decimal strings here.
 */
export const COLLECTIONS = {
  /** The agreement's events with their envelope fields, one per stream revision (key = padded revision). */
  events: (agreementId: string) => `agreement-events:${agreementId}`,
  /** The agreement's fold every N events (agreement-fold.ts), key = padded count of events folded. */
  snapshots: (agreementId: string) => `agreement-snapshots:${agreementId}`,
  /** Per agreement: where each of its snapshots stands (SnapshotIndexDoc). */
  snapshotIndex: 'agreement-snapshot-index',
  summaries: 'agreements',
  /** The 沿革's head (HistoryHeadDoc); its versions are the documents of historyVersions. */
  histories: 'agreement-histories',
  /** Each version of the 沿革 in 施行日 order, key = padded index (readHistoryDoc puts them together). */
  historyVersions: (agreementId: string) => `agreement-history-versions:${agreementId}`,
  proceedings: (agreementId: string) => `proceedings:${agreementId}`,
  timeline: (agreementId: string) => `timeline:${agreementId}`,
  measureHistory: (agreementId: string) => `measure-history:${agreementId}`,
  regions: 'regions',
  /** A region's own events (宣言, ビジョン, 勧告) with their one-line summaries; key = padded position. */
  regionTimeline: (regionId: string) => `region-timeline:${regionId}`,
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
  /**
   * 現行: the last version in 施行日 order — the text once every concluded version has taken effect
   * (may be 未施行) — null before the first conclusion.
   */
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

/** A party's 届出 as the proceeding lists it, with its addressee's name (青森県知事, 総務大臣). */
export type NotificationDoc = NotificationState & { addresseeName: string };

export type ProceedingDoc = Omit<ProceedingState, 'notifications'> & {
  agreementId: string;
  notifications: { core?: NotificationDoc; partner?: NotificationDoc };
  missingSteps: MissingStep[];
  /** For an amendment: the text it is drafted against (agreement-timeline.ts, AmendmentBase). */
  base?: AmendmentBase;
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
  /**
   * The stream the event is in, when it is not the timeline's own: a 勧告 recorded on the region
   * shown in the history of the agreement it recommended (`revision` is then the region's).
   */
  streamId?: string;
  /** The event records invented facts; absent otherwise. */
  illustrative?: true;
}

export type MeasureChange = 'added' | 'revised' | 'roles-changed' | 'unchanged' | 'removed';

/** One version's change of a measure, against the version before it in 施行日 order. */
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

/** The 沿革 as stored: everything but its versions, and how many versions it has. */
export type HistoryHeadDoc = Omit<HistoryDoc, 'versions'> & { versionCount: number };

/** An agreement's 沿革 from its head and its version documents (null when it has none). */
export function readHistoryDoc(reader: ReadModelReader, agreementId: string): HistoryDoc | null {
  const head = reader.get<HistoryHeadDoc>(COLLECTIONS.histories, agreementId);
  return head === null ? null : withVersions(reader, head);
}

/** Every agreement's 沿革, in agreement order. */
export function readHistoryDocs(reader: ReadModelReader): HistoryDoc[] {
  return reader.all<HistoryHeadDoc>(COLLECTIONS.histories).map((d) => withVersions(reader, d.doc));
}

function withVersions(reader: ReadModelReader, head: HistoryHeadDoc): HistoryDoc {
  const { versionCount, ...rest } = head;
  const versions = reader.all<VersionDoc>(COLLECTIONS.historyVersions(head.agreementId)).map((d) => d.doc);
  if (versions.length !== versionCount) {
    throw new Error(`the 沿革 of ${head.agreementId} has ${versions.length} of its ${versionCount} versions`);
  }
  return { ...rest, versions };
}

/** A 勧告 (地方自治法 第252条の2第5項) as the region lists it, with the event that recorded it. */
export interface RecommendationDoc {
  recommender: Recommender;
  /** 青森県知事 / 総務大臣. */
  recommenderName: string;
  addressees: Party[];
  recommendedOn: string;
  documentNumber: string;
  content: string;
  eventId: string;
  /** Global position, digits. */
  position: string;
}

export interface RegionDoc {
  regionId: string;
  name: string;
  coreCity: Party;
  declaredOn: string;
  visions: { title: string; adoptedOn: string }[];
  /** 勧告 to conclude a 連携協約, in recording order. */
  recommendations: RecommendationDoc[];
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
    // A version doc's illustrative flag is the read model's, not the domain's 沿革.
    versions: versions.map(({ recordedAtPosition, illustrative: _illustrative, ...v }) => ({
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
