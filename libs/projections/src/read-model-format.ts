import type { ReadModelStore } from './read-model-store';
import type { Projection } from './read-model';

/**
 * The shape of the documents the projections write. Raise it whenever a projection writes documents
 * of another shape, or reads an event type whose schemaVersion changed: read models written by an
 * earlier format are then rebuilt from the events before a projector applies anything to them
 * (Projector.currentFormat; the events themselves never change).
 *
 * 1 — (no marker) every read model up to the 届出 of schemaVersion 1;
 * 2 — 届出 per party (proceedings' `notifications`), the region's 勧告 and timelines;
 * 3 — each version of the 沿革 with its parties' 告示 (`notices`), and the timeline's conclusions in
 *     the words of a 例規集's 沿革 (令和3年3月25日一部変更（令和3年4月1日施行）);
 * 4 — a doubt's timeline names the consultation it went to by its date, never by its id.
 * 5 — an agreement's events one document each (`agreement-events:<id>`) instead of one growing
 *     document, a snapshot of its fold every N events (`agreement-snapshots:<id>`), and the 沿革 as a
 *     head with one document per version (`agreement-history-versions:<id>`).
 * 6 — a ledger checkpoint's reason names the agreement and the proceeding as the screens do, not by ids.
 * 7 — an agreement's snapshot records the hash of its last event (the command side starts from it).
 */
export const READ_MODEL_FORMAT = 7;

const FORMAT_COLLECTION = 'read-model-format';
const FORMAT_KEY = 'format';

interface FormatDoc {
  format: number;
}

/** Marks the read models with the format that wrote them (once per generation, with its first event). */
export const readModelFormatProjection: Projection = {
  name: 'read-model-format',
  apply(_event, tx): void {
    if (tx.get<FormatDoc>(FORMAT_COLLECTION, FORMAT_KEY)?.format === READ_MODEL_FORMAT) return;
    tx.put<FormatDoc>(FORMAT_COLLECTION, FORMAT_KEY, { format: READ_MODEL_FORMAT });
  },
};

/** True when the active read models hold events projected by an earlier format (or none marked). */
export async function readModelsOutdated(readModels: ReadModelStore): Promise<boolean> {
  await readModels.refresh();
  if (readModels.checkpoint(readModels.activeGeneration()) === 0n) return false;
  return readModels.reader().get<FormatDoc>(FORMAT_COLLECTION, FORMAT_KEY)?.format !== READ_MODEL_FORMAT;
}
