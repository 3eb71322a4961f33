import { SqliteEventStore, type RecordedEvent } from '@kyoyaku/event-store';
import {
  ALL_PROJECTIONS,
  COLLECTIONS,
  type ReadModelReader,
  type ReadModelSource,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordAomoriFixture } from '../../../../test/support/record-aomori-fixture';
import { AgreementReadModels } from './agreement-read-model.service';

/** The read models, counting the reads of each agreement's 沿革 (what a cache miss costs). */
class CountingSource implements ReadModelSource {
  readonly historyReads = new Map<string, number>();
  constructor(private readonly inner: SqliteReadModels) {}
  contentVersion(): string {
    return this.inner.contentVersion();
  }
  reader(): ReadModelReader {
    const reader = this.inner.reader();
    return {
      get: <T>(collection: string, key: string): T | null => {
        if (collection === COLLECTIONS.histories) {
          this.historyReads.set(key, (this.historyReads.get(key) ?? 0) + 1);
        }
        return reader.get<T>(collection, key);
      },
      list: (collection, options) => reader.list(collection, options),
      all: (collection) => reader.all(collection),
    };
  }
}

describe('AgreementReadModels: a write to one agreement keeps the others cached', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: SqliteReadModels;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-agreement-cache-'));
    store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    await recordAomoriFixture(store);
    readModels = SqliteReadModels.open(store.file);
  });
  afterAll(async () => {
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function apply(events: readonly RecordedEvent[]): void {
    const last = events.at(-1);
    if (last === undefined) return;
    readModels.applyBatch(readModels.activeGeneration(), last.position, (tx) => {
      for (const event of events) for (const projection of ALL_PROJECTIONS) projection.apply(event, tx);
    });
  }

  it('reads Y again after a write to Y, and not X', async () => {
    const events = await store.readAll({ limit: 10_000 });
    const lastIndex = events.findLastIndex((e) => e.streamId.startsWith('agreement-'));
    const written = events[lastIndex];
    if (written === undefined) throw new Error('no agreement event');
    const y = written.streamId.slice('agreement-'.length);
    apply(events.slice(0, lastIndex));
    const x = readModels
      .reader()
      .all<{ agreementId: string }>(COLLECTIONS.histories)
      .map((d) => d.key)
      .find((id) => id !== y);
    if (x === undefined) throw new Error('no other agreement');

    const source = new CountingSource(readModels);
    const service = new AgreementReadModels(source);
    const xBefore = service.history(x);
    const yBefore = service.history(y);
    service.history(x);
    expect(source.historyReads.get(x)).toBe(1);
    expect(source.historyReads.get(y)).toBe(1);

    const version = source.contentVersion();
    apply(events.slice(lastIndex)); // the write to Y (and whatever follows it in the log)
    expect(source.contentVersion()).not.toBe(version);

    expect(service.history(x)).toBe(xBefore);
    expect(source.historyReads.get(x)).toBe(1);
    const yAfter = service.history(y);
    expect(source.historyReads.get(y)).toBe(2);
    expect(yAfter).not.toBe(yBefore);
  });
});
