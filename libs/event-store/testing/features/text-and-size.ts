import { EVENT_STORE_LIMITS, type EventStore, InvalidEventError, verifyEvent } from '@kyoyaku/event-store';
import {
  contractSettings,
  type EventStoreContractOptions,
  type EventStoreFactory,
  freshHarnessEachTest,
  newEvent,
  nth,
  rejection,
} from '../contract-support';

/**
 * Text and size: Japanese text round-trips byte-exact; a 1 MiB event is stored whole, a larger one
 * refused.
 */
export function testTextAndSize(factory: EventStoreFactory, options: EventStoreContractOptions = {}): void {
  const settings = contractSettings('text and size', options);
  if (settings === null) return;
  const { timeout } = settings;

  describe('text and size', () => {
    let store: EventStore;
    freshHarnessEachTest(factory, timeout, (fresh) => ({ store } = fresh));

    it(
      'round-trips Japanese text byte-exact, never normalised (U+FA19, か+U+3099)',
      async () => {
        const compat = '\uFA19'; // 神 compatibility ideograph; NFC turns it into U+795E
        const combining = '\u304B\u3099'; // か + combining dakuten; NFC composes it into が
        const text = `${compat}社と${combining}ら（青森市（以下「甲」という。））`;
        expect(text.normalize('NFC')).not.toBe(text);
        const data = { text, [combining]: compat, list: [compat, combining, '外ヶ浜町'] };
        const result = await store.append(
          'agreement-kami',
          [newEvent('TextRecorded', data, { reason: `${compat}の訂正` })],
          {
            expectedRevision: 'no_stream',
          },
        );
        const [read] = await store.readStream('agreement-kami');
        for (const event of [read, result.events[0]]) {
          expect(event?.data).toEqual(data);
          const readText = event?.data.text;
          if (typeof readText !== 'string') throw new Error('text did not come back as a string');
          expect(Buffer.from(readText, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
          expect([...readText].map((c) => c.codePointAt(0))).toEqual([...text].map((c) => c.codePointAt(0)));
          expect(Object.keys(event?.data ?? {})).toContain(combining);
          expect(event?.metadata.reason).toBe(`${compat}の訂正`);
        }
        expect(read && verifyEvent(read)).toBe(true);
      },
      timeout,
    );

    it(
      'stores a 1 MiB event whole, and refuses one above the limit',
      async () => {
        const chunk = '連携協約第3条の2（費用分担）';
        const blob = chunk.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(chunk, 'utf8')));
        expect(Buffer.byteLength(blob, 'utf8')).toBeGreaterThanOrEqual(1024 * 1024);
        const result = await store.append('big', [newEvent('BigRecorded', { blob })], {
          expectedRevision: 'any',
        });
        const [read] = await store.readStream('big');
        expect(read?.data.blob === blob).toBe(true);
        expect(read?.hash).toBe(result.events[0]?.hash);
        expect(read && verifyEvent(read)).toBe(true);
        const tooBig = 'x'.repeat(EVENT_STORE_LIMITS.eventDataBytes);
        expect(
          await rejection(store.append('big', [newEvent('TooBig', { tooBig })], { expectedRevision: 'any' })),
        ).toBeInstanceOf(InvalidEventError);
        expect(await store.headPosition()).toBe(await nth(store, 1));
      },
      timeout,
    );
  });
}
