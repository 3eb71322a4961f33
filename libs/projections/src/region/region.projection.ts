import {
  type RegionEvent,
  recommendationConcerns,
  recommenderName,
  regionStreamId,
  toRegionEvent,
} from '@kyoyaku/domain';
import type { RecordedEvent } from '@kyoyaku/event-store';
import { toWareki } from '@kyoyaku/legal-text';
import {
  type AgreementSummaryDoc,
  COLLECTIONS,
  padded,
  type RecommendationDoc,
  type RegionDoc,
  type TimelineEntryDoc,
} from '../agreement/agreement-read-models';
import type { Projection, ReadModelWriter } from '../read-model';

const STREAM_PREFIX = 'region-';

/** The one-line Japanese summary of a region event (the region's 履歴). */
export function summarizeRegionEvent(event: RegionEvent): string {
  switch (event.type) {
    case 'RegionDeclared':
      return `${event.data.coreCity.name}が連携中枢都市宣言（${event.data.name}、${toWareki(event.data.declaredOn)}）`;
    case 'VisionAdopted':
      return `都市圏ビジョンを策定（${event.data.title}、${toWareki(event.data.adoptedOn)}）`;
    case 'RecommendationRecorded':
      return `${recommenderName(event.data.recommender)}が${event.data.addressees.map((p) => p.name).join('及び')}に連携協約の締結を勧告（${toWareki(event.data.recommendedOn)}、${event.data.documentNumber}）`;
  }
}

/**
 * Puts a 勧告's timeline entry into the history of each agreement of the region it recommended, once
 * that agreement has been concluded (it has a version): the same entry, at the 勧告's position.
 */
export function showRecommendationInAgreements(
  tx: ReadModelWriter,
  regionId: string,
  recommendation: RecommendationDoc,
  agreements: readonly AgreementSummaryDoc[],
): void {
  const entry = tx.get<TimelineEntryDoc>(
    COLLECTIONS.regionTimeline(regionId),
    padded(recommendation.position),
  );
  if (entry === null) return;
  for (const agreement of agreements) {
    if (agreement.regionId !== regionId || agreement.latestVersion === null) continue;
    if (!recommendationConcerns(recommendation, { core: agreement.coreCity, partner: agreement.partner }))
      continue;
    tx.put<TimelineEntryDoc>(COLLECTIONS.timeline(agreement.agreementId), padded(recommendation.position), {
      ...entry,
      streamId: regionStreamId(regionId),
    });
  }
}

/**
 * Regions (連携中枢都市圏): declaration, visions and 勧告, and the region's timeline. Members follow from
 * the agreements at query time.
 */
export const regionProjection: Projection = {
  name: 'regions',
  apply(recorded: RecordedEvent, tx: ReadModelWriter): void {
    if (!recorded.streamId.startsWith(STREAM_PREFIX)) return;
    const event = toRegionEvent(recorded);
    const regionId = event.data.regionId;
    const entry: TimelineEntryDoc = {
      position: recorded.position.toString(),
      revision: Number(recorded.revision),
      eventId: recorded.eventId,
      type: recorded.type,
      recordedAt: recorded.metadata.recordedAt,
      actor: recorded.metadata.actor,
      summary: summarizeRegionEvent(event),
    };
    tx.put(COLLECTIONS.regionTimeline(regionId), padded(recorded.position), entry);
    switch (event.type) {
      case 'RegionDeclared':
        tx.put<RegionDoc>(COLLECTIONS.regions, regionId, {
          regionId,
          name: event.data.name,
          coreCity: event.data.coreCity,
          declaredOn: event.data.declaredOn,
          visions: [],
          recommendations: [],
          revision: Number(recorded.revision),
        });
        return;
      case 'VisionAdopted': {
        const region = tx.get<RegionDoc>(COLLECTIONS.regions, regionId);
        if (region === null) return;
        region.visions.push({ title: event.data.title, adoptedOn: event.data.adoptedOn });
        region.revision = Number(recorded.revision);
        tx.put(COLLECTIONS.regions, region.regionId, region);
        return;
      }
      case 'RecommendationRecorded': {
        const region = tx.get<RegionDoc>(COLLECTIONS.regions, regionId);
        if (region === null) return;
        const recommendation: RecommendationDoc = {
          recommender: event.data.recommender,
          recommenderName: recommenderName(event.data.recommender),
          addressees: event.data.addressees,
          recommendedOn: event.data.recommendedOn,
          documentNumber: event.data.documentNumber,
          content: event.data.content,
          eventId: recorded.eventId,
          position: recorded.position.toString(),
        };
        region.recommendations.push(recommendation);
        region.revision = Number(recorded.revision);
        tx.put(COLLECTIONS.regions, region.regionId, region);
        showRecommendationInAgreements(
          tx,
          regionId,
          recommendation,
          tx.all<AgreementSummaryDoc>(COLLECTIONS.summaries).map((d) => d.doc),
        );
        return;
      }
    }
  },
};
