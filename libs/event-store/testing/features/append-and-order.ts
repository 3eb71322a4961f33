import type { EventStore } from '@kyoyaku/event-store';
import {
  baseMetadata,
  contractSettings,
  type EventStoreContractOptions,
  type EventStoreFactory,
  expectChainsVerify,
  expectPositions,
  firstPositions,
  freshHarnessEachTest,
  type ManualClock,
  newEvent,
  nth,
} from '../contract-support';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Appending and reading back: every envelope field, an event id given by the caller, global
 * positions in commit order across streams.
 */
export function testAppendAndOrder(
  factory: EventStoreFactory,
  options: EventStoreContractOptions = {},
): void {
  const settings = contractSettings('append and order', options);
  if (settings === null) return;
  const { timeout } = settings;

  describe('append and order', () => {
    let clock: ManualClock;
    let store: EventStore;
    freshHarnessEachTest(factory, timeout, (fresh) => ({ clock, store } = fresh));

    it(
      'records every envelope field and reads back exactly what append returned',
      async () => {
        expect(await store.headPosition()).toBe(0n);
        expect(await store.streamRevision('agreement-1')).toBeNull();
        const result = await store.append(
          'agreement-1',
          [
            newEvent('AgreementDrafted', { title: '青森市と平内町との連携協約' }),
            newEvent('DraftRevised', { article: '3-2' }, { causationId: 'cause-1', reason: '誤記' }),
          ],
          { expectedRevision: 'no_stream' },
        );
        expect(result.streamId).toBe('agreement-1');
        expect(result.nextExpectedRevision).toBe(1n);
        const [p1, p2] = await firstPositions(store, 2);
        expect(result.position).toBe(p2);
        expect(result.replayed).toBe(false);
        const [first, second] = result.events;
        expect(first).toMatchObject({
          streamId: 'agreement-1',
          revision: 0n,
          position: p1,
          type: 'AgreementDrafted',
          schemaVersion: 1,
          data: { title: '青森市と平内町との連携協約' },
          metadata: { ...baseMetadata, recordedAt: clock.now().toISOString() },
          prevHash: null,
        });
        expect(second).toMatchObject({ revision: 1n, position: p2, prevHash: first?.hash });
        expect(second?.metadata).toEqual({
          ...baseMetadata,
          causationId: 'cause-1',
          reason: '誤記',
          recordedAt: clock.now().toISOString(),
        });
        for (const event of result.events) {
          expect(event.eventId).toMatch(UUID_V7);
          expect(event.hash).toMatch(HEX64);
          expect(typeof event.revision).toBe('bigint');
          expect(typeof event.position).toBe('bigint');
        }
        expect(first?.eventId).not.toBe(second?.eventId);
        expect(await store.readStream('agreement-1')).toEqual(result.events);
        expect(await store.readAll({ limit: 10 })).toEqual(result.events);
        expect(await store.headPosition()).toBe(p2);
        expect(await store.streamRevision('agreement-1')).toBe(1n);
      },
      timeout,
    );

    it(
      'keeps an eventId given by the caller',
      async () => {
        const eventId = '01936f0e-7a00-7abc-8def-0123456789ab';
        const result = await store.append('s-1', [{ ...newEvent('Given'), eventId }], {
          expectedRevision: 'any',
        });
        expect(result.events[0]?.eventId).toBe(eventId);
        expect((await store.readStream('s-1'))[0]?.eventId).toBe(eventId);
      },
      timeout,
    );

    it(
      'gives global positions in commit order across streams (1..n without gaps where the store says so)',
      async () => {
        const plan = ['a', 'b', 'a', 'c', 'b', 'a'];
        for (const [i, stream] of plan.entries()) {
          const result = await store.append(
            stream,
            [newEvent('Step', { i }), newEvent('Step', { i, second: true })],
            {
              expectedRevision: 'any',
            },
          );
          expect(result.position).toBe(await nth(store, 2 * i + 2));
        }
        const all = await store.readAll({ limit: 100 });
        expect(all).toHaveLength(12);
        expectPositions(store, all);
        expect(all.map((e) => e.data.i)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        expectChainsVerify(all);
        expect(await store.streamRevision('a')).toBe(5n);
        expect(await store.streamRevision('b')).toBe(3n);
        expect(await store.streamRevision('c')).toBe(1n);
        expect(await store.headPosition()).toBe(await nth(store, 12));
      },
      timeout,
    );
  });
}
