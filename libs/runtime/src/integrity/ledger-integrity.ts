import type { EventStore } from '@kyoyaku/event-store';
import {
  exportCheckpointLine,
  exportEventLine,
  exportWithheldLine,
  leafHash,
  type NoteSigner,
  signCheckpoint,
  verifierKeyOf,
  verifyExport,
} from '@kyoyaku/ledger';
import { canonicalEventBytes, type RecordedEvent } from '@kyoyaku/event-store';

export interface SignedCheckpoint {
  origin: string;
  size: string;
  /** base64 of the RFC 9162 root. */
  root: string;
  note: string;
}

export interface IntegrityState {
  /** Result of the last background re-verification of the stored events and tree. */
  status: 'not-yet-checked' | 'ok' | 'failed';
  checkedAt?: string;
  size?: string;
  problem?: string;
}

const EXPORT_PAGE = 1000;

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
  /** Re-verifications run since start, by result (metrics). */
  readonly checks = { ok: 0, failed: 0 };

  constructor(
    private readonly store: EventStore,
    private readonly log: MerkleLogReader,
    private readonly signer: NoteSigner,
    private readonly clock: () => Date,
  ) {}

  get verifierKey(): string {
    return verifierKeyOf(this.signer);
  }

  /** The checkpoint of the tree at `size` (the whole tree by default), signed now (Ed25519 is deterministic). */
  async checkpoint(size?: bigint): Promise<SignedCheckpoint> {
    const at = size ?? (await this.treeSize());
    return this.sign(at, await this.log.root(at));
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

  /** Signs the tree's root at a size, read beforehand (the checkpoint projection signs synchronously). */
  sign(size: bigint, root: Buffer): SignedCheckpoint {
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
    return {
      from: from.toString(),
      to: to.toString(),
      proof: (await this.log.consistencyProof(from, to)).map((h) => h.toString('base64')),
      oldRoot: (await this.log.root(from)).toString('base64'),
      newRoot: (await this.log.root(to)).toString('base64'),
      checkpoint: await this.checkpoint(to),
    };
  }

  /**
   * The export: one JSON line per event, in global order, then the signed checkpoint of that size:
   * the events the tree covers (counted, as positions need not be 1, 2, 3…). An event `withhold`
   * says the reader may not see is replaced by its stub (position and hashes), which keeps the
   * export verifiable. `pageSize`: events read from the store at a time (an export served to a
   * client that may read slowly holds one page while it waits).
   */
  async *exportLines(
    withhold: (event: RecordedEvent) => boolean | Promise<boolean> = () => false,
    pageSize = EXPORT_PAGE,
  ): AsyncGenerator<string> {
    const size = await this.treeSize();
    let after = 0n;
    let written = 0n;
    while (written < size) {
      const events = await this.store.readAll({ after, limit: pageSize });
      for (const event of events) {
        if (written === size) break;
        yield `${(await withhold(event)) ? exportWithheldLine(event) : exportEventLine(event)}\n`;
        after = event.position;
        written++;
      }
      if (events.length === 0) break;
    }
    yield `${exportCheckpointLine((await this.checkpoint(size)).note)}\n`;
  }

  /** Re-verifies the stored events and tree exactly as an outside verifier would. */
  async reverify(): Promise<IntegrityState> {
    const report = await verifyExport(this.exportLines(), { verifierKey: this.verifierKey });
    this.state = report.ok
      ? { status: 'ok', checkedAt: this.clock().toISOString(), size: report.events.toString() }
      : {
          status: 'failed',
          checkedAt: this.clock().toISOString(),
          problem: `${report.position === null ? '' : `position ${report.position.toString()}: `}${report.problem}`,
        };
    this.checks[report.ok ? 'ok' : 'failed']++;
    return this.state;
  }

  get integrityState(): IntegrityState {
    return this.state;
  }
}
