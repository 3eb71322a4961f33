/**
 * Events of the region stream (`region-<regionId>`): the 連携中枢都市圏 and its core city.
 * Members are not events of the region: they follow from the agreements (see region-members.ts).
 */
import type { LegalDate } from '@kyoyaku/legal-text';
import type { Party } from '../agreement/agreement.types';
import type { MunicipalityCode } from '../municipality/municipality-code';
import type { DomainEvent, StoredEventLike } from '../shared/domain-event';

/** 連携中枢都市宣言 by the core city. First event of the stream. */
export type RegionDeclared = DomainEvent<
  'RegionDeclared',
  { regionId: string; name: string; coreCity: Party; declaredOn: LegalDate }
>;

/** 都市圏ビジョンの策定 (a later revision, e.g. 第2期ビジョン, is another VisionAdopted). */
export type VisionAdopted = DomainEvent<
  'VisionAdopted',
  { regionId: string; title: string; adoptedOn: LegalDate }
>;

/**
 * Who recommends concluding a 連携協約 (地方自治法 第252条の2第5項): 「都道府県が締結するものについては
 * 総務大臣、その他のものについては都道府県知事」 — the governor named by the prefecture's own code.
 */
export type Recommender =
  | { kind: 'minister-of-internal-affairs' }
  | { kind: 'prefectural-governor'; prefectureCode: MunicipalityCode };

/**
 * 勧告 (地方自治法 第252条の2第5項): where the public interest requires it, the 総務大臣 or a 都道府県知事
 * recommends that the municipalities concerned conclude a 連携協約. Recorded on the region it concerns.
 */
export type RecommendationRecorded = DomainEvent<
  'RecommendationRecorded',
  {
    regionId: string;
    recommender: Recommender;
    /** 関係のある普通地方公共団体: the municipalities (or prefecture) recommended to conclude one. */
    addressees: Party[];
    recommendedOn: LegalDate;
    /** 文書番号 of the recommendation (e.g. 青市第123号). */
    documentNumber: string;
    /** What it recommends, as written. */
    content: string;
  }
>;

export type RegionEvent = RegionDeclared | VisionAdopted | RecommendationRecorded;
export type RegionEventType = RegionEvent['type'];

export const REGION_EVENT_TYPES: readonly RegionEventType[] = [
  'RegionDeclared',
  'VisionAdopted',
  'RecommendationRecorded',
];
export const REGION_EVENT_SCHEMA_VERSION = 1;

export function isRegionEventType(type: string): type is RegionEventType {
  return (REGION_EVENT_TYPES as readonly string[]).includes(type);
}

/** Upcasting point for stored region events (only schemaVersion 1 so far). */
export function toRegionEvent(stored: StoredEventLike): RegionEvent {
  if (!isRegionEventType(stored.type))
    throw new RangeError(`region stream: unknown event type ${stored.type}`);
  if (stored.schemaVersion !== REGION_EVENT_SCHEMA_VERSION) {
    throw new RangeError(
      `region stream: ${stored.type} schemaVersion ${stored.schemaVersion} is not supported`,
    );
  }
  return { type: stored.type, schemaVersion: stored.schemaVersion, data: stored.data } as RegionEvent;
}

export function regionStreamId(regionId: string): string {
  return `region-${regionId}`;
}
