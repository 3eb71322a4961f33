/**
 * Events of the region stream (`region-<regionId>`): the 連携中枢都市圏 and its core city.
 * Members are not events of the region: they follow from the agreements (see region-members.ts).
 */
import type { LegalDate } from '@kyoyaku/legal-text';
import type { Party } from '../agreement/agreement.types';
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

export type RegionEvent = RegionDeclared | VisionAdopted;
export type RegionEventType = RegionEvent['type'];

export const REGION_EVENT_TYPES: readonly RegionEventType[] = ['RegionDeclared', 'VisionAdopted'];
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
