// The contract every EventStore adapter passes (DESIGN.md §6, §10): the SQLite, PostgreSQL and
// EventStoreDB adapters run these same features. One function per feature, each taking the
// adapter's factory and options, and testEventStore, which runs them all.
import { type EventStoreContractOptions, type EventStoreFactory, skipLoudly } from './contract-support';
import { testAppendAndOrder } from './features/append-and-order';
import { testBadArguments } from './features/bad-arguments';
import { testConcurrentWriters } from './features/concurrent-writers';
import { testExpectedRevision } from './features/expected-revision';
import { testIdempotency } from './features/idempotency';
import { testIntegrity } from './features/integrity';
import { testLifecycle } from './features/lifecycle';
import { testReadAll } from './features/read-all';
import { testReadStream } from './features/read-stream';
import { testSubscriptions } from './features/subscriptions';
import { testTextAndSize } from './features/text-and-size';
import { testTime } from './features/time';

/** The features of the contract, in the order testEventStore runs them. */
export const EVENT_STORE_CONTRACT_FEATURES: readonly ((
  factory: EventStoreFactory,
  options?: EventStoreContractOptions,
) => void)[] = [
  testAppendAndOrder,
  testExpectedRevision,
  testConcurrentWriters,
  testIdempotency,
  testReadStream,
  testReadAll,
  testSubscriptions,
  testIntegrity,
  testTextAndSize,
  testBadArguments,
  testTime,
  testLifecycle,
];

/** Runs the whole contract against one adapter. */
export function testEventStore(
  name: string,
  factory: EventStoreFactory,
  options: EventStoreContractOptions = {},
): void {
  if (options.skipReason !== undefined && options.skipReason !== null) {
    skipLoudly(`EventStore contract: ${name}`, options.skipReason);
    return;
  }
  describe(`EventStore contract: ${name}`, () => {
    for (const feature of EVENT_STORE_CONTRACT_FEATURES) feature(factory, options);
  });
}
