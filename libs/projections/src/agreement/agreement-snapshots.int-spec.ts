import {
  agreementDecider,
  agreementHistory,
  agreementTimeline,
  foldEvents,
  isOpened,
  missingSteps,
  proceedingBase,
  type AgreementHistory,
  toAgreementEvent,
  type TransactionTime,
} from '@kyoyaku/domain';
import { SqliteEventStore, type RecordedEvent } from '@kyoyaku/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordAomoriFixture } from '../../../../test/support/record-aomori-fixture';
import { ALL_PROJECTIONS } from '../all-projections';
import { SqliteReadModels } from '../local-read-models';
import { Projector } from '../projector';
import type { Projection } from '../read-model';
import { foldKnownAt, historyOfFold } from './agreement-fold';
import { agreementProjection, agreementProjectionWith, forgetAgreementFolds } from './agreement.projection';
import { COLLECTIONS, type ProceedingDoc, readHistoryDoc, toHistoryDoc } from './agreement-read-models';

/** Every projection, with the agreements' snapshots every `interval` events. */
function projections(interval: number): Projection[] {
  return ALL_PROJECTIONS.map((p) =>
    p === agreementProjection ? agreementProjectionWith({ snapshotInterval: interval }) : p,
  );
}

/** A dump without the snapshots (which depend on the interval) and what only they describe. */
function withoutSnapshots(dump: string): string {
  return dump
    .split('\n')
    .filter((line) => !line.startsWith('agreement-snapshot'))
    .join('\n');
}

describe('Agreement snapshots: knownAt from a snapshot answers as a full replay does', () => {
  let dir: string;
  let store: SqliteEventStore;
  const opened: SqliteReadModels[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-snapshots-'));
    store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    await recordAomoriFixture(store);
  });
  afterAll(async () => {
    for (const readModels of opened) readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function project(interval: number, batchSize: number): Promise<SqliteReadModels> {
    const readModels = SqliteReadModels.open(join(dir, `read-models-${interval}-${batchSize}.sqlite`));
    opened.push(readModels);
    await new Projector(store, readModels, projections(interval), { batchSize }).catchUp();
    return readModels;
  }

  async function agreementStreams(): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>();
    for (const e of await store.readAll({ limit: 10_000 })) {
      if (!e.streamId.startsWith('agreement-')) continue;
      const id = e.streamId.slice('agreement-'.length);
      streams.set(id, [...(streams.get(id) ?? []), e]);
    }
    return streams;
  }

  function fullReplay(events: readonly RecordedEvent[], at: TransactionTime): AgreementHistory | undefined {
    return agreementHistory(
      events.map((e) => ({
        position: e.position,
        recordedAt: e.metadata.recordedAt,
        eventId: e.eventId,
        event: toAgreementEvent(e),
      })),
      at,
    );
  }

  it('at every position and every recorded instant (and a millisecond before each) of every agreement', async () => {
    const readModels = await project(3, 500);
    const reader = readModels.reader();
    const streams = await agreementStreams();
    expect(streams.size).toBeGreaterThan(3);
    let compared = 0;
    for (const [agreementId, events] of streams) {
      expect(reader.all(COLLECTIONS.snapshots(agreementId)).length).toBe(Math.floor(events.length / 3));
      const moments: TransactionTime[] = [{ upToPosition: 0n }];
      for (const e of events) {
        const instant = Date.parse(e.metadata.recordedAt);
        moments.push(
          { upToPosition: e.position },
          { upToPosition: e.position - 1n },
          { knownAt: e.metadata.recordedAt },
          { knownAt: new Date(instant - 1).toISOString() },
          { knownAt: e.metadata.recordedAt, upToPosition: e.position - 1n },
        );
      }
      for (const at of moments) {
        expect({ at, history: historyOfFold(foldKnownAt(reader, agreementId, at)) }).toEqual({
          at,
          history: fullReplay(events, at),
        });
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('writes the same documents whatever the snapshot interval, the batch size, or a fold forgotten between events', async () => {
    const every = await project(1_000_000, 500);
    const small = await project(2, 1);
    forgetAgreementFolds();
    const forgetting = SqliteReadModels.open(join(dir, 'read-models-forgetting.sqlite'));
    opened.push(forgetting);
    const forget: Projection = {
      name: 'forget the kept folds',
      apply: () => forgetAgreementFolds(),
    };
    await new Projector(store, forgetting, [forget, ...projections(5)], { batchSize: 4 }).catchUp();
    const reference = withoutSnapshots(every.dump(every.activeGeneration()));
    expect(reference.length).toBeGreaterThan(10_000);
    expect(withoutSnapshots(small.dump(small.activeGeneration()))).toBe(reference);
    expect(withoutSnapshots(forgetting.dump(forgetting.activeGeneration()))).toBe(reference);
  });

  it('the history and proceeding documents written event by event are those of a full replay', async () => {
    const readModels = await project(4, 7);
    const reader = readModels.reader();
    const streams = await agreementStreams();
    for (const [agreementId, events] of streams) {
      const replayed = fullReplay(events, {});
      const state = foldEvents(
        agreementDecider,
        events.map((e) => toAgreementEvent(e)),
      );
      if (replayed === undefined || !isOpened(state)) throw new Error(`${agreementId} is not opened`);
      const stored = readHistoryDoc(reader, agreementId);
      const { versions, ...rest } = toHistoryDoc(replayed);
      // The stored versions say besides which are invented (illustrative): the rest is the replay's.
      expect({
        ...stored,
        versions: stored?.versions.map(({ illustrative: _illustrative, ...v }) => v),
      }).toEqual({ ...rest, versions });
      const timeline = agreementTimeline(state.versions);
      const proceedings = reader.all<ProceedingDoc>(COLLECTIONS.proceedings(agreementId)).map((d) => d.doc);
      expect(
        proceedings.map((p) => ({
          id: p.proceedingId,
          base: p.base,
          missing: p.missingSteps,
          status: p.status,
        })),
      ).toEqual(
        state.proceedings.map((p) => ({
          id: p.proceedingId,
          base: proceedingBase(state, p, timeline),
          missing: missingSteps(state, p),
          status: p.status,
        })),
      );
    }
  });
});
