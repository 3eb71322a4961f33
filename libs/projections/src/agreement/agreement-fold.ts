import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  agreementDecider,
  agreementTimeline,
  type AgreementHistory,
  type AgreementState,
  historyFromState,
  isOpened,
  type PositionedAgreementEvent,
  toAgreementEvent,
  type TransactionTime,
} from '@kyoyaku/domain';
import type { ReadModelReader, ReadModelWriter } from '../read-model';
import { BoundedMap } from '../bounded-map';
import { COLLECTIONS, padded, type StoredAgreementEvent } from './agreement-read-models';

/** Where an event sits: what the 沿革 cites of the events that made a version or the abolition. */
export type Envelope = Omit<PositionedAgreementEvent, 'event'>;

/**
 * An agreement's events folded: the decider's state, the envelopes the 沿革 cites (by the index of
 * the event in the fold, which is its stream revision when the fold is a prefix of the stream), and
 * which proceedings record invented facts.
 */
export interface AgreementFold {
  state: AgreementState;
  /** Envelopes by fold index, of the events the 沿革 cites. */
  envelopes: Map<number, Envelope>;
  invented: ReadonlySet<string>;
  /** Some event folded records invented facts. */
  illustrative: boolean;
  /** Events folded. */
  count: number;
}

export const EMPTY_FOLD: AgreementFold = {
  state: agreementDecider.initialState(),
  envelopes: new Map(),
  invented: new Set(),
  illustrative: false,
  count: 0,
};

/** Folds one stored event (re-read through the upcasting point, as every replay does). */
export function foldStored(fold: AgreementFold, stored: StoredAgreementEvent): AgreementFold {
  const event = toAgreementEvent(stored.event);
  const state = agreementDecider.evolve(fold.state, event);
  // Only the events the 沿革 cites keep their envelope (a version's conclusion, the abolition).
  const cited =
    isOpened(state) &&
    (state.versions.at(-1)?.revision === fold.count || state.abolition?.revision === fold.count);
  const envelopes = cited
    ? new Map(fold.envelopes).set(fold.count, {
        position: BigInt(stored.position),
        recordedAt: stored.recordedAt,
        eventId: stored.eventId,
      })
    : fold.envelopes;
  const invented =
    stored.illustrative === true &&
    'proceedingId' in event.data &&
    !fold.invented.has(event.data.proceedingId)
      ? new Set([...fold.invented, event.data.proceedingId])
      : fold.invented;
  return {
    state,
    envelopes,
    invented,
    illustrative: fold.illustrative || stored.illustrative === true,
    count: fold.count + 1,
  };
}

/** The 沿革 of a fold (undefined before AgreementOpened). */
export function historyOfFold(fold: AgreementFold): AgreementHistory | undefined {
  const envelopes: Envelope[] = [];
  for (const [index, envelope] of fold.envelopes) envelopes[index] = envelope;
  return historyFromState(fold.state, envelopes);
}

// ───────────────────────────── snapshots ─────────────────────────────

/** Events between two snapshots of an agreement's fold, unless a projection is built with another. */
export const DEFAULT_SNAPSHOT_INTERVAL = 100;

/** Where each snapshot of an agreement stands, to pick one for a moment without reading them all. */
export interface SnapshotIndexDoc {
  entries: SnapshotIndexEntry[];
}

export interface SnapshotIndexEntry {
  /** Events folded into it (the stream revisions 0 … count − 1). */
  count: number;
  /** Position of its last event. */
  lastPosition: string;
  /** The latest recordedAt among its events (a knownAt before it cannot start from it). */
  maxRecordedAt: string;
  /** The earliest recordedAt among the events since the snapshot before (a knownAt before it skips them). */
  blockMinRecordedAt: string;
}

/** A snapshot as stored: the fold, as deflated JSON in base64 (versions repeat most of their text). */
interface SnapshotDoc {
  count: number;
  /**
   * The hash of its last event (stream revision count − 1), which binds the whole stream up to it:
   * the command side checks it against the store before it starts a fold from the snapshot.
   */
  hash: string;
  deflated: string;
}

/**
 * An agreement's latest snapshot as the command side starts a fold from it: the decider's state
 * after the stream's first `count` events, and the hash of the last of them. Read models are not the
 * record: the caller checks the hash against the store and folds the whole stream when it differs.
 */
export interface AgreementStateSnapshot {
  count: number;
  hash: string;
  state: AgreementState;
}

interface SnapshotBody {
  state: AgreementState;
  envelopes: [number, { position: string; recordedAt?: string; eventId?: string }][];
  invented: string[];
  illustrative: boolean;
}

/** The fold indexes whose envelopes the 沿革 cites: each version's conclusion and the abolition's. */
function citedIndexes(state: AgreementState): number[] {
  if (!isOpened(state)) return [];
  return [
    ...state.versions.map((v) => v.revision),
    ...(state.abolition === undefined ? [] : [state.abolition.revision]),
  ];
}

export function writeSnapshot(
  tx: ReadModelWriter,
  agreementId: string,
  fold: AgreementFold,
  block: readonly StoredAgreementEvent[],
  /** The hash of the fold's last event (SnapshotDoc.hash). */
  hash: string,
): void {
  const body: SnapshotBody = {
    state: fold.state,
    envelopes: citedIndexes(fold.state).flatMap((index) => {
      const e = fold.envelopes.get(index);
      return e === undefined
        ? []
        : [
            [
              index,
              {
                position: e.position.toString(),
                ...(e.recordedAt === undefined ? {} : { recordedAt: e.recordedAt }),
                ...(e.eventId === undefined ? {} : { eventId: e.eventId }),
              },
            ] as SnapshotBody['envelopes'][number],
          ];
    }),
    invented: [...fold.invented].sort(),
    illustrative: fold.illustrative,
  };
  const deflated = deflateRawSync(JSON.stringify(body)).toString('base64');
  tx.put<SnapshotDoc>(COLLECTIONS.snapshots(agreementId), padded(fold.count), {
    count: fold.count,
    hash,
    deflated,
  });
  const index = tx.get<SnapshotIndexDoc>(COLLECTIONS.snapshotIndex, agreementId) ?? { entries: [] };
  const last = block.at(-1);
  const previous = index.entries.at(-1)?.maxRecordedAt ?? '';
  if (last === undefined) return;
  index.entries.push({
    count: fold.count,
    lastPosition: last.position,
    maxRecordedAt: latest([previous, ...block.map((e) => e.recordedAt)]),
    blockMinRecordedAt: earliest(block.map((e) => e.recordedAt)),
  });
  tx.put(COLLECTIONS.snapshotIndex, agreementId, index);
}

function ms(instant: string): number {
  return instant === '' ? Number.NEGATIVE_INFINITY : Date.parse(instant);
}
function latest(instants: readonly string[]): string {
  return instants.reduce((a, b) => (ms(b) > ms(a) ? b : a));
}
function earliest(instants: readonly string[]): string {
  return instants.reduce((a, b) => (ms(b) < ms(a) ? b : a));
}

/** Parsed snapshots, by agreement, size and the stored text (immutable once written). */
const PARSED_SNAPSHOTS_KEPT = 64;
const parsedSnapshots = new BoundedMap<string, { deflated: string; fold: AgreementFold }>(
  PARSED_SNAPSHOTS_KEPT,
);

/**
 * Snapshots parsed from ONE ledger's read models, by agreement and size. A snapshot is the fold of
 * the stream's first `count` events, which never change, and projections are deterministic (a
 * rebuild writes the same bytes): once parsed it is kept without reading its row again. Never share
 * one between two ledgers (the module's own cache, used without one, checks the stored text).
 */
export class ParsedSnapshots {
  private readonly folds = new BoundedMap<string, AgreementFold>(PARSED_SNAPSHOTS_KEPT);

  get(agreementId: string, count: number): AgreementFold | undefined {
    return this.folds.get(`${agreementId}\u0000${count}`);
  }

  set(agreementId: string, count: number, fold: AgreementFold): void {
    this.folds.set(`${agreementId}\u0000${count}`, fold);
  }
}

function readSnapshot(
  reader: ReadModelReader,
  agreementId: string,
  count: number,
  kept?: ParsedSnapshots,
): AgreementFold | null {
  const known = kept?.get(agreementId, count);
  if (known !== undefined) return known;
  const fold = parseSnapshot(reader, agreementId, count);
  if (fold !== null) kept?.set(agreementId, count, fold);
  return fold;
}

function parseSnapshot(reader: ReadModelReader, agreementId: string, count: number): AgreementFold | null {
  const doc = reader.get<SnapshotDoc>(COLLECTIONS.snapshots(agreementId), padded(count));
  return doc === null ? null : foldOfSnapshot(agreementId, doc);
}

function foldOfSnapshot(agreementId: string, doc: SnapshotDoc): AgreementFold {
  const key = `${agreementId}\u0000${doc.count}`;
  const cached = parsedSnapshots.get(key);
  if (cached?.deflated === doc.deflated) return cached.fold;
  const body = JSON.parse(
    inflateRawSync(Buffer.from(doc.deflated, 'base64')).toString('utf8'),
  ) as SnapshotBody;
  const fold: AgreementFold = {
    state: body.state,
    envelopes: new Map(
      body.envelopes.map(([index, e]) => [
        index,
        {
          position: BigInt(e.position),
          ...(e.recordedAt === undefined ? {} : { recordedAt: e.recordedAt }),
          ...(e.eventId === undefined ? {} : { eventId: e.eventId }),
        },
      ]),
    ),
    invented: new Set(body.invented),
    illustrative: body.illustrative,
    count: doc.count,
  };
  // Its timeline computed once and kept with its versions: a read folding the events after it
  // extends that timeline by the versions they conclude instead of replaying every amendment.
  if (isOpened(fold.state)) agreementTimeline(fold.state.versions);
  parsedSnapshots.set(key, { deflated: doc.deflated, fold });
  return fold;
}

/** The agreement's latest snapshot with the hash it was taken at (null when it has none). */
export function latestAgreementSnapshot(
  reader: ReadModelReader,
  agreementId: string,
): AgreementStateSnapshot | null {
  const entry = reader.get<SnapshotIndexDoc>(COLLECTIONS.snapshotIndex, agreementId)?.entries.at(-1);
  if (entry === undefined) return null;
  const doc = reader.get<SnapshotDoc>(COLLECTIONS.snapshots(agreementId), padded(entry.count));
  if (doc === null || typeof doc.hash !== 'string') return null;
  return { count: doc.count, hash: doc.hash, state: foldOfSnapshot(agreementId, doc).state };
}

/** The stored events with fold index ≥ `from` (stream revisions), in order, at most `limit`. */
export function storedEvents(
  reader: ReadModelReader,
  agreementId: string,
  from: number,
  limit: number,
): StoredAgreementEvent[] {
  return reader
    .list<StoredAgreementEvent>(COLLECTIONS.events(agreementId), {
      ...(from === 0 ? {} : { after: padded(from - 1) }),
      limit,
    })
    .map((d) => d.doc);
}

/** The whole stream folded, from its latest snapshot and the events after it. */
export function foldWhole(reader: ReadModelReader, agreementId: string): AgreementFold {
  const index = reader.get<SnapshotIndexDoc>(COLLECTIONS.snapshotIndex, agreementId);
  const entry = index?.entries.at(-1);
  let fold = (entry === undefined ? null : readSnapshot(reader, agreementId, entry.count)) ?? EMPTY_FOLD;
  for (;;) {
    const page = storedEvents(reader, agreementId, fold.count, 1000);
    for (const stored of page) fold = foldStored(fold, stored);
    if (page.length < 1000) return fold;
  }
}

/**
 * The latest recordedAt among all of an agreement's events (ms; −∞ for none): a knownAt at or after
 * it keeps every event, so it reads what the 沿革 read model holds. The snapshots' index gives it up
 * to the last snapshot; the events after that (fewer than a snapshot interval) are read.
 */
export function latestRecordedAt(reader: ReadModelReader, agreementId: string): number {
  const last = reader.get<SnapshotIndexDoc>(COLLECTIONS.snapshotIndex, agreementId)?.entries.at(-1);
  let latestMs = last === undefined ? Number.NEGATIVE_INFINITY : ms(last.maxRecordedAt);
  for (let from = last?.count ?? 0; ;) {
    const page = storedEvents(reader, agreementId, from, 1000);
    for (const stored of page) latestMs = Math.max(latestMs, ms(stored.recordedAt));
    from += page.length;
    if (page.length < 1000) return latestMs;
  }
}

/**
 * The fold of what the ledger knew at a moment (the events eventsKnownAt keeps, folded in stream
 * order), from the latest snapshot all of whose events were known then: the events replayed are
 * those of the blocks after it that hold an event known then — one block, unless the clock that
 * recorded them went backwards.
 */
export function foldKnownAt(
  reader: ReadModelReader,
  agreementId: string,
  at: TransactionTime,
  /** The ledger's parsed snapshots, kept by the caller (else each is read to check it). */
  kept?: ParsedSnapshots,
): AgreementFold {
  const knownAt = at.knownAt === undefined ? undefined : Date.parse(at.knownAt);
  if (knownAt !== undefined && Number.isNaN(knownAt))
    throw new RangeError(`knownAt is not an RFC 3339 instant: ${String(at.knownAt)}`);
  const known = (e: { position: string | bigint; recordedAt: string }): boolean =>
    (at.upToPosition === undefined || BigInt(e.position) <= at.upToPosition) &&
    (knownAt === undefined || Date.parse(e.recordedAt) <= knownAt);
  const entries = reader.get<SnapshotIndexDoc>(COLLECTIONS.snapshotIndex, agreementId)?.entries ?? [];
  // Both keys only grow with the revision: the usable snapshots are a prefix of the list.
  let start = -1;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry === undefined || !known({ position: entry.lastPosition, recordedAt: entry.maxRecordedAt }))
      break;
    start = i;
  }
  const from = start < 0 ? undefined : entries[start];
  let fold = (from === undefined ? null : readSnapshot(reader, agreementId, from.count, kept)) ?? EMPTY_FOLD;
  // The blocks after it, each read only if it may hold an event known then.
  let blockStart = fold.count;
  for (let i = start + 1; i <= entries.length; i++) {
    const entry = entries[i];
    if (entry !== undefined) {
      const first = BigInt(entries[i - 1]?.lastPosition ?? '0') + 1n;
      const mayHold =
        (at.upToPosition === undefined || first <= at.upToPosition) &&
        (knownAt === undefined || Date.parse(entry.blockMinRecordedAt) <= knownAt);
      if (mayHold) {
        for (const stored of storedEvents(reader, agreementId, blockStart, entry.count - blockStart)) {
          if (known(stored)) fold = foldStored(fold, stored);
        }
      }
      blockStart = entry.count;
      continue;
    }
    // The events after the last snapshot.
    for (;;) {
      const page = storedEvents(reader, agreementId, blockStart, 1000);
      for (const stored of page) if (known(stored)) fold = foldStored(fold, stored);
      blockStart += page.length;
      if (page.length < 1000) break;
    }
  }
  return fold;
}
