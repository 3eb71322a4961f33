import { loadConfig, openLedger, systemClock } from '@kyoyaku/runtime';
import type { NewEvent } from '@kyoyaku/event-store';

/** Events written per append: large appends keep the build fast (one transaction, one fsync each). */
const EVENTS_PER_APPEND = 100;

/**
 * A ledger of at least `bytes` of event data, written straight to the store of `dataDir` as the server
 * opens it (events, their Merkle tree), for load tests: public events (every caller reads them whole)
 * on streams no projection reads, each with about 8 KB of text, so the read models stay empty and the
 * build takes seconds. Returns the number of events and the bytes of their data.
 */
export async function writeBulkLedger(
  dataDir: string,
  bytes: number,
): Promise<{ events: number; dataBytes: number }> {
  const ledger = await openLedger(
    loadConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_SEED_DEMO: 'false' }),
    systemClock,
  );
  // 2,700 characters of 3 UTF-8 bytes each.
  const text = '連携協約に基づく議会の議決を記録する。'.repeat(150);
  let events = 0;
  let dataBytes = 0;
  try {
    for (let append = 0; dataBytes < bytes; append++) {
      const batch: NewEvent[] = [];
      for (let i = 0; i < EVENTS_PER_APPEND; i++) {
        const data = { proceedingId: `load-${append}`, sequence: i, note: text };
        dataBytes += Buffer.byteLength(JSON.stringify(data));
        batch.push({
          type: 'CouncilResolutionRecorded',
          schemaVersion: 1,
          data,
          metadata: {
            actor: { id: 'load-test', role: 'admin' },
            correlationId: `load-${append}`,
            source: 'cli',
          },
        });
      }
      await ledger.store.append(`load-${append % 50}`, batch, { expectedRevision: 'any' });
      events += batch.length;
    }
  } finally {
    await ledger.close();
  }
  return { events, dataBytes };
}
