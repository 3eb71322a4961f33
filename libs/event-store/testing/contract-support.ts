// What the features of the EventStore contract share: the harness an adapter's test provides,
// the options, and the helpers of the tests. Jest's globals are used inside functions only.
import {
  verifyStreamChain,
  type EventMetadataInput,
  type EventStore,
  type JsonObject,
  type NewEvent,
  type RecordedEvent,
} from '@kyoyaku/event-store';

export interface EventStoreHarness {
  /** The store under test (replaced by `reopen`). */
  store: EventStore;
  /** Closes `store` and opens the same storage again, as after a restart; the new one becomes `store`. */
  reopen(): Promise<EventStore>;
  /** Another, independent store on the same storage (as a second process would open); closed by cleanup. */
  connectAnother(): Promise<EventStore>;
  /** Closes every store of the harness and removes its storage. */
  cleanup(): Promise<void>;
}

export interface EventStoreFactoryOptions {
  /** The store must stamp recordedAt with this clock. */
  clock: () => Date;
}

/** Creates a harness on fresh, empty storage. */
export type EventStoreFactory = (options: EventStoreFactoryOptions) => Promise<EventStoreHarness>;

export interface EventStoreContractOptions {
  /**
   * Set when the adapter cannot run here (its server is absent…): the suite is then skipped loudly
   * with this reason, never passed silently.
   */
  skipReason?: string | null;
  /** Per-test timeout (default 20 s). */
  timeoutMs?: number;
  /** Runs of the concurrency property (default 25). */
  propertyRuns?: number;
}

/** Skips a suite visibly: a console warning with the reason, and a skipped test in Jest's summary. */
export function skipLoudly(name: string, reason: string): void {
  console.warn(`\n⚠ NOT TESTED — the "${name}" suite is skipped: ${reason}\n`);
  describe.skip(`${name} — SKIPPED: ${reason}`, () => {
    it('was not run', () => undefined);
  });
}

export const START = Date.parse('2026-11-27T09:00:00.000Z');

/** A clock the tests move by hand. */
export class ManualClock {
  ms = START;
  readonly now = (): Date => new Date(this.ms);
}

export const baseMetadata: EventMetadataInput = {
  actor: { id: 'clerk-hiranai', role: 'clerk', municipalityCode: '023019' },
  correlationId: 'corr-1',
  source: 'api',
};

export function newEvent(
  type: string,
  data: JsonObject = {},
  metadata: Partial<EventMetadataInput> = {},
): NewEvent {
  return { type, schemaVersion: 1, data, metadata: { ...baseMetadata, ...metadata } };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, limit: 1000 });
    all.push(...page);
    const last = page[page.length - 1];
    if (last === undefined || page.length < 1000) return all;
    after = last.position;
  }
}

/** The error a promise rejected with (fails the test if it fulfilled). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise fulfilled');
}

/**
 * The global order of everything stored: positions 1..n where the store says they are gap-free,
 * else strictly increasing from ≥ 1 (EventStoreDB's commit positions).
 */
export function expectPositions(store: EventStore, events: readonly RecordedEvent[]): void {
  const positions = events.map((e) => e.position);
  if (store.gapFreePositions) {
    expect(positions).toEqual(events.map((_, i) => BigInt(i + 1)));
    return;
  }
  expect(positions.every((p, i) => p >= 1n && (i === 0 || p > (positions[i - 1] ?? p)))).toBe(true);
}

/**
 * Positions of the first n events in global order: 1..n on a store with gap-free positions (the
 * literal numbers), else as read back.
 */
export async function firstPositions(store: EventStore, n: number): Promise<bigint[]> {
  if (store.gapFreePositions) return Array.from({ length: n }, (_, i) => BigInt(i + 1));
  const positions = (await readEverything(store)).slice(0, n).map((e) => e.position);
  if (positions.length < n) throw new Error(`expected at least ${n} events, found ${positions.length}`);
  return positions;
}

/** The position of the k-th event (1-based) in global order. */
export async function nth(store: EventStore, k: number): Promise<bigint> {
  const position = (await firstPositions(store, k))[k - 1];
  if (position === undefined) throw new Error(`there is no event number ${k}`);
  return position;
}

function byStream(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const list = streams.get(event.streamId) ?? [];
    list.push(event);
    streams.set(event.streamId, list);
  }
  return streams;
}

export function expectChainsVerify(events: readonly RecordedEvent[]): void {
  for (const [streamId, list] of byStream(events)) {
    const sorted = [...list].sort((a, b) => (a.revision < b.revision ? -1 : 1));
    expect({ streamId, result: verifyStreamChain(sorted) }).toEqual({ streamId, result: { ok: true } });
    expect(sorted.map((e) => e.revision)).toEqual(sorted.map((_, i) => BigInt(i)));
  }
}

export function bad<T>(value: unknown): T {
  return value as T;
}

/** The timeout and property runs a feature uses. */
export interface ContractSettings {
  timeout: number;
  propertyRuns: number;
}

/**
 * What `options` asks of a feature of the contract, or null once the feature was skipped loudly
 * (the adapter cannot run here).
 */
export function contractSettings(
  feature: string,
  options: EventStoreContractOptions,
): ContractSettings | null {
  if (options.skipReason !== undefined && options.skipReason !== null) {
    skipLoudly(`EventStore contract: ${feature}`, options.skipReason);
    return null;
  }
  return { timeout: options.timeoutMs ?? 20_000, propertyRuns: options.propertyRuns ?? 25 };
}

/** What each test of a feature starts with: a hand-moved clock and a harness on empty storage. */
export interface FreshHarness {
  clock: ManualClock;
  harness: EventStoreHarness;
  store: EventStore;
}

/**
 * Gives each test of the enclosing describe a fresh harness (handed to `use` before the test) and
 * cleans it up after the test.
 */
export function freshHarnessEachTest(
  factory: EventStoreFactory,
  timeout: number,
  use: (fresh: FreshHarness) => void,
): void {
  let harness: EventStoreHarness;
  beforeEach(async () => {
    const clock = new ManualClock();
    harness = await factory({ clock: clock.now });
    use({ clock, harness, store: harness.store });
  }, timeout);

  afterEach(async () => {
    await harness.cleanup();
  }, timeout);
}
