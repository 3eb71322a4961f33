import type { RecordedEvent } from '@kyoyaku/event-store';
import { padded } from '../agreement/agreement-read-models';
import type { Projection, ReadModelWriter } from '../read-model';

export const CHECKPOINTS_COLLECTION = 'ledger-checkpoints';

export interface CheckpointDoc {
  /** Tree size the checkpoint covers: up to and including the event that triggered it. */
  size: string;
  /** base64 of the RFC 9162 root. */
  root: string;
  /** The signed note. */
  note: string;
  /** When the triggering event was recorded. */
  issuedAt: string;
  reason: string;
}

/** Signs a checkpoint of the tree at a size (deterministic: Ed25519 over the same root gives the same note). */
export type CheckpointSigner = (size: bigint) => { root: string; note: string };

/**
 * A checkpoint after each concluded proceeding — the one the secretariat attaches to the 届出. Kept as
 * a read model: Ed25519 signatures are deterministic and the tree is append-only, so a rebuild issues
 * the very same notes.
 */
export function createCheckpointProjection(sign: CheckpointSigner): Projection {
  return {
    name: 'ledger-checkpoints',
    apply(event: RecordedEvent, tx: ReadModelWriter): void {
      if (event.type !== 'ProceedingConcluded') return;
      const { root, note } = sign(event.position);
      const proceedingId = typeof event.data.proceedingId === 'string' ? event.data.proceedingId : '';
      tx.put<CheckpointDoc>(CHECKPOINTS_COLLECTION, padded(event.position), {
        size: event.position.toString(),
        root,
        note,
        issuedAt: event.metadata.recordedAt,
        reason: `${event.streamId} の手続「${proceedingId}」の締結`,
      });
    },
  };
}
