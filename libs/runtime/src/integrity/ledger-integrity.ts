import { computeEventHash, CorruptEventError, type EventStore } from '@kyoyaku/event-store';
import {
  checkConsistency,
  checkInclusion,
  exportCheckpointLine,
  exportCorruptLine,
  exportEventLine,
  exportWithheldLine,
  keyId,
  KeyChain,
  leafHash,
  type NoteSigner,
  type RecordedSigningKey,
  signCheckpoint,
  type SignedCheckpointRecord,
  signRotationStatement,
  verifierKeyOf,
  verifyExport,
  verifyKeyHistory,
} from '@kyoyaku/ledger';
import { canonicalEventBytes, type RecordedEvent } from '@kyoyaku/event-store';
import type { ReadModelCheckState } from './read-model-check';

export interface SignedCheckpoint {
  origin: string;
  size: string;
  /** base64 of the RFC 9162 root. */
  root: string;
  note: string;
}

export interface IntegrityState {
  /**
   * Result of the last background re-verification of the stored events and tree; `failing` also as
   * soon as a read finds a stored event corrupt, or a root contradicting a checkpoint already signed.
   */
  status: 'not-yet-checked' | 'ok' | 'failing';
  checkedAt?: string;
  size?: string;
  /** The first bad position, when the problem names one (a root mismatch names a range instead). */
  position?: string;
  problem?: string;
}

/**
 * The integrity check is failing: nothing is signed until the ledger is restored (a checkpoint over
 * a ledger known to be bad would vouch for it).
 */
export class IntegrityFailingError extends Error {
  readonly code = 'IntegrityFailing';
  constructor(readonly state: IntegrityState) {
    super(
      `The integrity check of the ledger is failing${state.problem === undefined ? '' : ` (${state.problem})`}; ` +
        'no checkpoint is signed until the ledger is restored from a backup.',
    );
    this.name = 'IntegrityFailingError';
  }
}

/**
 * A checkpoint was asked for a tree size before the current signing key took over, and the key
 * that was valid then never signed that size: the current key may not (its period starts later).
 */
export class CheckpointBeforeKeyError extends Error {
  readonly code = 'CheckpointBeforeSigningKey';
  constructor(
    readonly size: bigint,
    readonly keyFrom: bigint,
  ) {
    super(
      `No checkpoint of tree size ${size.toString()} was signed before the signing key was rotated at size ${keyFrom.toString()}, ` +
        `and the current key signs only sizes from ${keyFrom.toString()} on: ask for a tree size of at least ${keyFrom.toString()} ` +
        '(a proof from that size on still covers every earlier event), or for a size the earlier key signed.',
    );
    this.name = 'CheckpointBeforeKeyError';
  }
}

/** One key of GET /ledger/verifier-keys: the key, the tree sizes and times it signs, what introduced it. */
export interface VerifierKeyResource {
  verifierKey: string;
  /** `<name>+<8 hex>`, as signature lines name it. */
  keyId: string;
  from: { treeSize: string; at: string };
  /** Null while the key is the current one. */
  to: { treeSize: string; at: string } | null;
  /** The rotation statement (a signed note) that introduced the key; null for the first key. */
  rotationStatement: string | null;
}

export interface VerifierKeyHistory {
  /** The keys' name, which is also every checkpoint's origin. */
  origin: string;
  /** The key that signs now (the last of `keys`). */
  current: string;
  keys: VerifierKeyResource[];
}

/** The history as served, from the recorded keys (each key's period ends where the next begins). */
export function verifierKeyHistory(origin: string, keys: readonly RecordedSigningKey[]): VerifierKeyHistory {
  return {
    origin,
    current: keys.at(-1)?.verifierKey ?? '',
    keys: keys.map((key, i) => {
      const next = keys[i + 1];
      return {
        verifierKey: key.verifierKey,
        keyId: key.verifierKey.split('+').slice(0, 2).join('+'),
        from: { treeSize: key.fromSize.toString(), at: key.since },
        to: next === undefined ? null : { treeSize: next.fromSize.toString(), at: next.since },
        rotationStatement: key.rotationStatement,
      };
    }),
  };
}

const EXPORT_PAGE = 1000;

/**
 * Older leaves each incremental verification checks again, in a window that moves on from run to
 * run and wraps around: with hourly runs, every event of a ledger of n events is re-read within
 * n / 1000 hours (42 days for a million events), besides the full check when a process is elected.
 */
export const INTEGRITY_SAMPLE_LEAVES = 1000;

/** What a verification covered: the next, incremental one starts from it. */
export interface VerifiedMark {
  /** Leaves verified (the tree's size then), and the root they make. */
  size: bigint;
  root: Buffer;
  /** The leaf index where the next sample of older leaves starts. */
  sampleFrom: bigint;
}

interface FoundProblem {
  position?: bigint;
  problem: string;
}

/**
 * The Merkle log as the integrity services read it: the SQLite log answers at once, the
 * PostgreSQL one over the network.
 */
export interface MerkleLogReader {
  /** Leaves in the tree: the events it covers (on SQLite and PostgreSQL, all of them). */
  leafCount(): bigint | Promise<bigint>;
  root(size: bigint): Buffer | Promise<Buffer>;
  inclusionProof(index: bigint, size: bigint): Buffer[] | Promise<Buffer[]>;
  consistencyProof(oldSize: bigint, newSize: bigint): Buffer[] | Promise<Buffer[]>;
  /**
   * Where positions have gaps (EventStoreDB), the leaf of the event at a position (null: none) and
   * the position of a leaf. Absent: positions are 1, 2, 3… and leaf i is the event at i + 1.
   */
  leafIndexOf?(position: bigint): bigint | null;
  positionAt?(index: bigint): bigint | null;
}

/**
 * The ledger's integrity services over the store and its Merkle log: checkpoints signed on demand,
 * proofs, the export, and a background re-verification of everything stored (DESIGN.md §9).
 */
export class LedgerIntegrity {
  private state: IntegrityState = { status: 'not-yet-checked' };
  /** The last rebuild-and-compare of the read models (OpenLedger.checkReadModels). */
  readModelCheck: ReadModelCheckState = { status: 'not-yet-checked' };
  /** Re-verifications run since start, by result (metrics). */
  readonly checks = { ok: 0, failed: 0 };

  constructor(
    private readonly store: EventStore,
    private readonly log: MerkleLogReader,
    private readonly signer: NoteSigner,
    private readonly clock: () => Date,
    /** Every checkpoint signed, append-only (none: nothing recorded, as in tests of the signing alone). */
    private readonly signed: SignedCheckpointRecord | null = null,
    /** The first tree size the signer signs (the size of the rotation that introduced it; 0 for the first key). */
    private readonly signerFrom = 0n,
  ) {}

  /** Marks the ledger failing at once (a read found it bad); the next background check re-judges. */
  fail(problem: string, position?: bigint): IntegrityState {
    this.state = {
      status: 'failing',
      checkedAt: this.clock().toISOString(),
      ...(position === undefined ? {} : { position: position.toString() }),
      problem: position === undefined ? problem : `position ${position.toString()}: ${problem}`,
    };
    return this.state;
  }

  /** Throws IntegrityFailingError while the check is failing. */
  assertNotFailing(): void {
    if (this.state.status === 'failing') throw new IntegrityFailingError(this.state);
  }

  /**
   * Checks a root of the tree against the checkpoint signed for that size, if any: a root that
   * differs means history below a signed checkpoint was rewritten, so the check fails at once.
   */
  assertMatchesSigned(size: bigint, root: Buffer): void {
    const recorded = this.signed?.recordedRoot(size) ?? null;
    if (recorded !== null && !recorded.equals(root)) {
      this.fail(
        `the tree of ${size} events has root ${root.toString('base64')}, but the checkpoint signed for ` +
          `that size has ${recorded.toString('base64')}: history up to position ${size} was rewritten`,
      );
      throw new IntegrityFailingError(this.state);
    }
  }

  get verifierKey(): string {
    return verifierKeyOf(this.signer);
  }

  /** The checkpoint of the tree at `size` (the whole tree by default), signed now (Ed25519 is deterministic). */
  async checkpoint(size?: bigint): Promise<SignedCheckpoint> {
    const at = size ?? (await this.treeSize());
    const { checkpoint, recorded } = this.signAndRecord(at, await this.log.root(at), false);
    await recorded;
    return checkpoint;
  }

  /**
   * The events the tree covers: every stored one where the tree commits with the events (SQLite,
   * PostgreSQL); on EventStoreDB, those the projector has applied.
   */
  async treeSize(): Promise<bigint> {
    return this.log.leafCount();
  }

  /** The leaf index of the event at a position, null when no event there is in the tree. */
  leafIndexOf(position: bigint): bigint | null {
    return this.log.leafIndexOf === undefined ? position - 1n : this.log.leafIndexOf(position);
  }

  /** The position of the last event in a tree of `size` leaves (0n for the empty tree). */
  lastPositionAt(size: bigint): bigint {
    if (size === 0n || this.log.positionAt === undefined) return size;
    const position = this.log.positionAt(size - 1n);
    if (position === null) throw new Error(`the Merkle tree has fewer than ${size} leaves`);
    return position;
  }

  /**
   * Signs the tree's root at a size, read beforehand (the checkpoint projection signs synchronously),
   * and records it. Refuses (IntegrityFailingError) while the check is failing, and for a size
   * already signed with another root.
   */
  sign(size: bigint, root: Buffer): SignedCheckpoint {
    const { checkpoint, recorded } = this.signAndRecord(size, root, true);
    // The projection cannot wait; a root another process recorded first is still judged.
    recorded.catch(() => undefined);
    return checkpoint;
  }

  /**
   * `keepRecorded`: answer a size already signed with the note first signed (the checkpoint projection,
   * so that a rebuild after a rotation issues the same notes). Otherwise the current key signs every
   * size of its period — at the rotation's own size too, so that what GET /ledger/checkpoint serves
   * opens with GET /ledger/verifier-key — and only a size before its period gets the earlier key's note.
   */
  private signAndRecord(
    size: bigint,
    root: Buffer,
    keepRecorded: boolean,
  ): { checkpoint: SignedCheckpoint; recorded: Promise<void> } {
    this.assertNotFailing();
    this.assertMatchesSigned(size, root);
    const record = this.signed;
    const note = keepRecorded || size < this.signerFrom ? (record?.recordedNote(size) ?? null) : null;
    if (note !== null) {
      const checkpoint = {
        origin: this.signer.name,
        size: size.toString(),
        root: root.toString('base64'),
        note,
      };
      return { checkpoint, recorded: Promise.resolve() };
    }
    if (size < this.signerFrom) throw new CheckpointBeforeKeyError(size, this.signerFrom);
    const checkpoint = this.signUnrecorded(size, root);
    if (record === null || record.recordedRoot(size) !== null)
      return { checkpoint, recorded: Promise.resolve() };
    const recorded = record
      .append({ size, root, note: checkpoint.note, signedAt: this.clock().toISOString() })
      // Another process may have recorded that size first, with another root.
      .then(() => this.assertMatchesSigned(size, root));
    return { checkpoint, recorded };
  }

  private signUnrecorded(size: bigint, root: Buffer): SignedCheckpoint {
    return {
      origin: this.signer.name,
      size: size.toString(),
      root: root.toString('base64'),
      note: signCheckpoint({ origin: this.signer.name, size, root }, this.signer),
    };
  }

  async inclusion(position: bigint, treeSize: bigint) {
    const leafIndex = this.leafIndexOf(position);
    if (leafIndex === null) throw new Error(`no event at position ${position} is in the Merkle tree`);
    // The event is the first after its predecessor's position (a position the store knows).
    const before = leafIndex === 0n ? 0n : (this.log.positionAt?.(leafIndex - 1n) ?? position - 1n);
    const [event] = await this.store.readAll({ after: before, limit: 1 });
    const leaf = event === undefined ? null : leafHash(canonicalEventBytes(event));
    return {
      position: position.toString(),
      treeSize: treeSize.toString(),
      leafIndex: leafIndex.toString(),
      leafHash: leaf === null ? null : leaf.toString('base64'),
      proof: (await this.log.inclusionProof(leafIndex, treeSize)).map((h) => h.toString('base64')),
      checkpoint: await this.checkpoint(treeSize),
    };
  }

  async consistency(from: bigint, to: bigint) {
    this.assertNotFailing();
    const oldRoot = await this.log.root(from);
    // A proof from a size already signed must start from the root that was signed.
    this.assertMatchesSigned(from, oldRoot);
    return {
      from: from.toString(),
      to: to.toString(),
      proof: (await this.log.consistencyProof(from, to)).map((h) => h.toString('base64')),
      oldRoot: oldRoot.toString('base64'),
      newRoot: (await this.log.root(to)).toString('base64'),
      checkpoint: await this.checkpoint(to),
    };
  }

  /**
   * The export: one JSON line per event, in global order, then the signed checkpoint of that size:
   * the events the tree covers (counted, as positions need not be 1, 2, 3…). An event `withhold`
   * says the reader may not see is replaced by its stub (position and hashes), which keeps the
   * export verifiable. A stored event that does not read as one ends the export with a line naming
   * its position, and no checkpoint; the check is then failing. `pageSize`: events read from the store
   * at a time (an export served to a client that may read slowly holds one page while it waits).
   */
  exportLines(
    withhold: (event: RecordedEvent) => boolean | Promise<boolean> = () => false,
    pageSize = EXPORT_PAGE,
  ): AsyncGenerator<string> {
    this.assertNotFailing();
    return this.lines(withhold, async (size) => (await this.checkpoint(size)).note, pageSize);
  }

  private async *lines(
    withhold: (event: RecordedEvent) => boolean | Promise<boolean>,
    signedNote: (size: bigint) => Promise<string>,
    pageSize = EXPORT_PAGE,
  ): AsyncGenerator<string> {
    const size = await this.treeSize();
    let after = 0n;
    let written = 0n;
    while (written < size) {
      let events: RecordedEvent[];
      let corrupt: CorruptEventError | null = null;
      try {
        events = await this.store.readAll({ after, limit: pageSize });
      } catch (error) {
        if (!(error instanceof CorruptEventError)) throw error;
        corrupt = error;
        // The events before it (positions are 1, 2, 3… where events can be corrupt) still go out.
        const before = error.position - after - 1n;
        events = before > 0n ? await this.store.readAll({ after, limit: Number(before) }) : [];
      }
      for (const event of events) {
        if (written === size) break;
        yield `${(await withhold(event)) ? exportWithheldLine(event) : exportEventLine(event)}\n`;
        after = event.position;
        written++;
      }
      if (corrupt !== null) {
        this.fail(corrupt.reason, corrupt.position);
        yield `${exportCorruptLine(corrupt.position, corrupt.reason)}\n`;
        return;
      }
      if (events.length === 0) break;
    }
    yield `${exportCheckpointLine(await signedNote(size))}\n`;
  }

  /**
   * Re-verifies everything stored exactly as an outside verifier would — every event's JSON, hash
   * and chain, the tree's root — and holds the ledger to every checkpoint it has signed. Runs also
   * while failing (it signs nothing it keeps), so a restored ledger recovers by itself.
   */
  async reverify(): Promise<IntegrityState> {
    const signed = (await this.signed?.all()) ?? [];
    const checkedAt = this.clock().toISOString();
    const keys = await this.keyChain();
    if (typeof keys === 'string') {
      this.state = { status: 'failing', checkedAt, problem: keys };
      this.checks.failed++;
      return this.state;
    }
    const lines = this.lines(
      () => false,
      async (size) => this.signUnrecorded(size, await this.log.root(size)).note,
    );
    const report = await verifyExport(lines, {
      verifierKey: keys,
      olderCheckpoints: signed.map((checkpoint) => checkpoint.note),
    });
    if (report.ok) {
      this.state = { status: 'ok', checkedAt, size: report.events.toString() };
    } else {
      this.state = {
        status: 'failing',
        checkedAt,
        ...(report.position === null ? {} : { position: report.position.toString() }),
        problem: `${report.position === null ? '' : `position ${report.position.toString()}: `}${report.problem}`,
      };
    }
    this.checks[report.ok ? 'ok' : 'failed']++;
    return this.state;
  }

  /** The full re-verification (reverify), and the mark an incremental one continues from. */
  async reverifyFull(): Promise<{ state: IntegrityState; mark: VerifiedMark | null }> {
    const state = await this.reverify();
    if (state.status !== 'ok') return { state, mark: null };
    const size = BigInt(state.size ?? '0');
    return { state, mark: { size, root: await this.log.root(size), sampleFrom: 0n } };
  }

  /**
   * The incremental re-verification, from what `mark` covered: the tree still has the root that was
   * verified at that size and extends it (a consistency proof); each new leaf, and a window of
   * `sampleLeaves` older ones that rotates over the whole tree, has the hash of its content,
   * continues its stream's chain and is in the tree at its place (an inclusion proof); every
   * checkpoint signed verifies with the key valid at its size (the key chain), and those of sizes past the mark have the
   * tree's root at their size. A failure leaves no mark: the next run is a full one.
   */
  async reverifySince(
    mark: VerifiedMark,
    sampleLeaves = INTEGRITY_SAMPLE_LEAVES,
  ): Promise<{ state: IntegrityState; mark: VerifiedMark | null }> {
    const size = await this.treeSize();
    const root = await this.log.root(size);
    const sampleFrom = mark.sampleFrom >= mark.size ? 0n : mark.sampleFrom;
    const sampleTo =
      sampleFrom + BigInt(sampleLeaves) < mark.size ? sampleFrom + BigInt(sampleLeaves) : mark.size;
    const found =
      (await this.treeProblem(mark, size, root)) ??
      (await this.signedProblem(mark.size, size)) ??
      (await this.leavesProblem(mark.size, size, size, root)) ??
      (await this.leavesProblem(sampleFrom, sampleTo, size, root));
    const checkedAt = this.clock().toISOString();
    if (found === null) {
      this.state = { status: 'ok', checkedAt, size: size.toString() };
    } else {
      this.state = {
        status: 'failing',
        checkedAt,
        ...(found.position === undefined ? {} : { position: found.position.toString() }),
        problem: `${found.position === undefined ? '' : `position ${found.position.toString()}: `}${found.problem}`,
      };
    }
    this.checks[found === null ? 'ok' : 'failed']++;
    return { state: this.state, mark: found === null ? { size, root, sampleFrom: sampleTo } : null };
  }

  /**
   * Takes a verification made by another process (the elected one, from the shared record), unless
   * this process has found something more recent itself (a read that met a corrupt event).
   */
  adopt(state: IntegrityState): void {
    const mine = this.state.checkedAt;
    if (mine !== undefined && state.checkedAt !== undefined && mine > state.checkedAt) return;
    this.state = state;
  }

  /** The tree below the mark is the one verified, and the tree now extends it. */
  private async treeProblem(mark: VerifiedMark, size: bigint, root: Buffer): Promise<FoundProblem | null> {
    if (size < mark.size) {
      return { problem: `the tree has ${size} leaves, fewer than the ${mark.size} already verified` };
    }
    const old = await this.log.root(mark.size);
    if (!old.equals(mark.root)) {
      return {
        problem:
          `the tree of ${mark.size} events has root ${old.toString('base64')}, but ${mark.root.toString('base64')} ` +
          `was verified: history up to position ${this.lastPositionAt(mark.size)} was rewritten`,
      };
    }
    const proof = await this.log.consistencyProof(mark.size, size);
    const consistent = checkConsistency(mark.size, size, proof, mark.root, root);
    return consistent.ok
      ? null
      : { problem: `the tree of ${size} events does not extend the one verified: ${consistent.reason}` };
  }

  /** Every signed checkpoint verifies; those past `from` hold the tree's root at their size. */
  private async signedProblem(from: bigint, size: bigint): Promise<FoundProblem | null> {
    const keys = await this.keyChain();
    if (typeof keys === 'string') return { problem: keys };
    for (const signed of (await this.signed?.all()) ?? []) {
      const opened = keys.openCheckpoint(signed.note);
      if (!opened.ok) {
        const reason = 'outOfPeriod' in opened ? opened.outOfPeriod : opened.error.message;
        return { problem: `the checkpoint signed for ${signed.size} events: ${reason}` };
      }
      if (signed.size <= from || signed.size > size) continue;
      const root = await this.log.root(signed.size);
      if (!root.equals(signed.root)) {
        return {
          problem:
            `the tree of ${signed.size} events has root ${root.toString('base64')}, but the checkpoint signed ` +
            `for that size has ${signed.root.toString('base64')}: history up to position ${this.lastPositionAt(signed.size)} was rewritten`,
        };
      }
    }
    return null;
  }

  /** Leaves [from, to): each event's hash, its stream's chain, and its inclusion in the tree. */
  private async leavesProblem(
    from: bigint,
    to: bigint,
    size: bigint,
    root: Buffer,
  ): Promise<FoundProblem | null> {
    const heads = new Map<string, { revision: bigint; hash: string }>();
    let after = from === 0n ? 0n : this.lastPositionAt(from);
    let index = from;
    while (index < to) {
      const limit = Number(to - index < BigInt(EXPORT_PAGE) ? to - index : BigInt(EXPORT_PAGE));
      let events: RecordedEvent[];
      try {
        events = await this.store.readAll({ after, limit });
      } catch (error) {
        if (error instanceof CorruptEventError) return { position: error.position, problem: error.reason };
        throw error;
      }
      if (events.length === 0) {
        return { problem: `the tree has ${size} leaves, but the events end at position ${after}` };
      }
      for (const event of events) {
        const position = event.position;
        let computed: string;
        try {
          computed = computeEventHash(event);
        } catch (error) {
          return { position, problem: `hash mismatch: no canonical form (${String(error)})` };
        }
        if (computed !== event.hash) {
          return {
            position,
            problem: `hash mismatch: the content hashes to ${computed}, the event says ${event.hash}`,
          };
        }
        let previous: { revision: bigint; hash: string } | undefined = heads.get(event.streamId);
        if (previous === undefined && event.revision > 0n) {
          try {
            [previous] = await this.store.readStream(event.streamId, {
              direction: 'backward',
              fromRevision: event.revision - 1n,
              maxCount: 1,
            });
          } catch (error) {
            if (error instanceof CorruptEventError)
              return { position: error.position, problem: error.reason };
            throw error;
          }
        }
        const expected = previous === undefined ? null : previous.hash;
        if (
          (event.revision === 0n ? null : expected) !== event.prevHash ||
          (event.revision > 0n && previous?.revision !== event.revision - 1n)
        ) {
          return {
            position,
            problem: `prevHash mismatch: stream ${event.streamId} revision ${event.revision} does not continue its chain`,
          };
        }
        heads.set(event.streamId, { revision: event.revision, hash: event.hash });
        const proof = await this.log.inclusionProof(index, size);
        const included = checkInclusion(leafHash(canonicalEventBytes(event)), index, size, proof, root);
        if (!included.ok) {
          return { position, problem: `the event is not the tree's leaf ${index}: ${included.reason}` };
        }
        after = position;
        index++;
        if (index >= to) break;
      }
    }
    return null;
  }

  get integrityState(): IntegrityState {
    return this.state;
  }

  /**
   * The recorded key history, verified as a third party would (each rotation signed by the key it
   * retires), ending with this server's key; otherwise what is wrong. Without a record: this key alone.
   */
  private async keyChain(): Promise<KeyChain | string> {
    const keys = (await this.signed?.keys()) ?? [];
    if (keys.length === 0) return KeyChain.single(this.verifierKey);
    const report = verifyKeyHistory(keys);
    if (!report.ok) return `the signing key history: ${report.problem}`;
    if (report.chain.current.verifierKey !== this.verifierKey) {
      return (
        `the signing key history ends with ${keyId(report.chain.current.verifier.name, report.chain.current.verifier.keyHash)}, ` +
        `but this server signs with ${keyId(this.signer.name, this.signer.keyHash)}: the key was rotated while it ran; restart it`
      );
    }
    return report.chain;
  }

  /** Every key the ledger has signed with, each with its period and the statement that introduced it. */
  async verifierKeys(): Promise<VerifierKeyHistory> {
    const keys = (await this.signed?.keys()) ?? [];
    return verifierKeyHistory(
      this.signer.name,
      keys.length > 0
        ? keys
        : [{ seq: 0, verifierKey: this.verifierKey, fromSize: 0n, since: '', rotationStatement: null }],
    );
  }

  /**
   * Hands over to `next` (rotate-key; no server may be signing meanwhile): the current key signs the
   * checkpoint of the whole tree, then the rotation statement at that size, which `next` co-signs;
   * the history records the new key. Refused while the check is failing.
   */
  async rotate(next: NoteSigner): Promise<{ size: bigint; rotatedAt: string; statement: string }> {
    const record = this.signed;
    if (record === null) throw new Error('a rotation needs the record of signed checkpoints');
    const size = await this.treeSize();
    await this.checkpoint(size);
    const keys = await record.keys();
    const current = keys.at(-1);
    if (current?.verifierKey !== this.verifierKey) {
      throw new Error('the signing key history does not end with the configured key; nothing was rotated');
    }
    const rotatedAt = this.clock().toISOString();
    const statement = signRotationStatement(this.signer, next, size, rotatedAt);
    await record.appendKey({
      seq: current.seq + 1,
      verifierKey: verifierKeyOf(next),
      fromSize: size,
      since: rotatedAt,
      rotationStatement: statement,
    });
    return { size, rotatedAt, statement };
  }
}
