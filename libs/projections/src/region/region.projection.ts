import { toRegionEvent } from '@kyoyaku/domain';
import type { RecordedEvent } from '@kyoyaku/event-store';
import { COLLECTIONS, type RegionDoc } from '../agreement/agreement-read-models';
import type { Projection, ReadModelWriter } from '../read-model';

const STREAM_PREFIX = 'region-';

/** Regions (連携中枢都市圏): declaration and visions. Members follow from the agreements at query time. */
export const regionProjection: Projection = {
  name: 'regions',
  apply(recorded: RecordedEvent, tx: ReadModelWriter): void {
    if (!recorded.streamId.startsWith(STREAM_PREFIX)) return;
    const event = toRegionEvent(recorded);
    switch (event.type) {
      case 'RegionDeclared':
        tx.put<RegionDoc>(COLLECTIONS.regions, event.data.regionId, {
          regionId: event.data.regionId,
          name: event.data.name,
          coreCity: event.data.coreCity,
          declaredOn: event.data.declaredOn,
          visions: [],
          revision: Number(recorded.revision),
        });
        return;
      case 'VisionAdopted': {
        const region = tx.get<RegionDoc>(COLLECTIONS.regions, event.data.regionId);
        if (region === null) return;
        region.visions.push({ title: event.data.title, adoptedOn: event.data.adoptedOn });
        region.revision = Number(recorded.revision);
        tx.put(COLLECTIONS.regions, region.regionId, region);
        return;
      }
    }
  },
};
