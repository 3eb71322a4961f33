import {
  canonicalEventBytes,
  computeEventHash,
  type JsonObject,
  type RecordedEvent,
} from '@kyoyaku/event-store';
import { MemoryMerkleNodes } from '../src/merkle/merkle-tree';
import { generateSignerKey, signCheckpoint, verifierKeyOf } from '../src/note/signed-note';
import { exportCheckpointLine, exportEventLine } from '../src/verify/export-format';

/** The log the export verifier's tests sign for. */
export const TEST_LOG_ORIGIN = 'kyoyaku.example.lg.jp/ledger';

/**
 * A test log with a fresh signing key: the verifier key a reader holds for it, and the checkpoint
 * note it signs over the first `size` of some events (all of them by default).
 */
export function testLog(): {
  signer: string;
  verifierKey: string;
  checkpointOf: (events: readonly RecordedEvent[], size?: number) => string;
} {
  const signer = generateSignerKey('kyoyaku.example.lg.jp');
  return {
    signer,
    verifierKey: verifierKeyOf(signer),
    checkpointOf: (events, size = events.length) => {
      const tree = new MemoryMerkleNodes();
      for (const event of events) tree.append(canonicalEventBytes(event));
      return signCheckpoint(
        { origin: TEST_LOG_ORIGIN, size: BigInt(size), root: tree.root(BigInt(size)) },
        signer,
      );
    },
  };
}

/**
 * `count` events as a gap-free store records them: positions 1…count, each chained to the one before
 * it in its stream and sealed with its hash (covering its position). `eventAt(i)` says the stream,
 * type and data of the i-th (from 0); the secretariat records them all.
 */
export function sealedLedger(
  count: number,
  eventAt: (i: number) => { streamId: string; type: string; data: JsonObject },
): RecordedEvent[] {
  const heads = new Map<string, { revision: bigint; hash: string }>();
  return Array.from({ length: count }, (_, i) => {
    const { streamId, type, data } = eventAt(i);
    const head = heads.get(streamId);
    const unsealed = {
      eventId: `01936f0e-7a00-7000-9000-${(i + 1).toString(16).padStart(12, '0')}`,
      streamId,
      revision: head === undefined ? 0n : head.revision + 1n,
      position: BigInt(i + 1),
      type,
      schemaVersion: 1,
      data,
      metadata: {
        actor: { id: 'secretariat-1', role: 'secretariat' as const },
        correlationId: `c-${i}`,
        source: 'api' as const,
        recordedAt: '2026-11-27T09:00:00.000Z',
      },
      prevHash: head?.hash ?? null,
    };
    const event: RecordedEvent = { ...unsealed, hash: computeEventHash(unsealed) };
    heads.set(streamId, { revision: event.revision, hash: event.hash });
    return event;
  });
}

/** The lines of an export: a line an event (`line` writes it), then the checkpoint's. */
export function exportLines(
  events: readonly RecordedEvent[],
  checkpoint: string,
  line: (event: RecordedEvent) => string = exportEventLine,
): string[] {
  return [...events.map(line), exportCheckpointLine(checkpoint)];
}
