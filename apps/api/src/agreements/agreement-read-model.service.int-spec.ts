import { SqliteEventStore, type RecordedEvent } from '@kyoyaku/event-store';
import {
  agreementProjection,
  agreementProjectionWith,
  ALL_PROJECTIONS,
  COLLECTIONS,
  foldKnownAt,
  historyOfFold,
  type ReadModelReader,
  type Projection,
  type ReadModelSource,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordAomoriFixture } from '../../../../test/support/record-aomori-fixture';
import { AgreementReadModels } from './agreement-read-model.service';

/**
 * The read models, counting the reads of each agreement's 沿革 (what a cache miss costs) and of its
 * events (what a replay as of a moment reads).
 */
class CountingSource implements ReadModelSource {
  readonly historyReads = new Map<string, number>();
  eventReads = 0;
  snapshotReads = 0;
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
        if (collection.startsWith(COLLECTIONS.snapshots(''))) this.snapshotReads++;
        return reader.get<T>(collection, key);
      },
      list: (collection, options) => {
        if (collection.startsWith(COLLECTIONS.events(''))) this.eventReads++;
        return reader.list(collection, options);
      },
      all: (collection) => reader.all(collection),
    };
  }
}

/** Projects a batch of events into the read models (all projections, or the ones given). */
function applyTo(
  readModels: SqliteReadModels,
  batch: readonly RecordedEvent[],
  projections: readonly Projection[] = ALL_PROJECTIONS,
): void {
  const last = batch.at(-1);
  if (last === undefined) return;
  readModels.applyBatch(readModels.activeGeneration(), last.position, (tx) => {
    for (const event of batch) for (const projection of projections) projection.apply(event, tx);
  });
}

/**
 * The agreement the log's last agreement event belongs to: its id, the index of that event in the
 * log (the events before it leave the agreement one event short) and an event half-way through its
 * stream (a moment before its last event).
 */
function lastAgreementWritten(events: readonly RecordedEvent[]): {
  id: string;
  lastIndex: number;
  middle: RecordedEvent;
} {
  const lastIndex = events.findLastIndex((e) => e.streamId.startsWith('agreement-'));
  const written = events[lastIndex];
  if (written === undefined) throw new Error('no agreement event');
  const stream = events.filter((e) => e.streamId === written.streamId);
  const middle = stream[Math.floor(stream.length / 2)];
  if (middle === undefined) throw new Error('empty stream');
  return { id: written.streamId.slice('agreement-'.length), lastIndex, middle };
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

  const apply = (events: readonly RecordedEvent[]) => applyTo(readModels, events);

  it('reads Y again after a write to Y, and not X', async () => {
    const events = await store.readAll({ limit: 10_000 });
    const { id: y, lastIndex } = lastAgreementWritten(events);
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

describe('AgreementReadModels: reads as of a moment (knownAt, atPosition)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: SqliteReadModels;
  let events: RecordedEvent[];

  // Each test projects the recorded fixture into read models of its own.
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-known-at-'));
    store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    await recordAomoriFixture(store);
    readModels = SqliteReadModels.open(store.file);
    events = await store.readAll({ limit: 10_000 });
  });
  afterEach(async () => {
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const apply = (batch: readonly RecordedEvent[]) => applyTo(readModels, batch);
  const replayed = (agreementId: string, at: { knownAt?: string; upToPosition?: bigint }) =>
    historyOfFold(foldKnownAt(readModels.reader(), agreementId, at));

  it('answers a moment at or after the last event with the current 沿革, replaying nothing', async () => {
    apply(events);
    const source = new CountingSource(readModels);
    const service = new AgreementReadModels(source);
    const agreements = readModels
      .reader()
      .all<{ lastPosition: string }>(COLLECTIONS.summaries)
      .map((d) => ({ id: d.key, lastPosition: BigInt(d.doc.lastPosition) }));
    expect(agreements.length).toBeGreaterThan(1);
    const now = new Date(Date.now() + 1000).toISOString();
    for (const { id, lastPosition } of agreements) {
      const current = service.history(id).history;
      // What the replay answers is what the read model holds.
      expect(current).toEqual(replayed(id, { knownAt: now }));
      await service.historyKnownAt(id, { knownAt: now }); // finds the latest recordedAt once
      const before = source.eventReads;
      expect(await service.historyKnownAt(id, { knownAt: now })).toBe(current);
      expect(await service.historyKnownAt(id, { atPosition: lastPosition })).toBe(current);
      expect(await service.historyKnownAt(id, { atPosition: lastPosition + 5n, knownAt: now })).toBe(current);
      expect(source.eventReads).toBe(before);
    }
  });

  it('replays a moment before the last event once, until the agreement records another', async () => {
    const { id, lastIndex, middle } = lastAgreementWritten(events);
    apply(events.slice(0, lastIndex));
    const source = new CountingSource(readModels);
    const service = new AgreementReadModels(source);
    const moments = [{ knownAt: middle.metadata.recordedAt }, { atPosition: middle.position }];

    for (const at of moments) {
      const first = await service.historyKnownAt(id, at);
      expect(first).toEqual(replayed(id, { knownAt: at.knownAt, upToPosition: at.atPosition }));
      expect(first).not.toEqual(service.history(id).history);
      const reads = source.eventReads;
      expect(await service.historyKnownAt(id, at)).toBe(first);
      expect(source.eventReads).toBe(reads);
    }

    apply(events.slice(lastIndex)); // the agreement's next event
    for (const at of moments) {
      const reads = source.eventReads;
      expect(await service.historyKnownAt(id, at)).toEqual(
        replayed(id, { knownAt: at.knownAt, upToPosition: at.atPosition }),
      );
      expect(source.eventReads).toBeGreaterThan(reads);
    }
  });

  it('parses a snapshot once and never reads its row again: a snapshot never changes', async () => {
    const { id, lastIndex, middle } = lastAgreementWritten(events);
    // Snapshots every 3 events, so the moments below start from one.
    const projections = ALL_PROJECTIONS.map((p) =>
      p === agreementProjection ? agreementProjectionWith({ snapshotInterval: 3 }) : p,
    );
    const applyWith = (batch: readonly RecordedEvent[]) => applyTo(readModels, batch, projections);
    applyWith(events.slice(0, lastIndex));
    const source = new CountingSource(readModels);
    const service = new AgreementReadModels(source);
    // Two moments (two keys) that start from the same snapshot.
    const moments = [
      { atPosition: middle.position },
      { atPosition: middle.position, knownAt: '2999-01-01T00:00:00.000Z' },
    ];
    const expected = replayed(id, { upToPosition: middle.position });
    expect(await service.historyKnownAt(id, moments[0] ?? {})).toEqual(expected);
    expect(source.snapshotReads).toBe(1);
    expect(await service.historyKnownAt(id, moments[1] ?? {})).toEqual(expected);
    applyWith(events.slice(lastIndex)); // the agreement's next event: the kept 沿革 are replayed again
    const reads = source.eventReads;
    for (const at of moments) expect(await service.historyKnownAt(id, at)).toEqual(expected);
    expect(source.eventReads).toBeGreaterThan(reads);
    expect(source.snapshotReads).toBe(1);
  });
});
