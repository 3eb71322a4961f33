import { agreementName, proceedingName } from '@kyoyaku/domain';
import type { RecordedEvent } from '@kyoyaku/event-store';
import { type AgreementSummaryDoc, COLLECTIONS, padded } from '../agreement/agreement-read-models';
import type { Projection, ReadModelReader, ReadModelWriter } from '../read-model';

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

/**
 * Signs a checkpoint of the tree at a size (deterministic: Ed25519 over the same root gives the same
 * note). `tx` is the batch being written, where a tree kept as read models is read. Null: nothing
 * is signed now (the integrity check is failing), and no checkpoint is issued for that proceeding.
 */
export type CheckpointSigner = (size: bigint, tx: ReadModelReader) => { root: string; note: string } | null;

/**
 * The tree's size up to and including an event: its position where positions are 1, 2, 3… (the
 * default); on EventStoreDB, its leaf number in the tree the projector builds.
 */
export type TreeSizeAt = (event: RecordedEvent, tx: ReadModelReader) => bigint;

/**
 * A checkpoint after each concluded proceeding — the one the secretariat attaches to the 届出. Kept as
 * a read model: Ed25519 signatures are deterministic and the tree is append-only, so a rebuild issues
 * the very same notes.
 */
export function createCheckpointProjection(
  sign: CheckpointSigner,
  treeSizeAt: TreeSizeAt = (event) => event.position,
): Projection {
  return {
    name: 'ledger-checkpoints',
    apply(event: RecordedEvent, tx: ReadModelWriter): void {
      if (event.type !== 'ProceedingConcluded') return;
      const size = treeSizeAt(event, tx);
      const signed = sign(size, tx);
      if (signed === null) return;
      const { root, note } = signed;
      const proceedingId = typeof event.data.proceedingId === 'string' ? event.data.proceedingId : '';
      tx.put<CheckpointDoc>(CHECKPOINTS_COLLECTION, padded(size), {
        size: size.toString(),
        root,
        note,
        issuedAt: event.metadata.recordedAt,
        reason: concludedProceedingName(event, proceedingId, tx),
      });
    },
  };
}

/**
 * 「青森市と平内町の連携協約 変更手続（令和8年11月20日開始）の締結」, as the screens name them. The
 * agreement projection runs first, so its summary already lists the proceeding (its 告示 and 届出
 * are still to come).
 */
function concludedProceedingName(event: RecordedEvent, proceedingId: string, tx: ReadModelReader): string {
  const agreementId = event.streamId.replace(/^agreement-/, '');
  const summary = tx.get<AgreementSummaryDoc>(COLLECTIONS.summaries, agreementId);
  const proceeding = summary?.openProceedings.find((p) => p.proceedingId === proceedingId);
  if (summary === null || proceeding === undefined)
    return `${event.streamId} の手続「${proceedingId}」の締結`;
  return `${agreementName(summary)} ${proceedingName(proceeding)}の締結`;
}
