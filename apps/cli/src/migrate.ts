import {
  canonicalEventBytes,
  canonicalJson,
  type EventImporter,
  type EventStore,
  EventStoreDbEventStore,
  hashedPositionOf,
  PostgresEventStore,
  type RecordedEvent,
  SqliteEventStore,
  verifyEvent,
} from '@kyoyaku/event-store';
import { MemoryMerkleNodes, PostgresMerkleLog, SqliteMerkleLog } from '@kyoyaku/ledger';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LEDGER_FILE_NAME } from '@kyoyaku/runtime';
import type { ProgressFactory } from './progress';

/**
 * `migrate --from <store> --to <store>`: copies a ledger from one event store to another through
 * the EventImporter port — every event in global order with its id, stream revision, metadata
 * (recordedAt included), prevHash and hash — then reads both stores back and checks they hold the
 * same ledger: the same events one for one, every hash, every stream chain, and the same Merkle
 * root (and the stores' own trees, where a store keeps one). A target that holds any event is
 * refused before anything is written.
 *
 * Positions: a gap-free target (SQLite, PostgreSQL) numbers the copies 1, 2, 3… ; EventStoreDB
 * gives them its commit positions. Either way each copy keeps the position its hash covers
 * (`hashedPosition`), so hashes, chains, the Merkle tree and every checkpoint already signed stay
 * valid. The read models are not copied: the API rebuilds them from the events on its first start.
 */

export type StoreSpec =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string }
  | { kind: 'eventstoredb'; connectionString: string };

/** A store spec the command line cannot read: printed with the usage. */
export class StoreSpecError extends Error {}

/** A migration refused or found wrong: nothing more is done, the command exits 1. */
export class MigrationError extends Error {}

export const STORE_SPEC_HELP =
  'sqlite:<ledger file or data folder>, postgresql://user:password@host/database, esdb://host:2113?tls=false';

/** `sqlite:<file or folder>`, a postgresql:// URL (or `postgres:<url>`), an esdb:// string (or `eventstoredb:<string>`). */
export function parseStoreSpec(spec: string): StoreSpec {
  const [prefix, ...rest] = spec.split(':');
  const after = rest.join(':');
  if (prefix === 'sqlite' && after !== '') {
    const path = resolve(after);
    const isFolder = existsSync(path) && statSync(path).isDirectory();
    return { kind: 'sqlite', file: isFolder ? join(path, LEDGER_FILE_NAME) : path };
  }
  if (/^postgres(ql)?:\/\//.test(spec)) return { kind: 'postgres', url: spec };
  if (prefix === 'postgres' && /^postgres(ql)?:\/\//.test(after)) return { kind: 'postgres', url: after };
  if (/^esdb(\+discover)?:\/\//.test(spec)) return { kind: 'eventstoredb', connectionString: spec };
  if (prefix === 'eventstoredb' && /^esdb(\+discover)?:\/\//.test(after)) {
    return { kind: 'eventstoredb', connectionString: after };
  }
  throw new StoreSpecError(`"${spec}" names no store; write one of ${STORE_SPEC_HELP}`);
}

/** The spec with any password left out, for messages. */
export function describeStoreSpec(spec: StoreSpec): string {
  switch (spec.kind) {
    case 'sqlite':
      return `sqlite:${spec.file}`;
    case 'postgres':
    case 'eventstoredb': {
      const text = spec.kind === 'postgres' ? spec.url : spec.connectionString;
      return text.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
    }
  }
}

function sameStore(a: StoreSpec, b: StoreSpec): boolean {
  return describeStoreSpec(a) === describeStoreSpec(b);
}

/** A store opened for the migration, with the Merkle tree it keeps (SQLite, PostgreSQL), if any. */
interface OpenedStore {
  store: EventStore & EventImporter;
  tree: { root(size: bigint): Buffer | Promise<Buffer>; leafCount(): bigint | Promise<bigint> } | null;
  close(): Promise<void>;
}

async function openStore(spec: StoreSpec, role: 'source' | 'target'): Promise<OpenedStore> {
  switch (spec.kind) {
    case 'sqlite': {
      if (role === 'source' && !existsSync(spec.file)) {
        throw new MigrationError(`there is no ledger at ${spec.file}`);
      }
      const tree = new SqliteMerkleLog();
      const store = SqliteEventStore.open({ file: spec.file, participants: [tree] });
      return { store, tree, close: () => store.close() };
    }
    case 'postgres': {
      const tree = new PostgresMerkleLog();
      const store = await PostgresEventStore.open({ connectionString: spec.url, participants: [tree] });
      return { store, tree, close: () => store.close() };
    }
    case 'eventstoredb': {
      // Its tree lives with the read models (built by the projector), not in the store.
      const store = EventStoreDbEventStore.connect({ connectionString: spec.connectionString });
      return { store, tree: null, close: () => store.close() };
    }
  }
}

/**
 * The copy of a recorded event for the target: on a gap-free target the next position there; the
 * position its hash covers goes with it whenever that is not its new position.
 */
export function copyFor(event: RecordedEvent, targetGapFree: boolean, nextPosition: bigint): RecordedEvent {
  const { hashedPosition: _hashed, ...rest } = event;
  const covered = hashedPositionOf(event);
  const position = targetGapFree ? nextPosition : event.position;
  return covered === position ? { ...rest, position } : { ...rest, position, hashedPosition: covered };
}

/**
 * Where a page may end: not inside one idempotent append (its events carry one key, in one stream,
 * one after the other), so that an importer that registers keys sees each append whole.
 */
export function splitAtAppendBoundary(page: readonly RecordedEvent[]): [RecordedEvent[], RecordedEvent[]] {
  const last = page.at(-1);
  const key = last?.metadata.idempotencyKey;
  if (last === undefined || key === undefined) return [[...page], []];
  let start = page.length - 1;
  while (start > 0) {
    const before = page[start - 1];
    if (before?.metadata.idempotencyKey !== key || before.streamId !== last.streamId) break;
    start--;
  }
  return [page.slice(0, start), page.slice(start)];
}

function described(event: RecordedEvent): string {
  return `${event.streamId} revision ${event.revision.toString()} (event ${event.eventId})`;
}

/**
 * Compares a source ledger with its copy, event by event in global order: the same envelope
 * (positions aside), each copy's hash recomputing from its content, each stream's chain, and the
 * Merkle tree over both. Pure: the migration feeds it what it reads from the two stores.
 */
export class LedgerComparison {
  readonly sourceTree = new MemoryMerkleNodes();
  readonly targetTree = new MemoryMerkleNodes();
  private readonly heads = new Map<string, { revision: bigint; hash: string }>();
  private problem: string | null = null;

  get count(): bigint {
    return this.targetTree.size;
  }

  get streams(): number {
    return this.heads.size;
  }

  /** The first difference found, or null. */
  get firstProblem(): string | null {
    return this.problem;
  }

  /** Adds the next pair; false (and firstProblem set) at the first difference. */
  add(source: RecordedEvent | undefined, target: RecordedEvent | undefined): boolean {
    if (this.problem !== null) return false;
    const number = this.count + 1n;
    if (source === undefined || target === undefined) {
      return this.fail(
        source === undefined
          ? `the target holds more events than the source (event ${number}: ${target ? described(target) : ''})`
          : `the target lacks event ${number} of the source (${described(source)})`,
      );
    }
    const fields = ['eventId', 'streamId', 'revision', 'type', 'schemaVersion', 'hash', 'prevHash'] as const;
    for (const field of fields) {
      if (source[field] !== target[field]) {
        return this.fail(`event ${number} (${described(source)}) differs in ${field} in the target`);
      }
    }
    if (canonicalJson(source.data) !== canonicalJson(target.data)) {
      return this.fail(`event ${number} (${described(source)}) differs in data in the target`);
    }
    if (canonicalJson(source.metadata) !== canonicalJson(target.metadata)) {
      return this.fail(`event ${number} (${described(source)}) differs in metadata in the target`);
    }
    if (hashedPositionOf(source) !== hashedPositionOf(target)) {
      return this.fail(
        `event ${number} (${described(source)}): its hash covers another position in the target`,
      );
    }
    if (!verifyEvent(target))
      return this.fail(`event ${number} (${described(target)}): its hash does not recompute`);
    const head = this.heads.get(target.streamId);
    if (
      target.revision !== (head === undefined ? 0n : head.revision + 1n) ||
      target.prevHash !== (head?.hash ?? null)
    ) {
      return this.fail(`event ${number} (${described(target)}) does not continue its stream's chain`);
    }
    this.heads.set(target.streamId, { revision: target.revision, hash: target.hash });
    // The leaves are the canonical envelopes, as the verifier and the stores' trees take them.
    this.sourceTree.append(canonicalEventBytes(source));
    this.targetTree.append(canonicalEventBytes(target));
    return true;
  }

  private fail(problem: string): false {
    this.problem = problem;
    return false;
  }
}

export interface MigrationReport {
  from: string;
  to: string;
  events: bigint;
  streams: number;
  /** base64 of the Merkle root over every event, the same in both stores. */
  root: string;
  /** Which stores' own trees were compared too. */
  storeTrees: string[];
  seconds: number;
}

export interface MigrateOptions {
  progress: ProgressFactory;
  /** Events per read and per import call (default 1000). */
  batchSize?: number;
  now?: () => number;
}

export async function migrateLedger(
  from: StoreSpec,
  to: StoreSpec,
  options: MigrateOptions,
): Promise<MigrationReport> {
  if (sameStore(from, to)) throw new MigrationError('the source and the target are the same store');
  const now = options.now ?? Date.now;
  const started = now();
  const batchSize = options.batchSize ?? 1000;
  const source = await openStore(from, 'source');
  let target: OpenedStore;
  try {
    target = await openStore(to, 'target');
  } catch (error) {
    await source.close();
    throw error;
  }
  try {
    const targetHead = await target.store.headPosition();
    if (targetHead !== 0n) {
      throw new MigrationError(
        `the target ${describeStoreSpec(to)} already holds events (head position ${targetHead.toString()}); ` +
          'migrate copies into an empty store only, and wrote nothing',
      );
    }
    const total = source.store.gapFreePositions ? Number(await source.store.headPosition()) : undefined;

    // Copy.
    const copying = options.progress('migrate: copying', 'events', total);
    let after = 0n;
    let nextPosition = 1n;
    let copied = 0;
    let carried: RecordedEvent[] = [];
    for (;;) {
      const page = await source.store.readAll({ after, limit: batchSize });
      const last = page.at(-1);
      if (last !== undefined) after = last.position;
      const [ready, held] = page.length === 0 ? [carried, []] : splitAtAppendBoundary([...carried, ...page]);
      carried = held;
      if (ready.length > 0) {
        const copies = ready.map((event) => copyFor(event, target.store.gapFreePositions, nextPosition++));
        try {
          await target.store.importEvents(copies);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new MigrationError(
            `copying stopped after ${copied} events: ${reason}. The target may hold part of the copy: ` +
              'empty it (or take a new one) before migrating again',
            { cause: error },
          );
        }
        copied += copies.length;
        copying.advance(copies.length);
      }
      if (page.length === 0 && carried.length === 0) break;
    }
    copying.finish();

    // Verify: both stores read back, side by side.
    const comparison = new LedgerComparison();
    const checking = options.progress('migrate: verifying', 'events', copied);
    let sourceAfter = 0n;
    let targetAfter = 0n;
    for (;;) {
      const [sourcePage, targetPage] = await Promise.all([
        source.store.readAll({ after: sourceAfter, limit: batchSize }),
        target.store.readAll({ after: targetAfter, limit: batchSize }),
      ]);
      const length = Math.max(sourcePage.length, targetPage.length);
      for (let i = 0; i < length; i++) {
        if (!comparison.add(sourcePage[i], targetPage[i])) {
          throw new MigrationError(`the copy differs from the source: ${comparison.firstProblem ?? ''}`);
        }
      }
      checking.advance(length);
      if (length === 0) break;
      sourceAfter = sourcePage.at(-1)?.position ?? sourceAfter;
      targetAfter = targetPage.at(-1)?.position ?? targetAfter;
    }
    checking.finish();
    const size = comparison.count;
    const root = comparison.sourceTree.root();
    if (!root.equals(comparison.targetTree.root())) {
      throw new MigrationError('the Merkle roots of the source and of the copy differ');
    }
    const storeTrees: string[] = [];
    for (const [spec, opened] of [
      [from, source],
      [to, target],
    ] as const) {
      if (opened.tree === null) continue;
      const leaves = await opened.tree.leafCount();
      const kept = leaves === size ? await opened.tree.root(size) : null;
      if (kept === null || !kept.equals(root)) {
        throw new MigrationError(
          `the Merkle tree kept in ${describeStoreSpec(spec)} (${leaves.toString()} leaves) does not match the events' root`,
        );
      }
      storeTrees.push(describeStoreSpec(spec));
    }
    return {
      from: describeStoreSpec(from),
      to: describeStoreSpec(to),
      events: size,
      streams: comparison.streams,
      root: root.toString('base64'),
      storeTrees,
      seconds: (now() - started) / 1000,
    };
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}

export function describeMigration(report: MigrationReport): string {
  const rate =
    report.seconds > 0
      ? ` (${Math.round(Number(report.events) / report.seconds).toLocaleString('en-US')} events/s)`
      : '';
  return (
    `migrated ${report.events.toLocaleString('en-US')} events in ${report.streams} streams from ${report.from} ` +
    `to ${report.to} in ${report.seconds.toFixed(1)} s${rate}\n` +
    `verified: the same events one for one, every hash and every stream chain, Merkle root ${report.root}` +
    (report.storeTrees.length === 0 ? '' : ` (also the tree kept in ${report.storeTrees.join(' and ')})`) +
    '\n' +
    'the read models are rebuilt from the events when the API first starts on the target\n'
  );
}
