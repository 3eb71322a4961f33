import type { EventStore } from '@kyoyaku/event-store';
import {
  exportCheckpointLine,
  exportEventLine,
  leafHash,
  type NoteSigner,
  signCheckpoint,
  type SqliteMerkleLog,
  verifierKeyOf,
  verifyExport,
} from '@kyoyaku/ledger';
import { canonicalEventBytes } from '@kyoyaku/event-store';

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
 * The ledger's integrity services over the store and its Merkle log: checkpoints signed on demand,
 * proofs, the export, and a background re-verification of everything stored (DESIGN.md §9).
 */
export class LedgerIntegrity {
  private state: IntegrityState = { status: 'not-yet-checked' };

  constructor(
    private readonly store: EventStore,
    private readonly log: SqliteMerkleLog,
    private readonly signer: NoteSigner,
    private readonly clock: () => Date,
  ) {}

  get verifierKey(): string {
    return verifierKeyOf(this.signer);
  }

  /** The checkpoint of the tree at `size` (the head by default), signed now (Ed25519 is deterministic). */
  async checkpoint(size?: bigint): Promise<SignedCheckpoint> {
    const at = size ?? (await this.store.headPosition());
    return this.signAt(at);
  }

  /** Synchronous signing at a size the tree already covers (used by the checkpoint projection). */
  signAt(size: bigint): SignedCheckpoint {
    const root = this.log.root(size);
    return {
      origin: this.signer.name,
      size: size.toString(),
      root: root.toString('base64'),
      note: signCheckpoint({ origin: this.signer.name, size, root }, this.signer),
    };
  }

  async inclusion(position: bigint, treeSize: bigint) {
    const [event] = await this.store.readAll({ after: position - 1n, limit: 1 });
    const leaf = event === undefined ? null : leafHash(canonicalEventBytes(event));
    return {
      position: position.toString(),
      treeSize: treeSize.toString(),
      leafIndex: (position - 1n).toString(),
      leafHash: leaf === null ? null : leaf.toString('base64'),
      proof: this.log.inclusionProof(position - 1n, treeSize).map((h) => h.toString('base64')),
      checkpoint: this.signAt(treeSize),
    };
  }

  consistency(from: bigint, to: bigint) {
    return {
      from: from.toString(),
      to: to.toString(),
      proof: this.log.consistencyProof(from, to).map((h) => h.toString('base64')),
      oldRoot: this.log.root(from).toString('base64'),
      newRoot: this.log.root(to).toString('base64'),
      checkpoint: this.signAt(to),
    };
  }

  /** The export: one JSON line per event, in global order, then the signed checkpoint of that size. */
  async *exportLines(): AsyncGenerator<string> {
    const head = await this.store.headPosition();
    let after = 0n;
    while (after < head) {
      const events = await this.store.readAll({ after, limit: EXPORT_PAGE });
      for (const event of events) {
        if (event.position > head) break;
        yield `${exportEventLine(event)}\n`;
        after = event.position;
      }
      if (events.length === 0) break;
    }
    yield `${exportCheckpointLine(this.signAt(head).note)}\n`;
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
    return this.state;
  }

  get integrityState(): IntegrityState {
    return this.state;
  }
}
