import { computeEventHash, type EventStore, verifyEvent, verifyStreamChain } from '@kyoyaku/event-store';
import {
  contractSettings,
  type EventStoreContractOptions,
  type EventStoreFactory,
  expectChainsVerify,
  freshHarnessEachTest,
  newEvent,
  readEverything,
} from '../contract-support';

/** Integrity: every event verifies, each stream is a hash chain, and tampering is detected. */
export function testIntegrity(factory: EventStoreFactory, options: EventStoreContractOptions = {}): void {
  const settings = contractSettings('integrity', options);
  if (settings === null) return;
  const { timeout } = settings;

  describe('integrity', () => {
    let store: EventStore;
    freshHarnessEachTest(factory, timeout, (fresh) => ({ store } = fresh));

    it(
      'every event verifies, each stream is a hash chain, and tampering is detected',
      async () => {
        for (let i = 0; i < 6; i++) {
          await store.append(`agreement-${i % 2}`, [newEvent('E', { i }), newEvent('F', { i })], {
            expectedRevision: 'any',
          });
        }
        const all = await readEverything(store);
        for (const event of all) {
          expect(verifyEvent(event)).toBe(true);
          expect(computeEventHash(event)).toBe(event.hash);
        }
        expectChainsVerify(all);
        const stream = await store.readStream('agreement-0');
        expect(stream[0]?.prevHash).toBeNull();
        stream.slice(1).forEach((event, i) => expect(event.prevHash).toBe(stream[i]?.hash));
        const victim = stream[2];
        if (victim === undefined) throw new Error('no event to tamper with');
        const tampered = { ...victim, data: { ...victim.data, i: 99 } };
        expect(verifyEvent(tampered)).toBe(false);
        expect(verifyStreamChain([...stream.slice(0, 2), tampered, ...stream.slice(3)]).ok).toBe(false);
        const forged = { ...tampered, hash: computeEventHash(tampered) };
        expect(verifyEvent(forged)).toBe(true);
        expect(verifyStreamChain([...stream.slice(0, 2), forged, ...stream.slice(3)]).ok).toBe(false);
      },
      timeout,
    );
  });
}
